/*
 * base/date — calendar dates as the ledger and the requests write them: "YYYY-MM-DD".
 */
#ifndef LS_BASE_DATE_H
#define LS_BASE_DATE_H

/* 1 when s is a real calendar date YYYY-MM-DD (leap years counted, year from 1900), else 0. */
int ls_date_valid(const char *s);

#endif
