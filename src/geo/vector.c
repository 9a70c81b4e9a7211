/* geo/vector — see vector.h for the encoding rules (spatial.md §5.1). */
#include "geo/vector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_srs_api.h>

#include "base/text.h"
#include "geo/ogr_bridge.h"

int geo_crs_from_ogr(OGRSpatialReferenceH srs, struct geo_crs *crs, struct ls_err *err)
{
    memset(crs, 0, sizeof *crs);
    if (!srs)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs", "no coordinate system declared");
    const char *datum = OSRGetAttrValue(srs, "DATUM", 0);
    const char *geog = OSRGetAttrValue(srs, "GEOGCS", 0);
    char names[256];
    snprintf(names, sizeof names, "%s %s", datum ? datum : "", geog ? geog : "");
    if (geo_crs_legacy_datum_of(names) != GEO_DATUM_CGCS2000)
        return geo_crs_parse(names, crs, err); /* refuses with the datum named */
    OSRAutoIdentifyEPSG(srs);
    const char *auth = OSRIsProjected(srs) ? OSRGetAuthorityName(srs, "PROJCS")
                                           : OSRGetAuthorityName(srs, "GEOGCS");
    const char *code = OSRIsProjected(srs) ? OSRGetAuthorityCode(srs, "PROJCS")
                                           : OSRGetAuthorityCode(srs, "GEOGCS");
    if (auth && code && !strcasecmp(auth, "EPSG"))
        return geo_crs_from_epsg((int)strtol(code, NULL, 10), crs, err);
    /* ESRI .prj names such as CGCS2000_3_Degree_GK_Zone_40 */
    const char *pname = OSRGetAttrValue(srs, OSRIsProjected(srs) ? "PROJCS" : "GEOGCS", 0);
    if (pname && strstr(pname, "CGCS2000") && strstr(pname, "GK_"))
        return geo_crs_parse(pname, crs, err);
    if (!OSRIsProjected(srs) && pname && (strstr(pname, "2000") || strstr(names, "2000")))
        return geo_crs_from_epsg(4490, crs, err);
    char *wkt = NULL;
    const char *opts[] = { "FORMAT=WKT2_2019", NULL };
    if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE || !wkt) {
        CPLFree(wkt);
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs", "unreadable coordinate system");
    }
    int rc = geo_crs_parse(wkt, crs, err);
    CPLFree(wkt);
    return rc;
}

static int is_shapefile(const struct geo_vsource *s)
{
    return !strcmp(s->driver, "ESRI Shapefile");
}

/* A Shapefile is several files, and OGR reads one with parts missing or unreadable without
 * a word: without its .dbf every attribute is gone, and a .prj OGR cannot parse (or one
 * that is really a path or a URL) leaves the coordinates without a CRS. Both are refused. */
/* The record count in a .dbf header (dBASE: bytes 4-7, little-endian), or -1. */
static long long dbf_record_count(const struct geo_vsource *s)
{
    char **files = GDALGetFileList(s->ds);
    long long n = -1;
    for (char **f = files; f && *f && n < 0; f++) {
        size_t len = strlen(*f);
        if (len < 4 || strcasecmp(*f + len - 4, ".dbf"))
            continue;
        VSILFILE *fp = VSIFOpenL(*f, "rb");
        unsigned char h[8];
        if (fp && VSIFReadL(h, 1, 8, fp) == 8)
            n = (long long)h[4] | (long long)h[5] << 8 | (long long)h[6] << 16 |
                (long long)h[7] << 24;
        if (fp)
            VSIFCloseL(fp);
    }
    CSLDestroy(files);
    return n;
}

static int shapefile_parts(const struct geo_vsource *s, int has_srs, struct ls_err *err)
{
    char **files = GDALGetFileList(s->ds);
    int dbf = 0, prj = 0;
    for (char **f = files; f && *f; f++) {
        size_t n = strlen(*f);
        dbf |= n > 4 && !strcasecmp(*f + n - 4, ".dbf");
        /* OGR lists a .prj only when it could read it: look for the file itself */
        if (n > 4 && n < 1024 && !strcasecmp(*f + n - 4, ".shp")) {
            char side[1024];
            for (int k = 0; k < 2 && !prj; k++) {
                snprintf(side, sizeof side, "%.*s%s", (int)(n - 4), *f, k ? ".PRJ" : ".prj");
                VSILFILE *fp = VSIFOpenL(side, "rb");
                prj = fp != NULL;
                if (fp)
                    VSIFCloseL(fp);
            }
        }
    }
    CSLDestroy(files);
    if (!dbf)
        return ls_err_set(err, LS_EINVAL, s->path, NULL, "file",
                          "the Shapefile has no .dbf: its attributes would be lost");
    /* OGR counts the .shx's records and reads that many; a .dbf whose header counts
     * differently (one file of the set truncated or replaced) would pair geometries with
     * the wrong attributes or drop some, so the two headers must agree */
    long long dbf_records = dbf_record_count(s);
    if (dbf_records >= 0 && s->declared >= 0 && dbf_records != s->declared)
        return ls_err_set(err, LS_EINVAL, s->path, NULL, "file",
                          "the .dbf holds %lld records and the .shx %lld: the Shapefile's parts "
                          "do not belong together or one is truncated",
                          dbf_records, s->declared);
    if (prj && !has_srs)
        return ls_err_set(err, LS_EINVAL, s->path, NULL, "crs",
                          "the Shapefile's .prj is not a coordinate system OGR can read");
    return 0;
}

/* Declared encoding from a .cpg side file or the DBF code page byte; 0 when undeclared. */
static int declared_shapefile_encoding(struct geo_vsource *s, const char *dbf_path)
{
    char cpg[1100];
    snprintf(cpg, sizeof cpg, "%s", dbf_path);
    char *dot = strrchr(cpg, '.');
    if (dot)
        memcpy(dot, ".cpg", 5); /* the same length as ".dbf", and its terminator */
    FILE *f = fopen(cpg, "rb");
    if (!f && dot) {
        memcpy(dot, ".CPG", 5);
        f = fopen(cpg, "rb");
    }
    if (f) {
        char text[64] = { 0 };
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = '\0';
        const char *enc = ls_text_canonical_encoding(text);
        if (enc) {
            snprintf(s->encoding, sizeof s->encoding, "%s", enc);
            snprintf(s->encoding_source, sizeof s->encoding_source, ".cpg (%.20s)", text);
            return 1;
        }
    }
    f = fopen(dbf_path, "rb");
    if (!f)
        return 0;
    unsigned char head[32];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n == sizeof head && (head[29] == 0x4D || head[29] == 0x7A)) {
        snprintf(s->encoding, sizeof s->encoding, "GB18030");
        snprintf(s->encoding_source, sizeof s->encoding_source, "DBF code page byte %u (936)",
                 head[29]);
        return 1;
    }
    return 0; /* 0 and GDAL's default 87 say nothing trustworthy about Chinese text */
}

/* Scans every string field: valid UTF-8 throughout means UTF-8, else GB18030 must decode. */
static int detect_encoding(struct geo_vsource *s, struct ls_err *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(s->layer);
    int nf = OGR_FD_GetFieldCount(defn);
    int utf8 = 1;
    OGR_L_ResetReading(s->layer);
    OGRFeatureH f;
    while (utf8 && (f = OGR_L_GetNextFeature(s->layer)) != NULL) {
        for (int i = 0; i < nf && utf8; i++)
            if (OGR_F_IsFieldSetAndNotNull(f, i) &&
                OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) == OFTString) {
                const char *v = OGR_F_GetFieldAsString(f, i);
                utf8 = ls_text_is_utf8(v, strlen(v));
            }
        OGR_F_Destroy(f);
    }
    snprintf(s->encoding, sizeof s->encoding, utf8 ? "UTF-8" : "GB18030");
    snprintf(s->encoding_source, sizeof s->encoding_source, "detected");
    if (utf8)
        goto done;
    /* GB18030 must then decode every string; name the first that does not. */
    OGR_L_ResetReading(s->layer);
    while ((f = OGR_L_GetNextFeature(s->layer)) != NULL) {
        for (int i = 0; i < nf; i++) {
            char *out = NULL;
            int rc = geo_vsource_field_utf8(s, f, i, &out, err);
            free(out);
            if (rc) {
                OGR_F_Destroy(f);
                return rc;
            }
        }
        OGR_F_Destroy(f);
    }
done:
    OGR_L_ResetReading(s->layer);
    return 0;
}

int geo_vsource_open(const char *path, const char *layer, struct geo_vsource **out,
                     struct ls_err *err)
{
    return geo_vsource_open_drivers(path, layer, NULL, out, err);
}

int geo_vsource_open_drivers(const char *path, const char *layer, const char *const *drivers,
                             struct geo_vsource **out, struct ls_err *err)
{
    struct geo_vsource *s = calloc(1, sizeof *s);
    if (!s)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", path);
    /* Shapefile strings arrive undecoded so that we can detect GBK ourselves. */
    const char *open_opts[] = { "ENCODING=", NULL };
    geo_ogr_capture_begin();
    s->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, open_opts, NULL);
    geo_ogr_capture_end();
    if (!s->ds) {
        free(s);
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL, "not a readable vector file: %s",
                          geo_ogr_last_error());
    }
    snprintf(s->driver, sizeof s->driver, "%s",
             GDALGetDriverShortName(GDALGetDatasetDriver(s->ds)));
    s->layer = layer ? GDALDatasetGetLayerByName(s->ds, layer) : GDALDatasetGetLayer(s->ds, 0);
    if (!s->layer) {
        int rc =
            ls_err_set(err, LS_ENOENT, path, NULL, "layer", "no layer %s%s%s",
                       layer ? "named \"" : "in the file", layer ? layer : "", layer ? "\"" : "");
        geo_vsource_close(s);
        return rc;
    }
    snprintf(s->layer_name, sizeof s->layer_name, "%s", OGR_L_GetName(s->layer));
    /* the count the file itself states (a Shapefile's header, a GeoPackage's
     * gpkg_ogr_contents), not one obtained by reading: that is what reading is checked
     * against; formats that state none give -1 */
    s->declared = (long long)OGR_L_GetFeatureCount(s->layer, 0);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(s->layer);
    s->has_crs = srs != NULL;
    if (srs)
        s->crs_rc = geo_crs_from_ogr(srs, &s->crs, &s->crs_err);
    int rc = is_shapefile(s) ? shapefile_parts(s, srs != NULL, err) : 0;
    if (rc) {
        geo_vsource_close(s);
        return rc;
    }
    if (is_shapefile(s)) {
        char dbf[1100];
        snprintf(dbf, sizeof dbf, "%s", path);
        char *dot = strrchr(dbf, '.');
        if (dot && strlen(dot) == 4)
            memcpy(dot, ".dbf", 4);
        if (!declared_shapefile_encoding(s, dbf)) {
            rc = detect_encoding(s, err);
            if (rc) {
                snprintf(err->input, sizeof err->input, "%s", path);
                geo_vsource_close(s);
                return rc;
            }
        }
    } else {
        snprintf(s->encoding, sizeof s->encoding, "UTF-8");
        snprintf(s->encoding_source, sizeof s->encoding_source, "format (UTF-8)");
    }
    *out = s;
    return 0;
}

void geo_vsource_close(struct geo_vsource *s)
{
    if (!s)
        return;
    if (s->ds)
        GDALClose(s->ds);
    free(s);
}

OGRFeatureH geo_vsource_next(struct geo_vsource *s)
{
    if (s->damaged)
        return NULL;
    /* OGR ends a layer with NULL whether it reached the end or failed on the way (SQLite's
     * "database disk image is malformed", a short read of a .dbf record): only the error
     * raised during the call tells them apart, so it is captured per call */
    CPLErrorReset();
    geo_ogr_capture_begin();
    OGRFeatureH f = OGR_L_GetNextFeature(s->layer);
    geo_ogr_capture_end();
    if (CPLGetLastErrorType() >= CE_Failure) {
        s->damaged = 1;
        snprintf(s->damage, sizeof s->damage, "%s", geo_ogr_last_error());
        if (f)
            OGR_F_Destroy(f);
        return NULL;
    }
    if (f)
        s->nread++;
    return f;
}

int geo_vsource_finish(struct geo_vsource *s, struct ls_err *err)
{
    char where[64];
    snprintf(where, sizeof where, "feature %lld", s->nread + 1);
    if (s->damaged)
        return ls_err_set(err, LS_EINVAL, s->path, where, "file",
                          "the file is damaged: reading stopped after %lld features (%s)", s->nread,
                          s->damage);
    /* a truncated file can also end cleanly early: its own count then disagrees */
    if (s->declared >= 0 && s->nread != s->declared)
        return ls_err_set(err, LS_EINVAL, s->path, where, "file",
                          "the file declares %lld features but %lld could be read: it is "
                          "damaged or truncated",
                          s->declared, s->nread);
    return 0;
}

void geo_vsource_rewind(struct geo_vsource *s)
{
    OGR_L_ResetReading(s->layer);
    s->nread = 0;
    s->damaged = 0;
}

int geo_vsource_field_utf8(const struct geo_vsource *s, OGRFeatureH f, int field, char **out,
                           struct ls_err *err)
{
    *out = NULL;
    if (!OGR_F_IsFieldSetAndNotNull(f, field))
        return 0;
    const char *v = OGR_F_GetFieldAsString(f, field);
    size_t n = strlen(v);
    int rc;
    if (!strcmp(s->encoding, "UTF-8")) {
        if (!ls_text_is_utf8(v, n)) {
            rc = ls_err_set(err, LS_EINVAL, s->path, NULL, NULL, "text is not valid UTF-8");
        } else {
            *out = strdup(v);
            rc = *out ? 0 : ls_err_set(err, LS_ENOMEM, s->path, NULL, NULL, "out of memory");
        }
    } else {
        rc = ls_text_to_utf8(s->encoding, v, n, out, err);
    }
    if (rc && err) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(OGR_F_GetDefnRef(f), field);
        char where[64];
        snprintf(where, sizeof where, "feature %lld", (long long)OGR_F_GetFID(f));
        char msg[512];
        snprintf(msg, sizeof msg, "undecodable attribute text (%s from %s): %s", s->encoding,
                 s->encoding_source, err->msg);
        ls_err_set(err, LS_EINVAL, s->path, where, OGR_Fld_GetNameRef(fd), "%s", msg);
    }
    return rc;
}

void geo_vsource_feature_label(const struct geo_vsource *s, OGRFeatureH f, char *buf,
                               unsigned long size)
{
    static const char *const keys[] = { "BSM", "DKBH", "TBBH", "id", "ID", "code", "name" };
    OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        int i = OGR_FD_GetFieldIndex(d, keys[k]);
        if (i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i)) {
            char *v = NULL;
            if (geo_vsource_field_utf8(s, f, i, &v, NULL) == 0 && v) {
                ls_text_utf8_copy(buf, size, v);
                free(v);
                return;
            }
            free(v);
        }
    }
    snprintf(buf, size, "%lld", (long long)OGR_F_GetFID(f));
}
