/*
 * base/csv — small comma-separated tables with a header row (parameter tables, statistics,
 * price indices): read whole into memory, fields addressed by column name, each row keeping
 * its line number for error messages. UTF-8 with or without a byte-order mark (spreadsheets
 * write one); a field may be quoted to hold commas. Blank lines are skipped.
 * The caller owns a table and frees it with ls_csv_free.
 */
#ifndef LS_BASE_CSV_H
#define LS_BASE_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "base/err.h"

struct ls_csv {
    char path[512];
    int ncols;
    char **header; /* ncols names */
    size_t nrows;
    char ***rows; /* nrows × ncols fields ("" when a row is short) */
    long *line;   /* source line of each row */
};

int ls_csv_read(const char *path, struct ls_csv *t, struct ls_err *err);

/* Column index by name (case-insensitive), -1 when absent. */
int ls_csv_col(const struct ls_csv *t, const char *name);

/* Same, but an absent column is an error naming it. */
int ls_csv_need_col(const struct ls_csv *t, const char *name, int *col, struct ls_err *err);

/* Parses field (row, col) as a finite number; the error names file, line and column. */
int ls_csv_number(const struct ls_csv *t, size_t row, int col, double *out, struct ls_err *err);
int ls_csv_integer(const struct ls_csv *t, size_t row, int col, long *out, struct ls_err *err);

void ls_csv_free(struct ls_csv *t);

/* Writes one text field to f, quoted (with "" for ") when it holds a comma, quote or newline. */
void ls_csv_write_field(FILE *f, const char *s);

#endif
