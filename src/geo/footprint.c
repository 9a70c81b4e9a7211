/* geo/footprint — see footprint.h. */
/* VSIStatBufL is struct stat64: the large-file interface GDAL declares it with */
#define _LARGEFILE64_SOURCE 1
#include "geo/footprint.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_api.h>

#include "base/text.h"
#include "geo/coordfile.h"
#include "geo/geojson.h"
#include "geo/geos_bridge.h"
#include "geo/ogr_bridge.h"
#include "geo/polyset.h"
#include "geo/untrusted.h"
#include "geo/vct_io.h"
#include "geo/vector.h"

/* Uploads come from outside: only these drivers read them, so a VRT, a remote source or any
 * other format that refers to further files is never opened on an upload's behalf. */
static const char *const upload_drivers[] = { "GeoJSON", "GPKG", "ESRI Shapefile", NULL };

void geo_footprint_free(GEOSContextHandle_t h, struct geo_footprint *fp)
{
    for (size_t i = 0; i < fp->n; i++)
        GEOSGeom_destroy_r(h, fp->parts[i].g);
    free(fp->parts);
    fp->parts = NULL;
    fp->n = 0;
}

/* The reading state: where parts go and how their coordinates reach the target CRS. */
struct reader {
    GEOSContextHandle_t h;
    const struct geo_fp_source *src;
    struct geo_footprint *fp;
    size_t cap, vertices;
    struct geo_transform *owned; /* made here for this input */
    struct geo_transform *ct;    /* the one in use (owned, src->cached or NULL for none) */
};

static int add_part(struct reader *rd, const char *label, GEOSGeometry *g, const char *where,
                    struct ls_err *err)
{
    struct geo_footprint *fp = rd->fp;
    int dim = GEOSGeom_getDimensions_r(rd->h, g);
    if (fp->n && dim != fp->dimension) {
        GEOSGeom_destroy_r(rd->h, g);
        return ls_err_set(err, LS_EINVAL, fp->name, where, "geometry",
                          "the features mix polygons and lines: a project's footprint is one "
                          "or the other");
    }
    int nc = GEOSGetNumCoordinates_r(rd->h, g);
    rd->vertices += nc > 0 ? (size_t)nc : 0;
    if (rd->src->max_vertices && rd->vertices > rd->src->max_vertices) {
        GEOSGeom_destroy_r(rd->h, g);
        return ls_err_set(err, LS_ENOMEM, fp->name, where, "geometry", "more than %zu vertices",
                          rd->src->max_vertices);
    }
    if (fp->n == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 4;
        struct geo_fp_part *p = realloc(fp->parts, cap * sizeof *p);
        if (!p) {
            GEOSGeom_destroy_r(rd->h, g);
            return ls_err_set(err, LS_ENOMEM, fp->name, NULL, NULL, "out of memory");
        }
        fp->parts = p;
        rd->cap = cap;
    }
    fp->dimension = dim;
    ls_text_utf8_copy(fp->parts[fp->n].label, sizeof fp->parts[0].label, label);
    fp->parts[fp->n++].g = g;
    return 0;
}

/*
 * Chooses the transformation from the input's CRS (a code given by the caller wins over the
 * file's own) to the target's; none when they are the same.
 */
static int choose_transform(struct reader *rd, const struct geo_crs *file_crs, int default_epsg,
                            struct ls_err *err)
{
    const struct geo_fp_source *src = rd->src;
    int from = src->epsg ? src->epsg : file_crs ? file_crs->epsg : default_epsg;
    rd->fp->from_epsg = from;
    if (!src->to_epsg || (from && from == src->to_epsg))
        return 0;
    if (!from && !file_crs)
        return ls_err_set(err, LS_EINVAL, rd->fp->name, NULL, "crs",
                          "the input declares no coordinate system; name one");
    if (src->cached && from && geo_transform_from_epsg(src->cached) == from &&
        geo_transform_to_epsg(src->cached) == src->to_epsg) {
        rd->ct = src->cached;
    } else {
        int rc;
        if (from) {
            rc = geo_transform_new(from, src->to_epsg, &rd->owned, err);
        } else {
            /* a CRS without a code: Gauss–Krüger by its parameters, a legacy datum with
             * its seven parameters */
            struct geo_crs to;
            rc = geo_crs_from_epsg(src->to_epsg, &to, err);
            if (!rc)
                rc = geo_transform_new_crs(file_crs, &to, &rd->owned, err);
        }
        if (rc) {
            snprintf(err->input, sizeof err->input, "%s", rd->fp->name);
            return rc;
        }
        rd->ct = rd->owned;
    }
    if (from)
        snprintf(rd->fp->note, sizeof rd->fp->note,
                 "transformed from EPSG:%d to the data's EPSG:%d", from, src->to_epsg);
    else
        snprintf(rd->fp->note, sizeof rd->fp->note, "transformed from %s to the data's EPSG:%d",
                 file_crs->name, src->to_epsg);
    return 0;
}

/* One OGR geometry (not taken): checked for its type, transformed, into GEOS. */
static int add_ogr(struct reader *rd, OGRGeometryH g, const char *label, const char *where,
                   struct ls_err *err)
{
    OGRwkbGeometryType t = OGR_GT_Flatten(OGR_G_GetGeometryType(g));
    if (t != wkbPolygon && t != wkbMultiPolygon && t != wkbLineString && t != wkbMultiLineString)
        return ls_err_set(err, LS_EINVAL, rd->fp->name, where, "geometry",
                          "a footprint is a polygon or a line, not a %s", OGRGeometryTypeToName(t));
    OGRGeometryH c = OGR_G_Clone(g);
    if (!c)
        return ls_err_set(err, LS_ENOMEM, rd->fp->name, where, NULL, "out of memory");
    int rc = rd->ct ? geo_transform_geometry(rd->ct, c, err) : 0;
    if (rc) {
        snprintf(err->input, sizeof err->input, "%s", rd->fp->name);
        snprintf(err->where, sizeof err->where, "%s", where ? where : "");
    }
    GEOSGeometry *gg = rc ? NULL : geo_geos_from_ogr(rd->h, c);
    OGR_G_DestroyGeometry(c);
    if (!rc && !gg)
        rc = ls_err_set(err, LS_EINVAL, rd->fp->name, where, "geometry",
                        "cannot read the geometry: %s", geo_geos_last_error());
    return rc ? rc : add_part(rd, label, gg, where, err);
}

static int read_coordfile(struct reader *rd, struct geo_coordfile *cf, struct ls_err *err)
{
    int rc = choose_transform(rd, &cf->crs, 0, err);
    for (size_t i = 0; !rc && i < cf->nparcels; i++) {
        const struct geo_parcel *p = &cf->parcels[i];
        char label[128], where[48];
        if (p->number[0])
            ls_text_utf8_copy(label, sizeof label, p->number);
        else
            snprintf(label, sizeof label, "parcel %zu", i + 1);
        snprintf(where, sizeof where, "line %d", p->line);
        OGRGeometryH g = geo_mpoly_to_ogr(&p->geom);
        rc = g ? add_ogr(rd, g, label, where, err)
               : ls_err_set(err, LS_ENOMEM, rd->fp->name, where, NULL, "out of memory");
        if (g)
            OGR_G_DestroyGeometry(g);
    }
    return rc;
}

static int read_vct(struct reader *rd, struct ls_err *err)
{
    struct geo_polyset ps;
    int rc = geo_polyset_read(rd->src->path, rd->src->layer, NULL, &ps, err);
    if (rc == -LS_EINVAL && rd->src->epsg && !strcmp(err->field, "crs")) {
        /* a VCT without a CRS is fine when the caller names one */
        char code[32];
        snprintf(code, sizeof code, "EPSG:%d", rd->src->epsg);
        rc = geo_polyset_read(rd->src->path, rd->src->layer, code, &ps, err);
    }
    if (rc)
        return rc;
    rc = choose_transform(rd, &ps.crs, 0, err);
    for (size_t i = 0; !rc && i < ps.count; i++) {
        char where[160];
        snprintf(where, sizeof where, "feature %s", ps.items[i].id);
        OGRGeometryH g = geo_mpoly_to_ogr(&ps.items[i].geom);
        rc = g ? add_ogr(rd, g, ps.items[i].id, where, err)
               : ls_err_set(err, LS_ENOMEM, rd->fp->name, where, NULL, "out of memory");
        if (g)
            OGR_G_DestroyGeometry(g);
    }
    geo_polyset_free(&ps);
    return rc;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The sizes the zip's central directory declares, summed over every entry at any depth: a
 * zip bomb is refused before a byte is inflated. */
static int unpacked_size(const char *dir, size_t *total, int depth)
{
    char **names = VSIReadDir(dir);
    int rc = 0;
    for (char **n = names; n && *n && !rc; n++) {
        if (!strcmp(*n, ".") || !strcmp(*n, ".."))
            continue;
        char p[1400];
        snprintf(p, sizeof p, "%s/%s", dir, *n);
        VSIStatBufL st;
        if (VSIStatL(p, &st) != 0)
            continue;
        if (VSI_ISDIR(st.st_mode))
            rc = depth < 8 ? unpacked_size(p, total, depth + 1) : -1;
        else
            *total += (size_t)st.st_size;
    }
    CSLDestroy(names);
    return rc;
}

/* A vector file through OGR: a path on disk (every driver), or an upload staged in memory
 * (upload_drivers only). GeoJSON without a CRS is WGS 84 by RFC 7946. */
static int read_ogr(struct reader *rd, const char *path, const char *const *drivers,
                    struct ls_err *err)
{
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open_drivers(path, rd->src->layer, drivers, &s, err);
    if (rc) {
        snprintf(err->input, sizeof err->input, "%s", rd->fp->name);
        if (drivers)
            ls_err_set(err, LS_EINVAL, rd->fp->name, NULL, "file",
                       "not a coordinate file, GeoJSON, GeoPackage or zipped Shapefile");
        return rc;
    }
    if (s->has_crs && s->crs_rc && !rd->src->epsg) {
        *err = s->crs_err;
        snprintf(err->input, sizeof err->input, "%s", rd->fp->name);
        geo_vsource_close(s);
        return -err->code;
    }
    int geojson = !strcmp(s->driver, "GeoJSON");
    const struct geo_fp_source *src = rd->src;
    if (drivers && src->max_features && s->declared > src->max_features) {
        rc = ls_err_set(err, LS_ENOMEM, rd->fp->name, NULL, "file",
                        "%lld features: an upload holds at most %ld", s->declared,
                        src->max_features);
        geo_vsource_close(s);
        return rc;
    }
    rc = choose_transform(rd, s->has_crs && !s->crs_rc ? &s->crs : NULL, geojson ? 4326 : 0, err);
    double deadline = drivers && src->max_seconds > 0 ? now_s() + src->max_seconds : 0;
    long nread = 0;
    OGRFeatureH f;
    while (!rc && (f = geo_vsource_next(s))) {
        /* the declared count is the file's word; the features read are counted too */
        if (drivers && src->max_features && ++nread > src->max_features)
            rc = ls_err_set(err, LS_ENOMEM, rd->fp->name, NULL, "file",
                            "more than %ld features: an upload holds at most that many",
                            src->max_features);
        if (!rc && deadline > 0 && now_s() > deadline)
            rc = ls_err_set(err, LS_ENOMEM, rd->fp->name, NULL, "file",
                            "reading the upload took more than %.0f s: send a smaller file",
                            src->max_seconds);
        if (rc) {
            OGR_F_Destroy(f);
            break;
        }
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && !OGR_G_IsEmpty(g)) {
            char label[128], where[160];
            geo_vsource_feature_label(s, f, label, sizeof label);
            snprintf(where, sizeof where, "feature %lld", (long long)OGR_F_GetFID(f));
            rc = add_ogr(rd, g, label, where, err);
        }
        OGR_F_Destroy(f);
    }
    if (!rc)
        rc = geo_vsource_finish(s, err);
    geo_vsource_close(s);
    return rc;
}

int geo_footprint_is_coordfile(const char *name, const char *bytes, size_t n)
{
    size_t len = strlen(name);
    if (len > 4 && !strcasecmp(name + len - 4, ".txt"))
        return 1;
    /* the section headers of the Ministry's exchange format (界址点坐标交换格式) */
    static const char *const marks[] = { "[属性描述]", "[地块坐标]" };
    for (size_t k = 0; k < 2; k++) {
        size_t m = strlen(marks[k]);
        for (size_t i = 0; i + m <= n; i++)
            if (!memcmp(bytes + i, marks[k], m))
                return 1;
    }
    return 0;
}

static int read_upload(struct reader *rd, struct ls_err *err)
{
    const struct geo_fp_source *src = rd->src;
    if (!*src->name || strchr(src->name, '/') || strlen(src->name) > 200)
        return ls_err_set(err, LS_EINVAL, "file", NULL, "file",
                          "an upload's name is a plain file name such as parcels.zip");
    if (geo_footprint_is_coordfile(src->name, src->bytes, src->nbytes)) {
        struct geo_coordfile *cf = NULL;
        int rc = geo_coordfile_parse(src->name, src->bytes, src->nbytes, NULL, &cf, err);
        if (!rc)
            rc = read_coordfile(rd, cf, err);
        geo_coordfile_free(cf);
        return rc;
    }
    int rc = geo_untrusted_geojson_crs(src->name, src->bytes, src->nbytes, err);
    if (rc)
        return rc;
    /* staged in GDAL's in-memory file system under a name of this call's own */
    char vpath[300], open_path[320];
    snprintf(vpath, sizeof vpath, "/vsimem/footprint-%p/%s", (void *)rd, src->name);
    VSILFILE *f = VSIFileFromMemBuffer(vpath, (GByte *)(void *)(uintptr_t)src->bytes,
                                       (vsi_l_offset)src->nbytes, FALSE);
    if (!f)
        return ls_err_set(err, LS_EIO, src->name, NULL, NULL, "cannot stage the upload");
    VSIFCloseL(f);
    size_t len = strlen(src->name);
    int zip = len > 4 && !strcasecmp(src->name + len - 4, ".zip");
    snprintf(open_path, sizeof open_path, "%s%s", zip ? "/vsizip/" : "", vpath);
    size_t unpacked = 0;
    if (zip && src->max_unpacked_bytes &&
        (unpacked_size(open_path, &unpacked, 0) || unpacked > src->max_unpacked_bytes))
        rc = ls_err_set(err, LS_ENOMEM, src->name, NULL, "file",
                        "the zip unpacks to %zu bytes: an upload may unpack to at most %zu",
                        unpacked, src->max_unpacked_bytes);
    if (!rc)
        rc = read_ogr(rd, open_path, upload_drivers, err);
    VSIUnlink(vpath);
    return rc;
}

static int read_text_geometry(struct reader *rd, struct ls_err *err)
{
    const struct geo_fp_source *src = rd->src;
    const char *label = src->label && *src->label ? src->label : "footprint";
    if (src->geojson) {
        int rc = choose_transform(rd, NULL, 4326, err);
        if (rc)
            return rc;
        /* straight from the parsed body to GEOS: no second parser, no WKB trip (the
         * server's hot path) */
        char why[160];
        GEOSGeometry *g =
            geo_geojson_read(rd->h, src->geojson, rd->ct ? geo_transform_ogr(rd->ct) : NULL,
                             src->max_vertices, why, sizeof why);
        if (!g)
            return ls_err_set(err, strstr(why, "vertices") ? LS_ENOMEM : LS_EINVAL, "geometry",
                              NULL, "geometry", "%s", why);
        return add_part(rd, label, g, NULL, err);
    }
    int rc = choose_transform(rd, NULL, src->to_epsg, err);
    OGRGeometryH g = NULL;
    char *p = (char *)(uintptr_t)src->wkt;
    if (!rc && (OGR_G_CreateFromWkt(&p, NULL, &g) != OGRERR_NONE || !g))
        rc = ls_err_set(err, LS_EINVAL, "wkt", NULL, "geometry", "not valid WKT");
    if (!rc)
        rc = add_ogr(rd, g, label, NULL, err);
    if (g)
        OGR_G_DestroyGeometry(g);
    return rc;
}

int geo_footprint_read(GEOSContextHandle_t h, const struct geo_fp_source *src,
                       struct geo_footprint *fp, struct ls_err *err)
{
    memset(fp, 0, sizeof *fp);
    struct reader rd = { .h = h, .src = src, .fp = fp };
    int given =
        (src->path != NULL) + (src->bytes != NULL) + (src->wkt != NULL) + (src->geojson != NULL);
    if (given != 1)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "geometry",
                          "give one footprint: a file, an upload, WKT or a GeoJSON geometry");
    snprintf(fp->name, sizeof fp->name, "%s",
             src->path    ? src->path
             : src->bytes ? (src->name ? src->name : "file")
             : src->wkt   ? "wkt"
                          : "geometry");
    if (src->bytes && !src->name)
        return ls_err_set(err, LS_EINVAL, "file", NULL, "file", "an upload needs its file name");
    int rc;
    if (src->path && geo_coordfile_sniff(src->path) == 1) {
        struct geo_coordfile *cf = NULL;
        rc = geo_coordfile_read(src->path, NULL, &cf, err);
        if (!rc)
            rc = read_coordfile(&rd, cf, err);
        geo_coordfile_free(cf);
    } else if (src->path && geo_is_vct(src->path)) {
        rc = read_vct(&rd, err);
    } else if (src->path) {
        rc = read_ogr(&rd, src->path, NULL, err);
    } else if (src->bytes) {
        rc = read_upload(&rd, err);
    } else {
        rc = read_text_geometry(&rd, err);
    }
    if (!rc && fp->n == 0)
        rc = ls_err_set(err, LS_EINVAL, fp->name, NULL, "geometry", "no footprint in the file");
    geo_transform_free(rd.owned);
    if (rc)
        geo_footprint_free(h, fp);
    return rc;
}
