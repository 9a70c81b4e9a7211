/* base/csv — header-addressed CSV tables. */
#include "base/csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"

/* Splits a line in place at commas outside quotes; a quoted field loses its quotes and
 * "" inside it stands for one quote. */
static int split(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *start = p, *w = p;
        if (*p == '"') {
            p++;
            start = w = p;
            while (*p) {
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p++;
                }
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',')
                p++;
            w = p;
        }
        int last = *p == '\0';
        *w = '\0';
        fields[n++] = ls_text_trim(start);
        if (last)
            break;
        p++;
    }
    return n;
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

#define CSV_MAX_COLS 256

static int add_row(struct ls_csv *t, char **fields, int nf, long lineno, size_t *cap)
{
    if (t->nrows == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        char ***nr = realloc(t->rows, nc * sizeof *nr);
        if (!nr)
            return -1;
        t->rows = nr;
        long *nl = realloc(t->line, nc * sizeof *nl);
        if (!nl)
            return -1;
        t->line = nl;
        *cap = nc;
    }
    char **row = calloc((size_t)t->ncols, sizeof *row);
    if (!row)
        return -1;
    t->rows[t->nrows] = row;
    t->line[t->nrows++] = lineno;
    for (int i = 0; i < t->ncols; i++)
        if (!(row[i] = dup(i < nf ? fields[i] : "")))
            return -1;
    return 0;
}

int ls_csv_read(const char *path, struct ls_csv *t, struct ls_err *err)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s", path);
    FILE *f = fopen(path, "r");
    if (!f)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "cannot open the table");
    char line[16384];
    char *fields[CSV_MAX_COLS];
    long lineno = 0;
    size_t cap = 0;
    int rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strcspn(line, "\r\n");
        if (line[len] == '\0' && !feof(f)) {
            rc = ls_err_set(err, LS_EINVAL, path, NULL, NULL, "line %ld is longer than %zu bytes",
                            lineno, sizeof line - 2);
            break;
        }
        line[len] = '\0';
        char *text = line;
        if (lineno == 1 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
            (unsigned char)text[2] == 0xBF)
            text += 3;
        if (!ls_text_is_utf8(text, strlen(text))) {
            rc = ls_err_set(err, LS_EINVAL, path, NULL, NULL,
                            "line %ld is not UTF-8 (save the table as UTF-8)", lineno);
            break;
        }
        if (!*ls_text_trim(text))
            continue;
        int nf = split(text, fields, CSV_MAX_COLS);
        if (!t->header) {
            t->ncols = nf;
            t->header = calloc((size_t)nf, sizeof *t->header);
            if (!t->header) {
                rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
                break;
            }
            for (int i = 0; i < nf && !rc; i++)
                if (!(t->header[i] = dup(fields[i])))
                    rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
            continue;
        }
        if (nf > t->ncols)
            rc = ls_err_set(err, LS_EINVAL, path, NULL, NULL,
                            "line %ld has %d fields, the header %d", lineno, nf, t->ncols);
        else if (add_row(t, fields, nf, lineno, &cap))
            rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    }
    fclose(f);
    if (!rc && !t->header)
        rc = ls_err_set(err, LS_EINVAL, path, NULL, NULL, "the table is empty");
    if (rc)
        ls_csv_free(t);
    return rc;
}

int ls_csv_col(const struct ls_csv *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcasecmp(t->header[i], name) == 0)
            return i;
    return -1;
}

int ls_csv_need_col(const struct ls_csv *t, const char *name, int *col, struct ls_err *err)
{
    *col = ls_csv_col(t, name);
    if (*col < 0)
        return ls_err_set(err, LS_EINVAL, t->path, "line 1", name,
                          "the header has no column \"%s\"", name);
    return 0;
}

int ls_csv_number(const struct ls_csv *t, size_t row, int col, double *out, struct ls_err *err)
{
    const char *s = t->rows[row][col];
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v)) {
        char where[48];
        snprintf(where, sizeof where, "line %ld", t->line[row]);
        return ls_err_set(err, LS_EINVAL, t->path, where, t->header[col], "\"%s\" is not a number",
                          s);
    }
    *out = v;
    return 0;
}

int ls_csv_integer(const struct ls_csv *t, size_t row, int col, long *out, struct ls_err *err)
{
    const char *s = t->rows[row][col];
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end) {
        char where[48];
        snprintf(where, sizeof where, "line %ld", t->line[row]);
        return ls_err_set(err, LS_EINVAL, t->path, where, t->header[col],
                          "\"%s\" is not an integer", s);
    }
    *out = v;
    return 0;
}

void ls_csv_free(struct ls_csv *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (int i = 0; i < t->ncols; i++)
            free(t->rows[r][i]);
        free(t->rows[r]);
    }
    for (int i = 0; t->header && i < t->ncols; i++)
        free(t->header[i]);
    free(t->rows);
    free(t->line);
    free(t->header);
    memset(t, 0, sizeof *t);
}

void ls_csv_write_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
