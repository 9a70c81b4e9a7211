/*
 * base/date — calendar dates as the ledger and the requests write them: "YYYY-MM-DD".
 */
#ifndef LS_BASE_DATE_H
#define LS_BASE_DATE_H

/* 1 when s is a real calendar date YYYY-MM-DD (leap years counted, year from 1900), else 0. */
int ls_date_valid(const char *s);

/* out = date + days ("YYYY-MM-DD", days may be negative); out[0] = 0 when date is not valid. */
void ls_date_add_days(const char *date, int days, char out[16]);

#endif
