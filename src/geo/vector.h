/*
 * geo/vector — reading vector files through OGR the way Chinese data needs it.
 *
 * Shapefile, GeoPackage, GeoJSON and File Geodatabase open through GDAL. Shapefile text is
 * read raw and decoded here: the .cpg side file wins, then the DBF code-page byte (LDID 77 /
 * 122 = code page 936), and with neither (the common case) the layer's strings are scanned: all
 * valid UTF-8 means UTF-8, otherwise GB18030 (a superset of GBK), and bytes valid in neither
 * are an error naming the feature and field. Every string handed out is UTF-8.
 *
 * A geo_vsource owns its dataset; features returned by geo_vsource_next are the caller's
 * (OGR_F_Destroy). One source belongs to one thread.
 */
#ifndef LS_GEO_VECTOR_H
#define LS_GEO_VECTOR_H

#include <gdal.h>
#include <ogr_api.h>

#include "base/err.h"
#include "geo/crs.h"

struct geo_vsource {
    GDALDatasetH ds;
    OGRLayerH layer;
    char path[1024];
    char layer_name[256];
    char driver[32];
    int has_crs;        /* 0: the layer declares no CRS */
    struct geo_crs crs; /* valid when has_crs and crs_rc == 0 */
    int crs_rc;         /* error from resolving the CRS (e.g. legacy datum) */
    struct ls_err crs_err;
    char encoding[16];        /* "UTF-8" or an iconv name; what strings are decoded from */
    char encoding_source[48]; /* ".cpg", "DBF code page byte", "detected", "format (UTF-8)" */
    long long declared;       /* the feature count the file states (-1: it states none) */
    long long nread;          /* features handed out since open or rewind */
    int damaged;              /* reading stopped on an error of GDAL or the database */
    char damage[400];         /* ... its message */
};

/* Opens `path`; `layer` NULL means the first layer. Caller frees with geo_vsource_close. */
int geo_vsource_open(const char *path, const char *layer, struct geo_vsource **out,
                     struct ls_err *err);
/* The same with only the GDAL drivers named in `drivers` (NULL-terminated short names, such
 * as "GeoJSON"; NULL: every driver), for files from outside. */
int geo_vsource_open_drivers(const char *path, const char *layer, const char *const *drivers,
                             struct geo_vsource **out, struct ls_err *err);
void geo_vsource_close(struct geo_vsource *s);

/* Next feature (caller destroys with OGR_F_Destroy), or NULL at the end — or where reading
 * failed (a damaged page, a truncated .dbf): geo_vsource_finish tells the two apart. */
OGRFeatureH geo_vsource_next(struct geo_vsource *s);
/* After reading every feature: 0 when the file was read whole; LS_EINVAL naming the feature
 * where reading failed, or the file's own feature count against the features read, when a
 * damaged or truncated file would otherwise pass as a smaller whole one. */
int geo_vsource_finish(struct geo_vsource *s, struct ls_err *err);
void geo_vsource_rewind(struct geo_vsource *s);

/* Field value as UTF-8 (NULL when unset/null): caller frees with free(). */
int geo_vsource_field_utf8(const struct geo_vsource *s, OGRFeatureH f, int field, char **out,
                           struct ls_err *err);

/* Resolves an OGR spatial reference to a geo_crs (EPSG identification, legacy datums). */
int geo_crs_from_ogr(OGRSpatialReferenceH srs, struct geo_crs *crs, struct ls_err *err);

/* A short label for a feature: its id-like field (BSM, DKBH, id, name) or its FID. */
void geo_vsource_feature_label(const struct geo_vsource *s, OGRFeatureH f, char *buf,
                               unsigned long size);

#endif
