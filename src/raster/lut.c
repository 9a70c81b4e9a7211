/* raster/lut — CSV lookup tables and reclassification. */
#include "raster/lut.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

static int cmp_pair(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

struct pair {
    long key;
    double value;
    long line;
};

int rs_lut_from_arrays(const long *keys, const double *values, size_t n, const char *source,
                       struct rs_lut *lut, struct ls_err *err)
{
    memset(lut, 0, sizeof *lut);
    snprintf(lut->source, sizeof lut->source, "%s", source ? source : "table");
    struct pair *p = calloc(n + 1, sizeof *p);
    lut->keys = calloc(n + 1, sizeof *lut->keys);
    lut->values = calloc(n + 1, sizeof *lut->values);
    if (!p || !lut->keys || !lut->values) {
        free(p);
        rs_lut_free(lut);
        return ls_err_set(err, LS_ENOMEM, source, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        p[i] = (struct pair){ keys[i], values[i], (long)i };
    qsort(p, n, sizeof *p, cmp_pair);
    for (size_t i = 0; i < n; i++) {
        if (i && p[i].key == p[i - 1].key) {
            long k = p[i].key;
            free(p);
            rs_lut_free(lut);
            return ls_err_set(err, LS_EINVAL, source, NULL, NULL, "class %ld appears twice", k);
        }
        lut->keys[i] = p[i].key;
        lut->values[i] = p[i].value;
    }
    lut->n = n;
    free(p);
    return 0;
}

void rs_lut_free(struct rs_lut *lut)
{
    free(lut->keys);
    free(lut->values);
    lut->keys = NULL;
    lut->values = NULL;
    lut->n = 0;
}

int rs_lut_find(const struct rs_lut *lut, long key, double *value)
{
    size_t lo = 0, hi = lut->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lut->keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < lut->n && lut->keys[lo] == key) {
        *value = lut->values[lo];
        return 0;
    }
    return -1;
}

int rs_lut_load_csv(const char *path, const char *key_col, const char *value_col,
                    struct rs_lut *lut, struct ls_err *err)
{
    memset(lut, 0, sizeof *lut);
    struct ls_csv t;
    int rc = ls_csv_read(path, &t, err);
    if (rc)
        return rc;
    int kc = 0, vc = 0;
    long *keys = calloc(t.nrows + 1, sizeof *keys);
    double *vals = calloc(t.nrows + 1, sizeof *vals);
    if (!keys || !vals)
        rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    if (!rc)
        rc = ls_csv_need_col(&t, key_col, &kc, err);
    if (!rc)
        rc = ls_csv_need_col(&t, value_col, &vc, err);
    for (size_t r = 0; !rc && r < t.nrows; r++) {
        rc = ls_csv_integer(&t, r, kc, &keys[r], err);
        if (!rc)
            rc = ls_csv_number(&t, r, vc, &vals[r], err);
    }
    if (!rc) {
        char source[300];
        snprintf(source, sizeof source, "%s:%s", path, value_col);
        rc = rs_lut_from_arrays(keys, vals, t.nrows, source, lut, err);
    }
    ls_csv_free(&t);
    free(keys);
    free(vals);
    return rc;
}

struct reclass_ctx {
    const struct rs_lut *lut;
    const char *input;
};

static int reclass_kernel(const struct rs_block *b, void *vctx, struct ls_err *err)
{
    const struct reclass_ctx *c = vctx;
    size_t n = (size_t)b->nx * (size_t)b->nrows;
    const double *in = b->in[0];
    double *out = b->out[0];
    long last_key = 0;
    double last_val = NAN;
    int have_last = 0;
    for (size_t i = 0; i < n; i++) {
        double v = in[i];
        if (isnan(v)) {
            out[i] = NAN;
            continue;
        }
        long k = (long)v;
        if (have_last && k == last_key) {
            out[i] = last_val;
            continue;
        }
        if ((double)k != v || rs_lut_find(c->lut, k, &last_val) != 0) {
            char where[96];
            snprintf(where, sizeof where, "row %ld column %ld", b->row0 + (long)(i / (size_t)b->nx),
                     (long)(i % (size_t)b->nx));
            return ls_err_set(err, LS_EINVAL, c->input, where, NULL,
                              (double)k != v ? "class %g is not an integer"
                                             : "class %.0f is not in the table %s",
                              v, c->lut->source);
        }
        last_key = k;
        have_last = 1;
        out[i] = last_val;
    }
    return 0;
}

int rs_reclass(struct rs_source *classes, const struct rs_lut *lut, const char *out_path,
               const struct rs_sink_opts *sink_opts, const struct rs_exec_opts *exec,
               struct ls_err *err)
{
    struct reclass_ctx ctx = { lut, classes->path };
    struct rs_job job = { .inputs = classes, .n_in = 1, .kernel = reclass_kernel, .ctx = &ctx };
    return rs_exec_to_file(&job, &classes->grid, out_path, sink_opts, exec, err);
}
