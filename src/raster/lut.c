/* raster/lut — CSV lookup tables and reclassification. */
#include "raster/lut.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"

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

/* Splits a CSV line in place at commas (quotes around a field are dropped). */
static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '"') {
            fields[n++] = ++p;
            char *q = strchr(p, '"');
            if (q) {
                *q = '\0';
                p = q + 1;
            }
            char *c = strchr(p, ',');
            if (!c)
                break;
            p = c + 1;
            continue;
        }
        fields[n++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    for (int i = 0; i < n; i++)
        fields[i] = ls_text_trim(fields[i]);
    return n;
}

int rs_lut_load_csv(const char *path, const char *key_col, const char *value_col,
                    struct rs_lut *lut, struct ls_err *err)
{
    memset(lut, 0, sizeof *lut);
    FILE *f = fopen(path, "r");
    if (!f)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "cannot open the table");
    char line[8192], source[300];
    snprintf(source, sizeof source, "%s:%s", path, value_col);
    char *fields[256];
    int kc = -1, vc = -1, rc = 0;
    long *keys = NULL;
    double *vals = NULL;
    size_t n = 0, cap = 0;
    long lineno = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        lineno++;
        char where[64];
        snprintf(where, sizeof where, "line %ld", lineno);
        line[strcspn(line, "\r\n")] = '\0';
        char *text = line;
        if (lineno == 1 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
            (unsigned char)text[2] == 0xBF)
            text += 3; /* UTF-8 byte-order mark, as spreadsheets write */
        if (!*ls_text_trim(text))
            continue;
        int nf = split_csv(text, fields, 256);
        if (kc < 0) {
            for (int i = 0; i < nf; i++) {
                if (strcasecmp(fields[i], key_col) == 0)
                    kc = i;
                if (strcasecmp(fields[i], value_col) == 0)
                    vc = i;
            }
            if (kc < 0 || vc < 0)
                rc = ls_err_set(err, LS_EINVAL, path, "line 1", kc < 0 ? key_col : value_col,
                                "the header has no column \"%s\"", kc < 0 ? key_col : value_col);
            continue;
        }
        if (kc >= nf || vc >= nf) {
            rc = ls_err_set(err, LS_EINVAL, path, where, NULL, "too few fields");
            break;
        }
        char *end;
        long k = strtol(fields[kc], &end, 10);
        if (end == fields[kc] || *end) {
            rc = ls_err_set(err, LS_EINVAL, path, where, key_col, "class \"%s\" is not an integer",
                            fields[kc]);
            break;
        }
        double v = strtod(fields[vc], &end);
        if (end == fields[vc] || *end || !isfinite(v)) {
            rc = ls_err_set(err, LS_EINVAL, path, where, value_col, "\"%s\" is not a number",
                            fields[vc]);
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            long *nk = realloc(keys, cap * sizeof *nk);
            if (nk)
                keys = nk;
            double *nv = realloc(vals, cap * sizeof *nv);
            if (nv)
                vals = nv;
            if (!nk || !nv) {
                rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
                break;
            }
        }
        keys[n] = k;
        vals[n++] = v;
    }
    fclose(f);
    if (!rc && kc < 0)
        rc = ls_err_set(err, LS_EINVAL, path, NULL, NULL, "the table is empty");
    if (!rc)
        rc = rs_lut_from_arrays(keys, vals, n, source, lut, err);
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
