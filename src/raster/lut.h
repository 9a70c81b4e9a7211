/*
 * raster/lut — lookup tables from a class code to a parameter (land class → C factor, root
 * depth, price ...), read from a CSV with a header row, and the reclassification kernel.
 * A class missing from the table is an error naming the class and where it was met: a
 * parameter silently taken as zero would corrupt an account.
 * The caller owns a loaded table and frees it with rs_lut_free.
 */
#ifndef LS_RASTER_LUT_H
#define LS_RASTER_LUT_H

#include <stddef.h>

#include "base/err.h"
#include "raster/exec.h"

struct rs_lut {
    long *keys; /* sorted ascending */
    double *values;
    size_t n;
    char source[256]; /* "table.csv:column" for messages */
};

/* Reads column value_col keyed by integer column key_col (names matched case-insensitively). */
int rs_lut_load_csv(const char *path, const char *key_col, const char *value_col,
                    struct rs_lut *lut, struct ls_err *err);
/* Builds a table from arrays (copied). */
int rs_lut_from_arrays(const long *keys, const double *values, size_t n, const char *source,
                       struct rs_lut *lut, struct ls_err *err);
void rs_lut_free(struct rs_lut *lut);

/* 0 and *value when the class is in the table; -1 when it is not. */
int rs_lut_find(const struct rs_lut *lut, long key, double *value);

/* Reclassifies `classes` into a new raster at out_path through the table. */
int rs_reclass(struct rs_source *classes, const struct rs_lut *lut, const char *out_path,
               const struct rs_sink_opts *sink_opts, const struct rs_exec_opts *exec,
               struct ls_err *err);

#endif
