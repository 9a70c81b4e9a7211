/* base/date — see date.h. */
#include "base/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int ls_date_valid(const char *s)
{
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        s[4] != '-' || s[7] != '-')
        return 0;
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] - (m == 2 && !leap);
}

void ls_date_add_days(const char *date, int days, char out[16])
{
    int y, m, d;
    out[0] = 0;
    if (!ls_date_valid(date) || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return;
    /* noon UTC: whole days added never cross a date line, and no time zone is read */
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + days, .tm_hour = 12 };
    time_t t = timegm(&tm);
    struct tm r;
    if (gmtime_r(&t, &r))
        snprintf(out, 16, "%04d-%02d-%02d", r.tm_year + 1900, r.tm_mon + 1, r.tm_mday);
}
