/* geo/coordfile — reader and writer of the boundary-point coordinate file; see coordfile.h. */
#include "geo/coordfile.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "base/text.h"

#define MAX_FIELDS 16

struct parser {
    const char *name;
    struct geo_coordfile *cf;
    struct ls_err *err;
    int line;
};

static int fail(struct parser *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, const char *field, const char *fmt, ...)
{
    char where[32];
    snprintf(where, sizeof where, "line %d", p->line);
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(p->err, LS_EINVAL, p->name, where, field, fmt, ap);
    va_end(ap);
    return rc;
}

static int warn(struct geo_coordfile *cf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int warn(struct geo_coordfile *cf, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **w = realloc(cf->warnings, (cf->nwarnings + 1) * sizeof *w);
    if (!w)
        return -LS_ENOMEM;
    cf->warnings = w;
    w[cf->nwarnings] = strdup(buf);
    if (!w[cf->nwarnings])
        return -LS_ENOMEM;
    cf->nwarnings++;
    return 0;
}

/* Splits on ',' in place (full-width '，' was normalised before); returns the field count. */
static int split(char *s, char **fields, int max)
{
    int n = 0;
    for (;;) {
        char *c = strchr(s, ',');
        if (n < max)
            fields[n] = ls_text_trim(s);
        n++;
        if (!c)
            break;
        *c = '\0';
        s = c + 1;
    }
    return n;
}

static int parse_double(const char *s, double *v)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return (*end || errno || !isfinite(*v)) ? -1 : 0;
}

static int parse_long(const char *s, long *v)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return (*end || errno) ? -1 : 0;
}

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

static int header_line(struct parser *p, char *line)
{
    char *eq = strchr(line, '=');
    if (!eq)
        return fail(p, NULL, "expected key=value in [属性描述], got \"%.60s\"", line);
    *eq = '\0';
    char *key = ls_text_trim(line), *val = ls_text_trim(eq + 1);
    struct geo_coordfile *cf = p->cf;
    if (!strcmp(key, "格式版本号"))
        copy(cf->version, sizeof cf->version, val);
    else if (!strcmp(key, "数据产生单位"))
        copy(cf->producer, sizeof cf->producer, val);
    else if (!strcmp(key, "数据产生日期"))
        copy(cf->date, sizeof cf->date, val);
    else if (!strcmp(key, "坐标系"))
        copy(cf->crs_name, sizeof cf->crs_name, val);
    else if (!strcmp(key, "投影类型"))
        copy(cf->projection, sizeof cf->projection, val);
    else if (!strcmp(key, "计量单位"))
        copy(cf->unit, sizeof cf->unit, val);
    else if (!strcmp(key, "转换参数"))
        copy(cf->params_text, sizeof cf->params_text, val);
    else if (!strcmp(key, "几度分带")) {
        long w;
        if (parse_long(val, &w) || (w != 3 && w != 6))
            return fail(p, "几度分带", "zone width \"%s\" is neither 3 nor 6", val);
        cf->zone_width = (int)w;
    } else if (!strcmp(key, "带号")) {
        long z;
        if (*val && (parse_long(val, &z) || z <= 0 || z > 60))
            return fail(p, "带号", "zone \"%s\" is not a zone number", val);
        cf->zone = *val ? (int)z : 0;
    } else if (!strcmp(key, "精度")) {
        double d;
        if (*val && (parse_double(val, &d) || d <= 0 || d > 10))
            return fail(p, "精度", "precision \"%s\" is not a positive number of metres", val);
        cf->precision = *val ? d : 0;
    }
    /* other keys are kept by nobody: the format allows producers to add their own */
    return 0;
}

static int decimals_of(const char *s)
{
    const char *dot = strchr(s, '.');
    return dot ? (int)strlen(dot + 1) : 0;
}

struct ring_acc {
    long ring;  /* 圈号 of the ring being read */
    double *xy; /* easting, northing */
    size_t n, cap;
    int first_line;
};

static int acc_push(struct ring_acc *a, double e, double n)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        double *x = realloc(a->xy, cap * 2 * sizeof *x);
        if (!x)
            return -LS_ENOMEM;
        a->xy = x;
        a->cap = cap;
    }
    a->xy[2 * a->n] = e;
    a->xy[2 * a->n + 1] = n;
    a->n++;
    return 0;
}

/*
 * Closes the ring being accumulated: it must repeat its first point and have 3 distinct
 * points. Rings are kept in file order in `rings`; nesting is decided once the parcel ends.
 */
static int finish_ring(struct parser *p, struct geo_parcel *parcel, struct ring_acc *a,
                       struct geo_mpoly *rings)
{
    if (a->n == 0)
        return 0;
    int saved = p->line;
    p->line = a->first_line;
    if (a->n < 4 || a->xy[0] != a->xy[2 * (a->n - 1)] || a->xy[1] != a->xy[2 * (a->n - 1) + 1]) {
        int rc = a->n < 4 ? fail(p, "圈号",
                                 "ring %ld of parcel %s has %zu points; a closed ring needs at "
                                 "least 4 (3 distinct and the first repeated)",
                                 a->ring, parcel->number, a->n)
                          : fail(p, "圈号",
                                 "ring %ld of parcel %s does not close: its last point differs "
                                 "from its first",
                                 a->ring, parcel->number);
        return rc;
    }
    size_t distinct = geo_ring_distinct_points(a->xy, a->n - 1, 3);
    if (distinct < 3)
        return fail(p, "圈号", "ring %ld of parcel %s has fewer than 3 distinct points", a->ring,
                    parcel->number);
    p->line = saved;
    int rc = geo_mpoly_add_ring(rings, rings->npolys, a->xy, a->n, p->err);
    a->n = 0;
    return rc;
}

struct parcel_state {
    struct geo_parcel *parcel;
    struct ring_acc acc;
    struct geo_mpoly rings;
    long points_seen;
};

static int end_parcel(struct parser *p, struct parcel_state *st)
{
    if (!st->parcel)
        return 0;
    int rc = finish_ring(p, st->parcel, &st->acc, &st->rings);
    if (!rc && st->points_seen != st->parcel->declared_points) {
        int saved = p->line;
        p->line = st->parcel->line;
        rc = fail(p, "点数", "parcel %s declares %ld points but %ld point lines follow",
                  st->parcel->number, st->parcel->declared_points, st->points_seen);
        p->line = saved;
    }
    if (!rc && st->rings.npolys == 0) {
        int saved = p->line;
        p->line = st->parcel->line;
        rc = fail(p, "点数", "parcel %s has no points", st->parcel->number);
        p->line = saved;
    }
    if (!rc)
        rc = geo_mpoly_nest(&st->rings, &st->parcel->geom, p->err);
    geo_mpoly_free(&st->rings);
    st->parcel = NULL;
    st->points_seen = 0;
    return rc;
}

static int parcel_line(struct parser *p, struct parcel_state *st, char **f, int nf)
{
    int rc = end_parcel(p, st);
    if (rc)
        return rc;
    if (nf < 9)
        return fail(p, NULL, "a parcel record has 9 fields ending in @, this one has %d", nf);
    struct geo_coordfile *cf = p->cf;
    struct geo_parcel *np = realloc(cf->parcels, (cf->nparcels + 1) * sizeof *np);
    if (!np)
        return ls_err_set(p->err, LS_ENOMEM, p->name, NULL, NULL, "out of memory");
    cf->parcels = np;
    struct geo_parcel *parcel = &np[cf->nparcels++];
    memset(parcel, 0, sizeof *parcel);
    parcel->line = p->line;
    if (parse_long(f[0], &parcel->declared_points) || parcel->declared_points < 4)
        return fail(p, "点数", "point count \"%s\" is not a number of at least 4", f[0]);
    if (*f[1]) {
        if (parse_double(f[1], &parcel->declared_area_ha) || parcel->declared_area_ha < 0)
            return fail(p, "面积", "area \"%s\" is not a number of hectares", f[1]);
        parcel->area_decimals = decimals_of(f[1]);
    } else {
        parcel->declared_area_ha = NAN;
    }
    if (!*f[2])
        return fail(p, "地块编号", "the parcel has no number");
    copy(parcel->number, sizeof parcel->number, f[2]);
    copy(parcel->name, sizeof parcel->name, f[3]);
    copy(parcel->shape, sizeof parcel->shape, f[4]);
    copy(parcel->sheet, sizeof parcel->sheet, f[5]);
    copy(parcel->use, sizeof parcel->use, f[6]);
    copy(parcel->landclass, sizeof parcel->landclass, f[7]);
    if (*parcel->shape && strcmp(parcel->shape, "面"))
        return fail(p, "图形属性", "parcel %s is a \"%s\"; only 面 (polygon) parcels are supported",
                    parcel->number, parcel->shape);
    st->parcel = parcel;
    return 0;
}

static int point_line(struct parser *p, struct parcel_state *st, char **f, int nf)
{
    if (!st->parcel)
        return fail(p, NULL, "a point line before any parcel record (a parcel line ends in @)");
    if (nf != 4)
        return fail(p, NULL, "a point line has 4 fields (点号,圈号,X,Y), this one has %d", nf);
    long ring;
    double x, y;
    if (parse_long(f[1], &ring) || ring < 1)
        return fail(p, "圈号", "ring number \"%s\" is not a positive integer", f[1]);
    if (parse_double(f[2], &x))
        return fail(p, "X", "X \"%s\" is not a number", f[2]);
    if (parse_double(f[3], &y))
        return fail(p, "Y", "Y \"%s\" is not a number", f[3]);
    /* Gauss–Krüger coordinates in China: X is a northing from the equator (0 to 10,000 km
     * covers any latitude north of it), Y an easting of 500 km ± 400 km, optionally prefixed
     * by the zone number (at most 120 zones of 3°). A value outside is a typing or export
     * error, and left in it would make every area and verdict meaningless (1e308 squared
     * overflows) */
    if (x < 0 || x > 1e7)
        return fail(p, "X", "X %s is not a northing in metres (0 to 10,000,000)", f[2]);
    if (y <= 0 || y >= 121e6)
        return fail(p, "Y",
                    "Y %s is not an easting in metres (up to 1,000,000, or with the zone "
                    "number in front)",
                    f[3]);
    st->points_seen++;
    if (st->acc.n && ring != st->acc.ring) {
        int rc = finish_ring(p, st->parcel, &st->acc, &st->rings);
        if (rc)
            return rc;
    }
    if (st->acc.n == 0) {
        st->acc.ring = ring;
        st->acc.first_line = p->line;
    }
    if (acc_push(&st->acc, y, x)) /* stored as easting, northing */
        return ls_err_set(p->err, LS_ENOMEM, p->name, NULL, NULL, "out of memory");
    return 0;
}

/* Replaces full-width commas (U+FF0C, "，") by ASCII ones in place. */
static void normalise_commas(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if ((unsigned char)r[0] == 0xEF && (unsigned char)r[1] == 0xBC &&
            (unsigned char)r[2] == 0x8C) {
            *w++ = ',';
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static int parse_params(struct parser *p, double out[7], int *has)
{
    *has = 0;
    char buf[256];
    copy(buf, sizeof buf, p->cf->params_text);
    char *f[MAX_FIELDS];
    int n = split(buf, f, MAX_FIELDS);
    int filled = 0;
    for (int i = 0; i < n && i < MAX_FIELDS; i++)
        filled += *f[i] != '\0';
    if (!filled)
        return 0;
    if (n < 7 || filled < 7)
        return fail(p, "转换参数", "transformation parameters need 7 values, %d given", filled);
    for (int i = 0; i < 7; i++)
        if (parse_double(f[i], &out[i]))
            return fail(p, "转换参数", "parameter %d \"%s\" is not a number", i + 1, f[i]);
    *has = 1;
    return 0;
}

/* Resolves the CRS from the header and the coordinates, cross-checking the zone prefix. */
static int resolve_crs(struct parser *p, const double *towgs84)
{
    struct geo_coordfile *cf = p->cf;
    p->line = 0;
    if (cf->projection[0] && !strstr(cf->projection, "高斯"))
        return ls_err_set(p->err, LS_EUNSUPP, p->name, "[属性描述]", "投影类型",
                          "projection \"%s\" is not Gauss–Krüger (高斯克吕格)", cf->projection);
    if (cf->unit[0] && strcmp(cf->unit, "米") && strcmp(cf->unit, "m"))
        return ls_err_set(p->err, LS_EUNSUPP, p->name, "[属性描述]", "计量单位",
                          "unit \"%s\" is not metres (米)", cf->unit);
    int width = cf->zone_width ? cf->zone_width : 3;
    double first_y = cf->parcels[0].geom.polys[0].rings[0].xy[0];
    int prefixed = first_y >= 1e6;
    int zone = cf->zone;
    if (prefixed) {
        int pz;
        int rc = geo_crs_zone_from_easting(first_y, width, &pz, p->err);
        if (rc) {
            ls_err_set(p->err, LS_EINVAL, p->name, "[地块坐标]", "Y", "%s", p->err->msg);
            return rc;
        }
        if (zone && zone != pz &&
            warn(cf, "带号=%d but the Y coordinates carry zone %d: using %d", zone, pz, pz))
            return ls_err_set(p->err, LS_ENOMEM, p->name, NULL, NULL, "out of memory");
        zone = pz;
        for (size_t i = 0; i < cf->nparcels; i++) {
            const struct geo_mpoly *m = &cf->parcels[i].geom;
            for (size_t k = 0; k < m->npolys; k++)
                for (size_t r = 0; r < m->polys[k].nrings; r++)
                    for (size_t v = 0; v < m->polys[k].rings[r].n; v++)
                        if (floor(m->polys[k].rings[r].xy[2 * v] / 1e6) != (double)zone)
                            return ls_err_set(
                                p->err, LS_EINVAL, p->name, cf->parcels[i].number, "Y",
                                "point %zu of parcel %s has Y %.3f outside zone %d "
                                "(mixed zones in one file)",
                                v + 1, cf->parcels[i].number, m->polys[k].rings[r].xy[2 * v], zone);
        }
    } else if (!zone) {
        return ls_err_set(p->err, LS_EINVAL, p->name, "[属性描述]", "带号",
                          "unknown zone: the Y coordinates carry no zone prefix and 带号 is empty");
    }
    double params[7];
    int has = 0;
    int rc = parse_params(p, params, &has);
    if (rc)
        return rc;
    enum geo_legacy_datum datum = geo_crs_legacy_datum_of(cf->crs_name);
    const double *tw = towgs84 ? towgs84 : (has ? params : NULL);
    rc = geo_crs_legacy_gk(datum, width, zone, prefixed, datum ? tw : NULL, &cf->crs, p->err);
    if (rc) {
        snprintf(p->err->input, sizeof p->err->input, "%s", p->name);
        snprintf(p->err->where, sizeof p->err->where, "[属性描述]");
        snprintf(p->err->field, sizeof p->err->field, "%s", datum ? "坐标系" : "带号");
    }
    return rc;
}

int geo_coordfile_parse(const char *name, const char *bytes, size_t n, const double *towgs84,
                        struct geo_coordfile **out, struct ls_err *err)
{
    *out = NULL;
    if (n > GEO_COORDFILE_MAX_BYTES)
        return ls_err_set(err, LS_ENOMEM, name, NULL, NULL,
                          "file of %zu bytes is over the %u limit", n, GEO_COORDFILE_MAX_BYTES);
    struct geo_coordfile *cf = calloc(1, sizeof *cf);
    if (!cf)
        return ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "out of memory");
    char *text = NULL;
    if (n >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3)) {
        bytes += 3;
        n -= 3;
    }
    if (memchr(bytes, '\0', n)) {
        free(cf);
        return ls_err_set(err, LS_EINVAL, name, NULL, NULL,
                          "binary data (a NUL byte) in a text file");
    }
    int rc;
    if (ls_text_is_utf8(bytes, n)) {
        copy(cf->encoding, sizeof cf->encoding, "UTF-8");
        text = malloc(n + 1);
        rc = text ? 0 : ls_err_set(err, LS_ENOMEM, name, NULL, NULL, "out of memory");
        if (text) {
            memcpy(text, bytes, n);
            text[n] = '\0';
        }
    } else {
        copy(cf->encoding, sizeof cf->encoding, "GB18030");
        rc = ls_text_to_utf8("GB18030", bytes, n, &text, err);
        if (rc)
            ls_err_set(err, LS_EINVAL, name, NULL, "encoding",
                       "undecodable text: neither UTF-8 nor GBK/GB18030 (%s)", err->msg);
    }
    if (rc) {
        geo_coordfile_free(cf);
        return rc;
    }
    normalise_commas(text);
    struct parser p = { name, cf, err, 0 };
    struct parcel_state st = { 0 };
    enum { NONE, HEADER, COORDS } section = NONE;
    /* memchr on the known remaining length: one pass over the text, whatever strchr costs */
    char *save = text, *text_end = text + strlen(text);
    for (char *line = text; line && !rc; line = save) {
        char *nl = memchr(line, '\n', (size_t)(text_end - line));
        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        p.line++;
        char *l = ls_text_trim(line);
        if (!*l)
            continue;
        if (!strcmp(l, "[属性描述]")) {
            section = HEADER;
        } else if (!strcmp(l, "[地块坐标]")) {
            section = COORDS;
        } else if (section == HEADER) {
            rc = header_line(&p, l);
        } else if (section == COORDS) {
            char *f[MAX_FIELDS];
            int nf = split(l, f, MAX_FIELDS);
            if (nf <= MAX_FIELDS && !strcmp(f[nf - 1], "@"))
                rc = parcel_line(&p, &st, f, nf);
            else
                rc = point_line(&p, &st, f, nf);
        } else {
            rc = fail(&p, NULL, "text before the [属性描述] or [地块坐标] section");
        }
    }
    if (!rc)
        rc = end_parcel(&p, &st);
    geo_mpoly_free(&st.rings);
    free(st.acc.xy);
    free(text);
    if (!rc && cf->nparcels == 0)
        rc = ls_err_set(err, LS_EINVAL, name, NULL, "[地块坐标]", "the file holds no parcel");
    if (!rc)
        rc = resolve_crs(&p, towgs84);
    if (rc) {
        geo_coordfile_free(cf);
        return rc;
    }
    *out = cf;
    return 0;
}

static int read_file(const char *path, char **data, size_t *n, struct ls_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "cannot open: %s", ls_strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
        if (len == cap) {
            if (cap > GEO_COORDFILE_MAX_BYTES) {
                free(buf);
                fclose(f);
                return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "file over the %u-byte limit",
                                  GEO_COORDFILE_MAX_BYTES);
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory reading the file");
    if (bad) {
        free(buf);
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "read error");
    }
    *data = buf;
    *n = len;
    return 0;
}

int geo_coordfile_sniff(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char head[64] = { 0 };
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    /* "[属性描述]" / "[地块坐标]" in UTF-8, or in GBK ("\xca\xf4\xd0\xd4" = 属性,
     * "\xb5\xd8\xbf\xe9" = 地块) */
    return strstr(head, "[属性描述]") || strstr(head, "[地块坐标]") ||
           strstr(head, "[\xca\xf4\xd0\xd4") || strstr(head, "[\xb5\xd8\xbf\xe9");
}

int geo_coordfile_read(const char *path, const double *towgs84, struct geo_coordfile **out,
                       struct ls_err *err)
{
    char *data = NULL;
    size_t n = 0;
    int rc = read_file(path, &data, &n, err);
    if (rc)
        return rc;
    rc = geo_coordfile_parse(path, data, n, towgs84, out, err);
    free(data);
    return rc;
}

void geo_coordfile_free(struct geo_coordfile *cf)
{
    if (!cf)
        return;
    for (size_t i = 0; i < cf->nparcels; i++)
        geo_mpoly_free(&cf->parcels[i].geom);
    free(cf->parcels);
    for (size_t i = 0; i < cf->nwarnings; i++)
        free(cf->warnings[i]);
    free(cf->warnings);
    free(cf);
}

/* --- writer ------------------------------------------------------------------------------- */

static int decimals_for(double precision)
{
    if (!(precision > 0))
        return 3;
    int d = (int)lround(-log10(precision));
    return d < 0 ? 0 : (d > 6 ? 6 : d);
}

int geo_coordfile_write(const char *path, const struct geo_coordfile *cf, const char *encoding,
                        struct ls_err *err)
{
    struct ls_strbuf b = { 0 };
    int d = decimals_for(cf->precision);
    ls_strbuf_printf(&b, "[属性描述]\r\n格式版本号=%s\r\n数据产生单位=%s\r\n数据产生日期=%s\r\n",
                     cf->version[0] ? cf->version : "1.00版本", cf->producer, cf->date);
    ls_strbuf_printf(
        &b, "坐标系=%s\r\n几度分带=%d\r\n投影类型=高斯克吕格\r\n计量单位=米\r\n带号=%d\r\n",
        cf->crs_name[0] ? cf->crs_name : "2000国家大地坐标系", cf->crs.zone_width, cf->crs.zone);
    ls_strbuf_printf(&b, "精度=%s\r\n转换参数=%s\r\n[地块坐标]\r\n", d >= 4 ? "0.0001" : "0.001",
                     cf->params_text[0] ? cf->params_text : ",,,,,,");
    for (size_t i = 0; i < cf->nparcels; i++) {
        const struct geo_parcel *pa = &cf->parcels[i];
        size_t npts = 0;
        for (size_t k = 0; k < pa->geom.npolys; k++)
            for (size_t r = 0; r < pa->geom.polys[k].nrings; r++) {
                const struct geo_ring *ring = &pa->geom.polys[k].rings[r];
                int closed = ring->n > 1 && ring->xy[0] == ring->xy[2 * (ring->n - 1)] &&
                             ring->xy[1] == ring->xy[2 * (ring->n - 1) + 1];
                npts += ring->n + (closed ? 0 : 1);
            }
        ls_strbuf_printf(&b, "%zu,%.4f,%s,%s,面,%s,%s,%s,@\r\n", npts,
                         isnan(pa->declared_area_ha) ? 0.0 : pa->declared_area_ha, pa->number,
                         pa->name, pa->sheet, pa->use, pa->landclass);
        long ring_no = 0;
        for (size_t k = 0; k < pa->geom.npolys; k++)
            for (size_t r = 0; r < pa->geom.polys[k].nrings; r++) {
                const struct geo_ring *ring = &pa->geom.polys[k].rings[r];
                ring_no++;
                int closed = ring->n > 1 && ring->xy[0] == ring->xy[2 * (ring->n - 1)] &&
                             ring->xy[1] == ring->xy[2 * (ring->n - 1) + 1];
                size_t m = closed ? ring->n - 1 : ring->n;
                for (size_t v = 0; v <= m; v++) {
                    size_t src = v == m ? 0 : v;
                    ls_strbuf_printf(&b, "J%zu,%ld,%.*f,%.*f\r\n", src + 1, ring_no, d,
                                     ring->xy[2 * src + 1], d, ring->xy[2 * src]);
                }
            }
    }
    if (b.oom) {
        free(b.s);
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    }
    char *bytes = b.s;
    size_t n = b.n;
    char *converted = NULL;
    if (encoding && strcmp(encoding, "UTF-8")) {
        int rc = ls_text_from_utf8(encoding, b.s, b.n, &converted, err);
        if (rc) {
            free(b.s);
            return ls_err_set(err, LS_EINVAL, path, NULL, "encoding",
                              "text cannot be written in %s: %s", encoding, err->msg);
        }
        bytes = converted;
        n = strlen(converted);
    }
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int rc = 0;
    if (!f) {
        rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    } else {
        size_t w = fwrite(bytes, 1, n, f);
        if (fclose(f) != 0 || w != n)
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "write failed");
        else if (rename(tmp, path) != 0)
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot rename into place: %s",
                            ls_strerror(errno));
        if (rc)
            remove(tmp);
    }
    free(converted);
    free(b.s);
    return rc;
}
