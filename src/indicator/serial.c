/* indicator/serial — see serial.h. */
#include "indicator/serial.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int all_in(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(set, s[i]))
            return 0;
    return 1;
}

#define DIGITS        "0123456789"
#define UPPER         "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define PROJECT_CHARS UPPER "abcdefghijklmnopqrstuvwxyz" DIGITS "_"

/* month lengths: a date must exist (20250230 is refused) */
static int date_ok(const char *d)
{
    if (strlen(d) != 8 || !all_in(d, 8, DIGITS))
        return 0;
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[4] - '0') * 10 + d[5] - '0', dd = (d[6] - '0') * 10 + d[7] - '0';
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1900 && m >= 1 && m <= 12 && dd >= 1 && dd <= len[m - 1] + (m == 2 && leap);
}

static int check(const struct ind_block *b, const char *input, struct ls_err *err)
{
    size_t al = strlen(b->account), pl = strlen(b->project);
    if (al < 2 || al > 3 || !all_in(b->account, al, UPPER))
        return ls_err_set(err, LS_EINVAL, input, NULL, "account",
                          "the account is 2–3 capital letters (CRQ, SHL …), not \"%s\"",
                          b->account);
    if (strlen(b->adcode) != 6 || !all_in(b->adcode, 6, DIGITS))
        return ls_err_set(err, LS_EINVAL, input, NULL, "adcode",
                          "the county is a 6-digit division code, not \"%s\"", b->adcode);
    if (pl < 1 || pl >= IND_PROJECT_MAX || !all_in(b->project, pl, PROJECT_CHARS))
        return ls_err_set(err, LS_EINVAL, input, NULL, "project",
                          "the project number is 1–%d letters, digits or _, not \"%s\"",
                          IND_PROJECT_MAX - 1, b->project);
    if (!date_ok(b->date))
        return ls_err_set(err, LS_EINVAL, input, NULL, "date",
                          "the date is a day that exists, YYYYMMDD, not \"%s\"", b->date);
    if (b->batch < 1 || b->batch > 999999)
        return ls_err_set(err, LS_EINVAL, input, NULL, "batch", "the batch is 1..999999, not %ld",
                          b->batch);
    if (b->start < 1 || b->start > IND_UNITS_MAX)
        return ls_err_set(err, LS_EINVAL, input, NULL, "start",
                          "a block starts at a unit 1..%" PRId64 ", not %" PRId64, IND_UNITS_MAX,
                          b->start);
    if (b->end < b->start || b->end > IND_UNITS_MAX)
        return ls_err_set(err, LS_EINVAL, input, NULL, "end",
                          "a block ends at or after its start (%" PRId64 ") and at most %" PRId64
                          ", not %" PRId64,
                          b->start, IND_UNITS_MAX, b->end);
    return 0;
}

int ind_serial_format(const struct ind_block *b, char *out, size_t size, struct ls_err *err)
{
    int rc = check(b, NULL, err);
    if (rc)
        return rc;
    int n = snprintf(out, size, "LS-%s-%s-%s-%s-%ld-%" PRId64 "-%" PRId64, b->account, b->adcode,
                     b->project, b->date, b->batch, b->start, b->end);
    return n < 0 || (size_t)n >= size ? ls_err_set(err, LS_EINVAL, NULL, NULL, "serial",
                                                   "the serial does not fit %zu bytes", size)
                                      : 0;
}

/* the next '-'-separated part of *p into out (at most size − 1 bytes): 0, or -1 when too long */
static int part(const char **p, char *out, size_t size)
{
    size_t n = strcspn(*p, "-");
    if (n >= size)
        return -1;
    memcpy(out, *p, n);
    out[n] = '\0';
    *p += n + ((*p)[n] == '-');
    return 0;
}

static int number(const char *s, int64_t *v)
{
    if (!*s || strlen(s) > 15 || !all_in(s, strlen(s), DIGITS) || (s[0] == '0' && s[1]))
        return -1;
    *v = (int64_t)strtoll(s, NULL, 10);
    return 0;
}

int ind_serial_parse(const char *s, struct ind_block *b, struct ls_err *err)
{
    memset(b, 0, sizeof *b);
    if (!s || strncmp(s, "LS-", 3) || strlen(s) >= IND_SERIAL_MAX)
        return ls_err_set(err, LS_EINVAL, s, NULL, "serial",
                          "a serial is LS-ACCOUNT-ADCODE-PROJECT-DATE-BATCH-START-END (at most "
                          "%d characters)",
                          IND_SERIAL_MAX - 1);
    const char *p = s + 3;
    int dashes = 0;
    for (const char *q = p; *q; q++)
        dashes += *q == '-';
    char batch[16], start[24], end[24];
    int64_t bv = 0;
    /* exactly seven parts after LS- (six dashes): a missing or an extra part is refused whole */
    int bad = dashes != 6 || part(&p, b->account, sizeof b->account) ||
              part(&p, b->adcode, sizeof b->adcode) || part(&p, b->project, sizeof b->project) ||
              part(&p, b->date, sizeof b->date) || part(&p, batch, sizeof batch) ||
              part(&p, start, sizeof start) || part(&p, end, sizeof end) || *p ||
              s[strlen(s) - 1] == '-';
    if (bad)
        return ls_err_set(err, LS_EINVAL, s, NULL, "serial",
                          "not seven parts LS-ACCOUNT-ADCODE-PROJECT-DATE-BATCH-START-END, each "
                          "within its length");
    if (number(batch, &bv))
        return ls_err_set(err, LS_EINVAL, s, NULL, "batch", "the batch \"%s\" is not a number",
                          batch);
    b->batch = bv > 999999 ? 0 : (long)bv;
    if (number(start, &b->start))
        return ls_err_set(err, LS_EINVAL, s, NULL, "start", "the start \"%s\" is not a number",
                          start);
    if (number(end, &b->end))
        return ls_err_set(err, LS_EINVAL, s, NULL, "end", "the end \"%s\" is not a number", end);
    return check(b, s, err);
}

int64_t ind_block_units(const struct ind_block *b)
{
    return b->end - b->start + 1;
}

int ind_block_cut(const struct ind_block *b, int64_t from, int64_t to, struct ind_block *before,
                  int *has_before, struct ind_block *cut, struct ind_block *after, int *has_after,
                  struct ls_err *err)
{
    *has_before = *has_after = 0;
    if (from < b->start || from > b->end)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "from",
                          "unit %" PRId64 " is not in the block %" PRId64 "–%" PRId64, from,
                          b->start, b->end);
    if (to < from || to > b->end)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "to",
                          "the range ends at %" PRId64 ", outside %" PRId64 "–%" PRId64, to, from,
                          b->end);
    struct ind_block whole = *b; /* b may be one of the outputs */
    *cut = whole;
    cut->start = from;
    cut->end = to;
    if (from > whole.start) {
        *before = whole;
        before->end = from - 1;
        *has_before = 1;
    }
    if (to < whole.end) {
        *after = whole;
        after->start = to + 1;
        *has_after = 1;
    }
    return 0;
}

int ind_block_take(struct ind_block *b, int64_t n, struct ind_block *taken, int *emptied,
                   struct ls_err *err)
{
    *emptied = 0;
    if (n < 1 || n > ind_block_units(b))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "quantity",
                          "%" PRId64 " units asked of a block of %" PRId64, n, ind_block_units(b));
    *taken = *b;
    taken->end = b->start + n - 1;
    if (taken->end == b->end)
        *emptied = 1;
    else
        b->start = taken->end + 1;
    return 0;
}
