/*
 * geo/geojson — GEOS ↔ GeoJSON text in EPSG:4326 (geojson.h).
 */
#include "geo/geojson.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

static void append(struct ls_strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *s2 = realloc(b->s, cap);
        if (!s2) {
            b->oom = 1;
            return;
        }
        b->s = s2;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void append_str(struct ls_strbuf *b, const char *s)
{
    append(b, s, strlen(s));
}

void geo_geojson_coord(struct ls_strbuf *b, double v)
{
    char buf[40], *p = buf + sizeof buf;
    if (!isfinite(v) || fabs(v) > 1e11) {
        append(b, "0", 1);
        return;
    }
    int neg = v < 0;
    long long q = llround(fabs(v) * 1e7);
    neg = neg && q != 0;
    for (int i = 0; i < 7; i++) {
        *--p = (char)('0' + q % 10);
        q /= 10;
    }
    *--p = '.';
    do {
        *--p = (char)('0' + q % 10);
        q /= 10;
    } while (q);
    if (neg)
        *--p = '-';
    append(b, p, (size_t)(buf + sizeof buf - p));
}

/* [[x,y],…]; "[]" when x is NULL (a failed transform: the caller writes null instead) */
static void print_points(struct ls_strbuf *b, const double *x, const double *y, size_t n)
{
    append(b, "[", 1);
    for (size_t i = 0; x && i < n; i++) {
        append(b, i ? ",[" : "[", i ? 2 : 1);
        geo_geojson_coord(b, x[i]);
        append(b, ",", 1);
        geo_geojson_coord(b, y[i]);
        append(b, "]", 1);
    }
    append(b, "]", 1);
}

/* A ring's or line's coordinates: on the stack when short, else on the heap. */
struct xy {
    double sx[256], sy[256];
    double *x, *y;
};

static int xy_alloc(struct xy *p, size_t n)
{
    p->x = n <= 256 ? p->sx : malloc(n * sizeof *p->x);
    p->y = n <= 256 ? p->sy : malloc(n * sizeof *p->y);
    return p->x && p->y ? 0 : -1;
}

/* Transforms the n points (unless rc says reading failed), prints them, frees them. */
static int xy_emit(struct xy *p, size_t n, int rc, OGRCoordinateTransformationH ct,
                   struct ls_strbuf *b)
{
    if (!rc && n && !OCTTransform(ct, (int)n, p->x, p->y, NULL))
        rc = -1;
    print_points(b, rc ? NULL : p->x, rc ? NULL : p->y, n);
    if (p->x != p->sx)
        free(p->x);
    if (p->y != p->sy)
        free(p->y);
    return rc;
}

/* [[x,y],…] of one coordinate sequence */
static int ring(GEOSContextHandle_t h, const GEOSGeometry *g, OGRCoordinateTransformationH ct,
                struct ls_strbuf *b)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return -1;
    struct xy p;
    int rc = xy_alloc(&p, n);
    for (unsigned int i = 0; !rc && i < n; i++)
        if (!GEOSCoordSeq_getXY_r(h, cs, i, &p.x[i], &p.y[i]))
            rc = -1;
    return xy_emit(&p, n, rc, ct, b);
}

static int polygon(GEOSContextHandle_t h, const GEOSGeometry *g, OGRCoordinateTransformationH ct,
                   struct ls_strbuf *b)
{
    const GEOSGeometry *ext = GEOSGetExteriorRing_r(h, g);
    int nh = GEOSGetNumInteriorRings_r(h, g);
    if (!ext || nh < 0)
        return -1;
    append(b, "[", 1);
    int rc = ring(h, ext, ct, b);
    for (int i = 0; !rc && i < nh; i++) {
        append(b, ",", 1);
        rc = ring(h, GEOSGetInteriorRingN_r(h, g, i), ct, b);
    }
    append(b, "]", 1);
    return rc;
}

/* The polygons (or lines) of a collection flattened into one multi geometry. */
static int collect(GEOSContextHandle_t h, const GEOSGeometry *g, int want,
                   OGRCoordinateTransformationH ct, struct ls_strbuf *b, int *first)
{
    int t = GEOSGeomTypeId_r(h, g);
    if (t == want) {
        if (!*first)
            append(b, ",", 1);
        *first = 0;
        return want == GEOS_POLYGON ? polygon(h, g, ct, b) : ring(h, g, ct, b);
    }
    if (t == GEOS_MULTIPOLYGON || t == GEOS_MULTILINESTRING || t == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++)
            if (collect(h, GEOSGetGeometryN_r(h, g, i), want, ct, b, first))
                return -1;
    }
    return 0;
}

/* The highest dimension present: polygons, else lines, else points. */
static int dimension(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(h, g);
    if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON)
        return 2;
    if (t == GEOS_LINESTRING || t == GEOS_MULTILINESTRING || t == GEOS_LINEARRING)
        return 1;
    if (t == GEOS_GEOMETRYCOLLECTION) {
        int d = 0, n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++) {
            int k = dimension(h, GEOSGetGeometryN_r(h, g, i));
            d = k > d ? k : d;
        }
        return d;
    }
    return 0;
}

void geo_geojson_write(GEOSContextHandle_t h, const GEOSGeometry *g,
                       OGRCoordinateTransformationH to_wgs84, struct ls_strbuf *b)
{
    size_t mark = b->n;
    int rc = -1, first = 1;
    if (g && !GEOSisEmpty_r(h, g)) {
        int d = dimension(h, g);
        if (d == 2) {
            append_str(b, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
            rc = collect(h, g, GEOS_POLYGON, to_wgs84, b, &first);
        } else if (d == 1) {
            append_str(b, "{\"type\":\"MultiLineString\",\"coordinates\":[");
            rc = collect(h, g, GEOS_LINESTRING, to_wgs84, b, &first);
        }
        append(b, "]}", 2);
    }
    if (rc && !b->oom) {
        b->n = mark;
        append(b, "null", 4);
    }
}

/* [[x,y],…] of an OGR curve (ring or line) */
static int ogr_points(OGRGeometryH g, OGRCoordinateTransformationH ct, struct ls_strbuf *b)
{
    size_t n = (size_t)OGR_G_GetPointCount(g);
    struct xy p;
    int rc = xy_alloc(&p, n);
    if (!rc && n)
        OGR_G_GetPoints(g, p.x, sizeof(double), p.y, sizeof(double), NULL, 0);
    return xy_emit(&p, n, rc, ct, b);
}

static int ogr_polygon(OGRGeometryH g, OGRCoordinateTransformationH ct, struct ls_strbuf *b)
{
    int rc = 0, n = OGR_G_GetGeometryCount(g);
    append(b, "[", 1);
    for (int i = 0; !rc && i < n; i++) {
        if (i)
            append(b, ",", 1);
        rc = ogr_points(OGR_G_GetGeometryRef(g, i), ct, b);
    }
    append(b, "]", 1);
    return rc;
}

void geo_geojson_write_ogr(void *ogr_geometry, OGRCoordinateTransformationH to_wgs84,
                           struct ls_strbuf *b)
{
    OGRGeometryH g = ogr_geometry;
    size_t mark = b->n;
    int rc = -1;
    OGRwkbGeometryType t = g ? OGR_GT_Flatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
    int poly = t == wkbPolygon || t == wkbMultiPolygon;
    if (poly || t == wkbLineString || t == wkbMultiLineString) {
        append_str(b, poly ? "{\"type\":\"MultiPolygon\",\"coordinates\":["
                           : "{\"type\":\"MultiLineString\",\"coordinates\":[");
        /* a single polygon or line is written as the one part of a multi */
        int single = t == wkbPolygon || t == wkbLineString;
        int n = single ? 1 : OGR_G_GetGeometryCount(g);
        rc = 0;
        for (int i = 0; !rc && i < n; i++) {
            OGRGeometryH part = single ? g : OGR_G_GetGeometryRef(g, i);
            if (i)
                append(b, ",", 1);
            rc = poly ? ogr_polygon(part, to_wgs84, b) : ogr_points(part, to_wgs84, b);
        }
        append(b, "]}", 2);
    }
    if (rc && !b->oom) {
        b->n = mark;
        append(b, "null", 4);
    }
}

/* Reading GeoJSON: the state of one geometry being read. */
struct reader {
    GEOSContextHandle_t h;
    OGRCoordinateTransformationH ct;
    size_t vertices, max;
    char *why;
    size_t whylen;
};

/* A coordinate sequence from [[x, y], …]; rings must close and have 4 points. */
static GEOSCoordSequence *read_points(struct reader *rd, json_t *a, int ring)
{
    size_t n = json_array_size(a);
    if (!json_is_array(a) || n < (ring ? 4u : 2u)) {
        snprintf(rd->why, rd->whylen, "a %s needs at least %d positions", ring ? "ring" : "line",
                 ring ? 4 : 2);
        return NULL;
    }
    if ((rd->vertices += n) > rd->max) {
        snprintf(rd->why, rd->whylen, "more than %zu vertices", rd->max);
        return NULL;
    }
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    GEOSCoordSequence *cs = NULL;
    int ok = x && y;
    for (size_t i = 0; ok && i < n; i++) {
        json_t *p = json_array_get(a, i);
        json_t *px = json_array_get(p, 0), *py = json_array_get(p, 1);
        ok = json_is_number(px) && json_is_number(py);
        if (ok) {
            x[i] = json_number_value(px);
            y[i] = json_number_value(py);
        } else {
            snprintf(rd->why, rd->whylen, "position %zu is not [x, y] numbers", i);
        }
    }
    if (ok && ring && (x[0] != x[n - 1] || y[0] != y[n - 1])) {
        snprintf(rd->why, rd->whylen, "a ring must end where it starts");
        ok = 0;
    }
    if (ok && rd->ct && !OCTTransform(rd->ct, (int)n, x, y, NULL)) {
        snprintf(rd->why, rd->whylen, "coordinates outside the CRS's area");
        ok = 0;
    }
    if (ok && (cs = GEOSCoordSeq_create_r(rd->h, (unsigned)n, 2)))
        for (size_t i = 0; i < n; i++)
            GEOSCoordSeq_setXY_r(rd->h, cs, (unsigned)i, x[i], y[i]);
    free(x);
    free(y);
    return cs;
}

static GEOSGeometry *read_polygon(struct reader *rd, json_t *rings)
{
    size_t n = json_array_size(rings);
    if (!json_is_array(rings) || n == 0) {
        snprintf(rd->why, rd->whylen, "a polygon is a list of rings");
        return NULL;
    }
    GEOSGeometry *shell = NULL, **holes = calloc(n, sizeof *holes);
    int ok = holes != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        GEOSCoordSequence *cs = read_points(rd, json_array_get(rings, i), 1);
        GEOSGeometry *r = cs ? GEOSGeom_createLinearRing_r(rd->h, cs) : NULL;
        if (!r) {
            ok = 0;
        } else if (i == 0) {
            shell = r;
        } else {
            holes[i - 1] = r;
        }
    }
    GEOSGeometry *p = NULL;
    if (ok)
        p = GEOSGeom_createPolygon_r(rd->h, shell, holes, (unsigned)(n - 1));
    if (!p) {
        if (shell)
            GEOSGeom_destroy_r(rd->h, shell);
        for (size_t i = 0; holes && i + 1 < n; i++)
            if (holes[i])
                GEOSGeom_destroy_r(rd->h, holes[i]);
    }
    free(holes);
    return p;
}

static GEOSGeometry *read_line(struct reader *rd, json_t *pts)
{
    GEOSCoordSequence *cs = read_points(rd, pts, 0);
    return cs ? GEOSGeom_createLineString_r(rd->h, cs) : NULL;
}

GEOSGeometry *geo_geojson_read(GEOSContextHandle_t h, json_t *geometry,
                               OGRCoordinateTransformationH ct, size_t max_vertices, char *why,
                               size_t whylen)
{
    struct reader rd = { h, ct, 0, max_vertices, why, whylen };
    const char *type = json_string_value(json_object_get(geometry, "type"));
    json_t *c = json_object_get(geometry, "coordinates");
    snprintf(why, whylen, "not a GeoJSON Polygon, MultiPolygon, LineString or MultiLineString");
    if (!type || !json_is_array(c))
        return NULL;
    if (!strcmp(type, "Polygon"))
        return read_polygon(&rd, c);
    if (!strcmp(type, "LineString"))
        return read_line(&rd, c);
    int poly = !strcmp(type, "MultiPolygon");
    if (!poly && strcmp(type, "MultiLineString") != 0)
        return NULL;
    size_t n = json_array_size(c);
    GEOSGeometry **parts = calloc(n ? n : 1, sizeof *parts);
    size_t got = 0;
    for (size_t i = 0; parts && i < n; i++) {
        GEOSGeometry *g =
            poly ? read_polygon(&rd, json_array_get(c, i)) : read_line(&rd, json_array_get(c, i));
        if (!g)
            break;
        parts[got++] = g;
    }
    GEOSGeometry *out = NULL;
    if (parts && got == n && n > 0)
        out = GEOSGeom_createCollection_r(h, poly ? GEOS_MULTIPOLYGON : GEOS_MULTILINESTRING, parts,
                                          (unsigned)n);
    if (!out)
        for (size_t i = 0; i < got; i++)
            GEOSGeom_destroy_r(h, parts[i]);
    if (!out && n == 0)
        snprintf(why, whylen, "an empty %s", type);
    free(parts);
    return out;
}

void geo_geojson_write_feature(void *ogr_feature, OGRCoordinateTransformationH to_wgs84,
                               double simplify_m, struct ls_strbuf *b)
{
    OGRFeatureH f = ogr_feature;
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    /* simplification is for small map scales: a county's patches at 1:500,000 need not carry
     * every survey vertex; PreserveTopology keeps polygons valid, unlike Douglas-Peucker */
    OGRGeometryH simple =
        g && simplify_m > 0 ? OGR_G_SimplifyPreserveTopology(g, simplify_m) : NULL;
    ls_strbuf_printf(b,
                     "{\"type\":\"Feature\",\"id\":%lld,\"geometry\":", (long long)OGR_F_GetFID(f));
    geo_geojson_write_ogr(simple ? simple : g, to_wgs84, b);
    if (simple)
        OGR_G_DestroyGeometry(simple);
    json_t *props = json_object();
    OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
    for (int i = 0; i < OGR_FD_GetFieldCount(d); i++) {
        if (!OGR_F_IsFieldSetAndNotNull(f, i))
            continue;
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(d, i);
        const char *k = OGR_Fld_GetNameRef(fd);
        switch (OGR_Fld_GetType(fd)) {
        case OFTInteger:
        case OFTInteger64:
            json_object_set_new(props, k, json_integer(OGR_F_GetFieldAsInteger64(f, i)));
            break;
        case OFTReal:
            json_object_set_new(props, k, json_real(OGR_F_GetFieldAsDouble(f, i)));
            break;
        default:
            json_object_set_new(props, k, json_string(OGR_F_GetFieldAsString(f, i)));
        }
    }
    char *pj = json_dumps(props, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(12));
    json_decref(props);
    ls_strbuf_printf(b, ",\"properties\":%s}", pj ? pj : "{}");
    free(pj);
}

json_t *geo_geojson_from_wkb(GEOSContextHandle_t h, const unsigned char *wkb, size_t n,
                             OGRCoordinateTransformationH to_wgs84)
{
    GEOSWKBReader *rd = wkb && n ? GEOSWKBReader_create_r(h) : NULL;
    GEOSGeometry *g = rd ? GEOSWKBReader_read_r(h, rd, wkb, n) : NULL;
    if (rd)
        GEOSWKBReader_destroy_r(h, rd);
    if (!g)
        return NULL;
    struct ls_strbuf b = { 0 };
    geo_geojson_write(h, g, to_wgs84, &b);
    GEOSGeom_destroy_r(h, g);
    json_t *out = b.s && !b.oom ? json_loads(b.s, 0, NULL) : NULL;
    free(b.s);
    return out;
}
