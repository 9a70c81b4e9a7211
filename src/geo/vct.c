/* geo/vct — VCT reader (see vct.h); the writer is in vct_write.c. */
#include "geo/vct.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"
#include "geo/vct_internal.h"

/* --- lines of text ------------------------------------------------------------------------ */

struct cursor {
    char **line;
    size_t n, i;
    const char *name;
    struct ls_err *err;
};

/* Next non-blank line, or NULL at the end; cur->i is then the 1-based number of that line. */
static char *next(struct cursor *c)
{
    while (c->i < c->n) {
        char *l = c->line[c->i++];
        if (*l)
            return l;
    }
    return NULL;
}

static int fail(struct cursor *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct cursor *c, const char *field, const char *fmt, ...)
{
    char where[32];
    snprintf(where, sizeof where, "line %zu", c->i);
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(c->err, LS_EINVAL, c->name, where, field, fmt, ap);
    va_end(ap);
    return rc;
}

static int to_i64(const char *s, int64_t *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (end == s || *ls_text_trim(end) || errno)
        return -1;
    *v = x;
    return 0;
}

static int expect_i64(struct cursor *c, const char *field, int64_t *v)
{
    char *l = next(c);
    if (!l)
        return fail(c, field, "file ends where %s was expected", field);
    if (to_i64(l, v))
        return fail(c, field, "%s \"%.40s\" is not an integer", field, l);
    return 0;
}

static int expect_text(struct cursor *c, const char *field, char **out)
{
    *out = next(c);
    if (!*out)
        return fail(c, field, "file ends where %s was expected", field);
    return 0;
}

static int parse_xy(struct cursor *c, const char *l, int swap, double *x, double *y)
{
    char *end;
    double a = strtod(l, &end);
    if (end == l || *end != ',')
        return fail(c, "coordinates", "\"%.40s\" is not x,y", l);
    const char *s = end + 1;
    double b = strtod(s, &end);
    if (end == s || (*ls_text_trim(end) && *end != ',') || !isfinite(a) || !isfinite(b))
        return fail(c, "coordinates", "\"%.40s\" is not x,y", l);
    *x = swap ? b : a;
    *y = swap ? a : b;
    return 0;
}

/* A count read from the file may not exceed the lines left: no huge allocations. */
static int bounded(struct cursor *c, const char *field, int64_t v, int64_t per_line)
{
    if (v < 0 || v > (int64_t)(c->n - c->i + 1) * per_line)
        return fail(c, field, "%s %lld is negative or more than the file holds", field,
                    (long long)v);
    return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * size);
    if (!np)
        return -LS_ENOMEM;
    *p = np;
    *cap = nc;
    return 0;
}

/* --- sections ----------------------------------------------------------------------------- */

static int section_is(const char *l, const char *name, const char *suffix)
{
    size_t k = strlen(name);
    return !strncasecmp(l, name, k) && !strcasecmp(l + k, suffix);
}

static int parse_head(struct cursor *c, struct geo_vct *v)
{
    char *l;
    while ((l = next(c)) != NULL) {
        if (section_is(l, "Head", "End"))
            return 0;
        char *colon = strchr(l, ':');
        if (!colon && (colon = strstr(l, "：")) != NULL)
            *colon = ':', memmove(colon + 1, colon + 3, strlen(colon + 3) + 1);
        if (!colon)
            return fail(c, "Head", "expected key:value, got \"%.40s\"", l);
        *colon = '\0';
        if (grow((void **)&v->head, &v->head_cap, v->nhead + 1, sizeof *v->head))
            return ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
        v->head[v->nhead].key = ls_text_trim(l);
        v->head[v->nhead].value = ls_text_trim(colon + 1);
        v->nhead++;
    }
    return fail(c, "Head", "HeadBegin without HeadEnd");
}

static char *split_next(char **s, char sep)
{
    if (!*s)
        return NULL;
    char *start = *s, *p = strchr(start, sep);
    if (p) {
        *p = '\0';
        *s = p + 1;
    } else {
        *s = NULL;
    }
    return ls_text_trim(start);
}

static int parse_feature_codes(struct cursor *c, struct geo_vct *v)
{
    char *l;
    while ((l = next(c)) != NULL) {
        if (section_is(l, "FeatureCode", "End"))
            return 0;
        char *s = l;
        char *code = split_next(&s, v->sep), *name = split_next(&s, v->sep);
        char *geom = split_next(&s, v->sep), *table = split_next(&s, v->sep);
        if (!code || !name || !geom || !table)
            return fail(c, "FeatureCode", "expected 要素代码,名称,几何类型,属性表名");
        if (grow((void **)&v->layers, &v->layers_cap, v->nlayers + 1, sizeof *v->layers))
            return ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
        struct geo_vct_layer *ly = &v->layers[v->nlayers++];
        memset(ly, 0, sizeof *ly);
        snprintf(ly->code, sizeof ly->code, "%s", code);
        snprintf(ly->name, sizeof ly->name, "%s", name);
        snprintf(ly->geom, sizeof ly->geom, "%s", geom);
        snprintf(ly->table, sizeof ly->table, "%s", table);
    }
    return fail(c, "FeatureCode", "FeatureCodeBegin without FeatureCodeEnd");
}

static struct geo_vct_layer *layer_by_table(struct geo_vct *v, const char *table)
{
    for (size_t i = 0; i < v->nlayers; i++)
        if (!strcasecmp(v->layers[i].table, table))
            return &v->layers[i];
    return NULL;
}

static int parse_tables(struct cursor *c, struct geo_vct *v)
{
    char *l;
    while ((l = next(c)) != NULL) {
        if (section_is(l, "TableStructure", "End"))
            return 0;
        char *s = l;
        char *table = split_next(&s, v->sep), *count = split_next(&s, v->sep);
        int64_t nf;
        if (!table || !count || to_i64(count, &nf))
            return fail(c, "TableStructure", "expected 表名,字段数, got \"%.40s\"", l);
        int rc = bounded(c, "字段数", nf, 1);
        if (rc)
            return rc;
        struct geo_vct_layer *ly = layer_by_table(v, table); /* NULL: annotation, ignored */
        if (ly && ly->fields)
            return fail(c, "TableStructure", "table %s is described twice", table);
        struct geo_vct_field *fields = calloc((size_t)nf + 1, sizeof *fields);
        if (!fields)
            return ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
        for (int64_t f = 0; !rc && f < nf; f++) {
            char *fl = next(c);
            if (!fl) {
                rc = fail(c, "TableStructure", "table %s ends after %lld of %lld fields", table,
                          (long long)f, (long long)nf);
                break;
            }
            char *fs = fl;
            char *fname = split_next(&fs, v->sep), *ftype = split_next(&fs, v->sep);
            char *w = split_next(&fs, v->sep), *p = split_next(&fs, v->sep);
            if (!fname || !*fname || !ftype) {
                rc = fail(c, "TableStructure", "field line \"%.40s\" has no type", fl);
                break;
            }
            struct geo_vct_field *fd = &fields[f];
            snprintf(fd->name, sizeof fd->name, "%s", fname);
            snprintf(fd->type, sizeof fd->type, "%s", ftype);
            fd->width = w ? (int)strtol(w, NULL, 10) : 0; /* only a display hint */
            fd->precision = p ? (int)strtol(p, NULL, 10) : 0;
        }
        char *end = rc ? NULL : next(c);
        if (!rc && (!end || strcmp(end, "0")))
            rc = fail(c, "TableStructure", "table %s: expected the closing 0 after its fields",
                      table);
        if (rc || !ly) {
            free(fields);
            if (rc)
                return rc;
            continue;
        }
        ly->fields = fields;
        ly->nfields = (size_t)nf;
    }
    return fail(c, "TableStructure", "TableStructureBegin without TableStructureEnd");
}

/* Skips an optional "0" record terminator. */
static void skip_zero(struct cursor *c)
{
    size_t save = c->i;
    char *l = next(c);
    if (!l || strcmp(l, "0"))
        c->i = save;
}

/* The four lines every geometry record starts with: BSM, 要素代码, 图形表现编码, 特征类型. */
static int record_head(struct cursor *c, const char *first, const char *what, int64_t *bsm,
                       char **code)
{
    char *style;
    int64_t kind;
    if (to_i64(first, bsm))
        return fail(c, "BSM", "%s record: \"%.40s\" is not a BSM", what, first);
    int rc = expect_text(c, "要素代码", code);
    if (!rc)
        rc = expect_text(c, "图形表现编码", &style);
    if (!rc)
        rc = expect_i64(c, "特征类型", &kind);
    return rc;
}

static int parse_points(struct cursor *c, struct geo_vct *v)
{
    char *l;
    while ((l = next(c)) != NULL) {
        if (section_is(l, "Point", "End"))
            return 0;
        int64_t bsm = 0, count = 0;
        char *code;
        int rc = record_head(c, l, "point", &bsm, &code);
        if (!rc)
            rc = expect_i64(c, "点数", &count);
        if (!rc)
            rc = bounded(c, "点数", count, 1);
        for (int64_t k = 0; !rc && k < count; k++) {
            double x, y;
            char *pl;
            rc = expect_text(c, "coordinates", &pl);
            if (!rc)
                rc = parse_xy(c, pl, v->swap_xy, &x, &y);
        }
        if (rc)
            return rc;
        skip_zero(c);
        v->npoints++;
    }
    return fail(c, "Point", "PointBegin without PointEnd");
}

static int parse_lines(struct cursor *c, struct geo_vct *v)
{
    char *l;
    while ((l = next(c)) != NULL) {
        if (section_is(l, "Line", "End"))
            return 0;
        struct vct_line ln = { 0 };
        int64_t parts = 0;
        char *code;
        int rc = record_head(c, l, "line", &ln.bsm, &code);
        if (!rc)
            rc = expect_i64(c, "线段个数", &parts);
        if (!rc)
            rc = bounded(c, "线段个数", parts, 1);
        size_t cap = 0;
        for (int64_t p = 0; !rc && p < parts; p++) {
            int64_t seg = 0, count = 0;
            rc = expect_i64(c, "线段类型", &seg);
            if (!rc && seg != 11)
                rc = fail(c, "线段类型", "segment type %lld is not supported (only 11, polyline)",
                          (long long)seg);
            if (!rc)
                rc = expect_i64(c, "点数", &count);
            if (!rc)
                rc = bounded(c, "点数", count, 1);
            if (!rc && grow((void **)&ln.xy, &cap, 2 * (ln.n + (size_t)count), sizeof *ln.xy))
                rc = ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
            for (int64_t k = 0; !rc && k < count; k++) {
                char *pl;
                rc = expect_text(c, "coordinates", &pl);
                if (!rc)
                    rc = parse_xy(c, pl, v->swap_xy, &ln.xy[2 * ln.n], &ln.xy[2 * ln.n + 1]);
                if (!rc)
                    ln.n++;
            }
        }
        if (!rc && grow((void **)&v->lines, &v->lines_cap, v->nlines + 1, sizeof *v->lines))
            rc = ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
        if (rc) {
            free(ln.xy);
            return rc;
        }
        v->lines[v->nlines++] = ln;
        skip_zero(c);
    }
    return fail(c, "Line", "LineBegin without LineEnd");
}

static int parse_polygons(struct cursor *c, struct geo_vct *v)
{
    char *l;
    while ((l = next(c)) != NULL) {
        if (section_is(l, "Polygon", "End"))
            return 0;
        struct vct_polygon pg = { 0 };
        int64_t build = 0, count = 0;
        char *code, *label;
        pg.line = c->i;
        int rc = record_head(c, l, "polygon", &pg.bsm, &code);
        if (!rc)
            snprintf(pg.code, sizeof pg.code, "%s", code);
        if (!rc)
            rc = expect_text(c, "标识点", &label);
        double lx, ly;
        if (!rc)
            rc = parse_xy(c, label, v->swap_xy, &lx, &ly);
        if (!rc)
            rc = expect_i64(c, "构成类型", &build);
        if (!rc && build != 21)
            rc = fail(c, "构成类型",
                      "polygon construction type %lld is not supported (only 21, "
                      "by line references)",
                      (long long)build);
        if (!rc)
            rc = expect_i64(c, "对象个数", &count);
        if (!rc)
            rc = bounded(c, "对象个数", count, 64);
        if (!rc && !(pg.refs = malloc((size_t)(count ? count : 1) * sizeof *pg.refs)))
            rc = ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
        while (!rc && pg.nrefs < (size_t)count) {
            char *rl = next(c);
            if (!rl) {
                rc = fail(c, "对象个数", "polygon %lld ends after %zu of %lld line references",
                          (long long)pg.bsm, pg.nrefs, (long long)count);
                break;
            }
            char *s = rl, *tok;
            while (!rc && (tok = split_next(&s, v->sep)) != NULL) {
                if (!*tok)
                    continue;
                if (pg.nrefs == (size_t)count)
                    rc = fail(c, "对象个数", "polygon %lld lists more than %lld references",
                              (long long)pg.bsm, (long long)count);
                else if (to_i64(tok, &pg.refs[pg.nrefs]))
                    rc = fail(c, "对象个数", "\"%.20s\" is not a line reference", tok);
                else
                    pg.nrefs++;
            }
        }
        if (!rc &&
            grow((void **)&v->polygons, &v->polygons_cap, v->npolygons + 1, sizeof *v->polygons))
            rc = ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
        if (rc) {
            free(pg.refs);
            return rc;
        }
        v->polygons[v->npolygons++] = pg;
        skip_zero(c);
    }
    return fail(c, "Polygon", "PolygonBegin without PolygonEnd");
}

static int parse_attributes(struct cursor *c, struct geo_vct *v)
{
    char *l;
    struct geo_vct_layer *ly = NULL;
    size_t li = 0;
    while ((l = next(c)) != NULL) {
        if (section_is(l, "Attribute", "End"))
            return 0;
        if (!ly) {
            ly = layer_by_table(v, l);
            if (!ly)
                return fail(c, "Attribute", "table \"%.40s\" is not declared in FeatureCode", l);
            li = (size_t)(ly - v->layers);
            continue;
        }
        if (!strcasecmp(l, "TableEnd")) {
            ly = NULL;
            continue;
        }
        struct vct_record r = { 0 };
        r.layer = li;
        r.values = calloc(ly->nfields + 1, sizeof *r.values);
        if (!r.values)
            return ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
        char *s = l, *key = split_next(&s, v->sep);
        int rc = (!key || to_i64(key, &r.bsm))
                     ? fail(c, "BSM", "attribute record does not start with an object number")
                     : 0;
        size_t k = 0;
        char *tok;
        while (!rc && (tok = split_next(&s, v->sep)) != NULL) {
            if (k == ly->nfields)
                rc = fail(c, ly->table, "record %lld has more values than the %zu fields",
                          (long long)r.bsm, ly->nfields);
            else
                r.values[k++] = tok;
        }
        if (!rc && k != ly->nfields)
            rc = fail(c, ly->table, "record %lld has %zu values for %zu fields", (long long)r.bsm,
                      k, ly->nfields);
        if (!rc && grow((void **)&v->records, &v->records_cap, v->nrecords + 1, sizeof *v->records))
            rc = ls_err_set(c->err, LS_ENOMEM, c->name, NULL, NULL, "out of memory");
        if (rc) {
            free(r.values);
            return rc;
        }
        v->records[v->nrecords++] = r;
    }
    return fail(c, "Attribute", "AttributeBegin without AttributeEnd");
}

static int skip_section(struct cursor *c, const char *name)
{
    char *l;
    while ((l = next(c)) != NULL)
        if (section_is(l, name, "End"))
            return 0;
    return fail(c, name, "%sBegin without %sEnd", name, name);
}

static int cmp_line(const void *a, const void *b)
{
    int64_t x = ((const struct vct_line *)a)->bsm, y = ((const struct vct_line *)b)->bsm;
    return (x > y) - (x < y);
}

static int cmp_record(const void *a, const void *b)
{
    const struct vct_record *x = a, *y = b;
    if (x->layer != y->layer)
        return x->layer < y->layer ? -1 : 1;
    return (x->bsm > y->bsm) - (x->bsm < y->bsm);
}

const char *geo_vct_head(const struct geo_vct *v, const char *key)
{
    for (size_t i = 0; i < v->nhead; i++)
        if (!strcasecmp(v->head[i].key, key))
            return v->head[i].value;
    return NULL;
}

static int parse_sections(struct cursor *c, struct geo_vct *v)
{
    char *l;
    int seen_head = 0, rc = 0;
    while (!rc && (l = next(c)) != NULL) {
        if (section_is(l, "Head", "Begin")) {
            rc = parse_head(c, v);
            seen_head = 1;
            const char *sep = geo_vct_head(v, "Separator");
            v->sep = sep && *sep ? sep[0] : ',';
            const char *xd = geo_vct_head(v, "XAxisDirection");
            v->swap_xy = xd && (xd[0] == 'N' || xd[0] == 'n');
        } else if (!seen_head) {
            rc = fail(c, "Head", "a VCT file starts with HeadBegin");
        } else if (section_is(l, "FeatureCode", "Begin")) {
            rc = parse_feature_codes(c, v);
        } else if (section_is(l, "TableStructure", "Begin")) {
            rc = parse_tables(c, v);
        } else if (section_is(l, "Point", "Begin")) {
            rc = parse_points(c, v);
        } else if (section_is(l, "Line", "Begin")) {
            rc = parse_lines(c, v);
        } else if (section_is(l, "Polygon", "Begin")) {
            rc = parse_polygons(c, v);
        } else if (section_is(l, "Attribute", "Begin")) {
            rc = parse_attributes(c, v);
        } else if (strlen(l) > 5 && !strcasecmp(l + strlen(l) - 5, "Begin")) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(strlen(l) - 5), l);
            rc = skip_section(c, name); /* Annotation, Topology, Style...: not needed here */
        } else {
            rc = fail(c, NULL, "unexpected \"%.40s\" between sections", l);
        }
    }
    if (!rc && !seen_head)
        rc = ls_err_set(c->err, LS_EINVAL, c->name, NULL, "Head", "no HeadBegin: not a VCT file");
    return rc;
}

int geo_vct_parse(const char *name, const char *bytes, size_t n, struct geo_vct **out,
                  struct ls_err *err)
{
    *out = NULL;
    if (n > GEO_VCT_MAX_BYTES)
        return ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "over the %u-byte limit",
                          GEO_VCT_MAX_BYTES);
    if (memchr(bytes, '\0', n))
        return ls_err_set(err, LS_EINVAL, name, NULL, NULL, "binary data (a NUL byte)");
    struct geo_vct *v = calloc(1, sizeof *v);
    if (!v)
        return ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "out of memory");
    if (n >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3)) {
        bytes += 3;
        n -= 3;
    }
    int rc = 0;
    if (ls_text_is_utf8(bytes, n)) {
        snprintf(v->encoding, sizeof v->encoding, "UTF-8");
        v->text = malloc(n + 1);
        if (v->text) {
            memcpy(v->text, bytes, n);
            v->text[n] = '\0';
        } else {
            rc = ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "out of memory");
        }
    } else {
        snprintf(v->encoding, sizeof v->encoding, "GB18030");
        rc = ls_text_to_utf8("GB18030", bytes, n, &v->text, err);
        if (rc)
            ls_err_set(err, LS_EINVAL, name, NULL, "encoding",
                       "undecodable text: neither UTF-8 nor GBK/GB18030 (%s)", err->msg);
    }
    size_t nl = 0;
    for (const char *p = v->text; !rc && *p; p++)
        nl += *p == '\n';
    if (!rc && !(v->lines_text = malloc((nl + 2) * sizeof *v->lines_text)))
        rc = ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "out of memory");
    struct cursor c = { v->lines_text, 0, 0, name, err };
    if (!rc) {
        char *end = v->text + strlen(v->text);
        for (char *p = v->text;;) {
            /* memchr on the known remaining length keeps the split linear */
            char *e = memchr(p, '\n', (size_t)(end - p));
            if (e)
                *e = '\0';
            v->lines_text[c.n++] = ls_text_trim(p);
            if (!e)
                break;
            p = e + 1;
        }
        rc = parse_sections(&c, v);
    }
    if (!rc) {
        if (v->nlines) /* qsort and bsearch take no NULL array, even when empty */
            qsort(v->lines, v->nlines, sizeof *v->lines, cmp_line);
        if (v->nrecords)
            qsort(v->records, v->nrecords, sizeof *v->records, cmp_record);
        for (size_t i = 1; i < v->nlines && !rc; i++)
            if (v->lines[i].bsm == v->lines[i - 1].bsm)
                rc = ls_err_set(err, LS_EINVAL, name, "Line", "BSM",
                                "two line records share BSM %lld", (long long)v->lines[i].bsm);
    }
    if (rc) {
        geo_vct_free(v);
        return rc;
    }
    *out = v;
    return 0;
}

void geo_vct_free(struct geo_vct *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nlayers; i++)
        free(v->layers[i].fields);
    for (size_t i = 0; i < v->nlines; i++)
        free(v->lines[i].xy);
    for (size_t i = 0; i < v->npolygons; i++)
        free(v->polygons[i].refs);
    for (size_t i = 0; i < v->nrecords; i++)
        free(v->records[i].values);
    free(v->layers);
    free(v->lines);
    free(v->polygons);
    free(v->records);
    free(v->head);
    free(v->lines_text);
    free(v->text);
    free(v);
}

int geo_vct_read(const char *path, struct geo_vct **out, struct ls_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "cannot open: %s", ls_strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot seek");
    }
    long size = ftell(f);
    rewind(f);
    if (size < 0 || (unsigned long)size > GEO_VCT_MAX_BYTES) {
        fclose(f);
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "file size over the %u-byte limit",
                          GEO_VCT_MAX_BYTES);
    }
    char *buf = malloc((size_t)size + 1);
    size_t got = buf ? fread(buf, 1, (size_t)size, f) : 0;
    fclose(f);
    if (!buf)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    if (got != (size_t)size) {
        free(buf);
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "read error");
    }
    int rc = geo_vct_parse(path, buf, got, out, err);
    free(buf);
    return rc;
}

const char *geo_vct_encoding(const struct geo_vct *v)
{
    return v->encoding;
}

size_t geo_vct_layer_count(const struct geo_vct *v)
{
    return v->nlayers;
}

const struct geo_vct_layer *geo_vct_layer(const struct geo_vct *v, size_t i)
{
    return i < v->nlayers ? &v->layers[i] : NULL;
}

const struct geo_vct_layer *geo_vct_find_layer(const struct geo_vct *v, const char *name)
{
    for (size_t i = 0; i < v->nlayers; i++)
        if (!strcasecmp(v->layers[i].table, name) || !strcmp(v->layers[i].name, name) ||
            !strcmp(v->layers[i].code, name))
            return &v->layers[i];
    return NULL;
}

int geo_vct_crs(const struct geo_vct *v, struct geo_crs *crs, struct ls_err *err)
{
    const char *sph = geo_vct_head(v, "Spheroid"), *par = geo_vct_head(v, "Parameters");
    const char *type = geo_vct_head(v, "CoordinateSystemType");
    enum geo_legacy_datum d = GEO_DATUM_CGCS2000;
    if (sph && (strstr(sph, "Xian") || strstr(sph, "IAG") || strstr(sph, "6378140") ||
                strstr(sph, "西安") || strstr(sph, "1980")))
        d = GEO_DATUM_XIAN80;
    else if (sph && (strstr(sph, "Krasov") || strstr(sph, "Beijing") || strstr(sph, "6378245") ||
                     strstr(sph, "北京") || strstr(sph, "1954")))
        d = GEO_DATUM_BJ54;
    if (type && (type[0] == 'D' || type[0] == 'd')) {
        if (d != GEO_DATUM_CGCS2000)
            return geo_crs_parse(d == GEO_DATUM_XIAN80 ? "Xian 1980" : "Beijing 1954", crs, err);
        return geo_crs_from_epsg(4490, crs, err);
    }
    double p[6] = { 0 };
    int k = 0;
    for (const char *s = par; s && *s && k < 6; k++) {
        char *end;
        p[k] = strtod(s, &end);
        if (end == s)
            break;
        s = *end == ',' ? end + 1 : end;
    }
    if (k < 3)
        return ls_err_set(err, LS_EINVAL, v->lines_text ? "VCT" : NULL, "Head", "Parameters",
                          "projection parameters \"%s\" do not give the central meridian and "
                          "false easting",
                          par ? par : "");
    double cm = p[0], fe = p[2];
    if (!(cm > 60 && cm < 150) || !(fe >= 0 && fe < 1e8))
        return ls_err_set(err, LS_EINVAL, "VCT", "Head", "Parameters",
                          "central meridian %g / false easting %g are not those of a Chinese "
                          "Gauss–Krüger zone",
                          cm, fe);
    int width = k >= 5 && p[4] == 6.0 ? 6 : 3;
    int zone = width == 3 ? (int)lround(cm / 3.0) : (int)lround((cm + 3.0) / 6.0);
    int prefixed = fe >= 1e6;
    if (d != GEO_DATUM_CGCS2000)
        return geo_crs_legacy_gk(d, width, zone, prefixed, NULL, crs, err);
    return geo_crs_gk(width, zone, prefixed, crs, err);
}

/* --- polygons ----------------------------------------------------------------------------- */

size_t geo_vct_polygon_count(const struct geo_vct *v, const struct geo_vct_layer *layer)
{
    size_t n = 0;
    for (size_t i = 0; i < v->npolygons; i++)
        n += !strcmp(v->polygons[i].code, layer->code);
    return n;
}

static const struct vct_line *find_line(const struct geo_vct *v, int64_t bsm)
{
    struct vct_line key = { .bsm = bsm };
    return v->nlines ? bsearch(&key, v->lines, v->nlines, sizeof *v->lines, cmp_line) : NULL;
}

static const struct vct_record *find_record(const struct geo_vct *v, size_t layer, int64_t bsm)
{
    struct vct_record key = { .layer = layer, .bsm = bsm };
    return v->nrecords ? bsearch(&key, v->records, v->nrecords, sizeof *v->records, cmp_record)
                       : NULL;
}

static int append_line(double **xy, size_t *n, size_t *cap, const struct vct_line *ln, int rev)
{
    for (size_t k = 0; k < ln->n; k++) {
        size_t s = rev ? ln->n - 1 - k : k;
        double x = ln->xy[2 * s], y = ln->xy[2 * s + 1];
        if (*n && (*xy)[2 * (*n - 1)] == x && (*xy)[2 * (*n - 1) + 1] == y)
            continue; /* the joint between two lines */
        if (grow((void **)xy, cap, 2 * (*n + 1), sizeof **xy))
            return -LS_ENOMEM;
        (*xy)[2 * *n] = x;
        (*xy)[2 * *n + 1] = y;
        (*n)++;
    }
    return 0;
}

static int close_ring(const char *name, const struct vct_polygon *pg, int ring, double *xy,
                      size_t n, struct geo_mpoly *rings, struct ls_err *err)
{
    char where[64];
    snprintf(where, sizeof where, "polygon %lld (line %zu)", (long long)pg->bsm, pg->line);
    if (n < 4 || xy[0] != xy[2 * (n - 1)] || xy[1] != xy[2 * (n - 1) + 1])
        return ls_err_set(err, LS_EINVAL, name, where, "对象个数",
                          n < 4 ? "ring %d has %zu points; a ring needs at least 4"
                                : "ring %d does not close: its lines do not end where they start",
                          ring, n);
    return geo_mpoly_add_ring(rings, rings->npolys, xy, n, err);
}

int geo_vct_polygons(const struct geo_vct *v, const struct geo_vct_layer *layer,
                     geo_vct_polygon_fn fn, void *ctx, struct ls_err *err)
{
    size_t li = (size_t)(layer - v->layers);
    const char **values = calloc(layer->nfields + 1, sizeof *values);
    if (!values)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    double *xy = NULL;
    size_t cap = 0;
    int rc = 0;
    for (size_t i = 0; i < v->npolygons && !rc; i++) {
        const struct vct_polygon *pg = &v->polygons[i];
        if (strcmp(pg->code, layer->code))
            continue;
        struct geo_mpoly rings = { 0 }, m = { 0 };
        size_t n = 0;
        int ring = 1;
        for (size_t r = 0; r < pg->nrefs && !rc; r++) {
            if (pg->refs[r] == 0) {
                if (n)
                    rc = close_ring("VCT", pg, ring++, xy, n, &rings, err);
                n = 0;
                continue;
            }
            const struct vct_line *ln = find_line(v, pg->refs[r] < 0 ? -pg->refs[r] : pg->refs[r]);
            if (!ln) {
                char where[64];
                snprintf(where, sizeof where, "polygon %lld (line %zu)", (long long)pg->bsm,
                         pg->line);
                rc = ls_err_set(err, LS_EINVAL, "VCT", where, "对象个数",
                                "references line %lld, which the file does not hold",
                                (long long)pg->refs[r]);
            } else if (append_line(&xy, &n, &cap, ln, pg->refs[r] < 0)) {
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            }
        }
        if (!rc && n)
            rc = close_ring("VCT", pg, ring, xy, n, &rings, err);
        if (!rc && rings.npolys == 0) {
            char where[64];
            snprintf(where, sizeof where, "polygon %lld (line %zu)", (long long)pg->bsm, pg->line);
            rc = ls_err_set(err, LS_EINVAL, "VCT", where, "对象个数", "the polygon has no ring");
        }
        if (!rc)
            rc = geo_mpoly_nest(&rings, &m, err);
        if (!rc) {
            const struct vct_record *rec = find_record(v, li, pg->bsm);
            for (size_t f = 0; f < layer->nfields; f++)
                values[f] = rec ? rec->values[f] : NULL;
            rc = fn(ctx, pg->bsm, &m, values, err);
        }
        geo_mpoly_free(&rings);
        geo_mpoly_free(&m);
    }
    free(xy);
    free(values);
    return rc;
}

const struct geo_vct_layer *geo_vct_polygon_layer(const struct geo_vct *v, const char *path,
                                                  const char *layer, struct ls_err *err)
{
    if (layer) {
        const struct geo_vct_layer *l = geo_vct_find_layer(v, layer);
        if (!l)
            ls_err_set(err, LS_ENOENT, path, NULL, "layer", "no layer \"%s\" in the file", layer);
        return l;
    }
    for (size_t i = 0; i < geo_vct_layer_count(v); i++) {
        const struct geo_vct_layer *l = geo_vct_layer(v, i);
        if (!strcasecmp(l->geom, "Polygon") && geo_vct_polygon_count(v, l) > 0)
            return l;
    }
    ls_err_set(err, LS_ENOENT, path, NULL, "layer", "the file holds no polygon layer");
    return NULL;
}
