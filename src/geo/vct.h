/*
 * geo/vct — the Chinese vector exchange format (VCT, GB/T 17798) in which land-survey
 * deliverables still ship (spatial.md §5.3). GDAL has no driver for it; this is ours.
 *
 * A VCT file is GBK text in sections XxxBegin … XxxEnd:
 *   Head           key:value lines (Version, Spheroid, Projection, Parameters, Separator…)
 *   FeatureCode    要素代码,名称,几何类型,属性表名   (one line per layer)
 *   TableStructure 表名,字段数 / 字段名,类型(Char|Int|Float|Date…),长度[,精度] … / 0
 *   Point / Line   records: BSM, 要素代码, 图形表现编码, 特征类型, then the geometry
 *   Polygon        BSM, 要素代码, 图形表现编码, 特征类型, label x,y, 构成类型 21 (by lines),
 *                  count, the referenced line BSMs (negative: reversed; 0: next ring), 0
 *   Attribute      表名 / BSM,v1,v2,… / TableEnd
 * Polygons are arc-node topology: their rings are assembled from Line records.
 * A geo_vct owns everything it holds: free with geo_vct_free. The parser caps its input at
 * GEO_VCT_MAX_BYTES and every count it reads at what the rest of the file can hold.
 */
#ifndef LS_GEO_VCT_H
#define LS_GEO_VCT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "geo/crs.h"
#include "geo/geom.h"

#define GEO_VCT_MAX_BYTES (1u << 30)

struct geo_vct_field {
    char name[64];
    char type[16];
    int width, precision;
};

struct geo_vct_layer {
    char code[32];  /* 要素代码 */
    char name[64];  /* 要素名称 */
    char geom[16];  /* Point | Line | Polygon | Annotation */
    char table[64]; /* 属性表名 */
    struct geo_vct_field *fields;
    size_t nfields;
};

struct geo_vct;

int geo_vct_parse(const char *name, const char *bytes, size_t n, struct geo_vct **out,
                  struct ls_err *err);
int geo_vct_read(const char *path, struct geo_vct **out, struct ls_err *err);
void geo_vct_free(struct geo_vct *v);

/* The CRS the Head declares (Spheroid + Parameters); LS_EUNSUPP for legacy datums. */
int geo_vct_crs(const struct geo_vct *v, struct geo_crs *crs, struct ls_err *err);
const char *geo_vct_encoding(const struct geo_vct *v);

size_t geo_vct_layer_count(const struct geo_vct *v);
const struct geo_vct_layer *geo_vct_layer(const struct geo_vct *v, size_t i);
/* Layer by table or feature name; NULL when absent. */
const struct geo_vct_layer *geo_vct_find_layer(const struct geo_vct *v, const char *name);
/* `layer` by name, or without one the first Polygon layer holding polygons; NULL with err set
 * (input path, field "layer") when there is none. */
const struct geo_vct_layer *geo_vct_polygon_layer(const struct geo_vct *v, const char *path,
                                                  const char *layer, struct ls_err *err);

/*
 * Calls fn for each polygon of a Polygon layer with its BSM, its geometry (rings assembled from
 * the referenced lines and nested into parts and holes) and its attribute values (UTF-8, one per
 * field, NULL when the record has none). fn's arguments live until it returns. Errors name the
 * polygon: a missing line, a ring that does not close.
 */
typedef int (*geo_vct_polygon_fn)(void *ctx, int64_t bsm, const struct geo_mpoly *geom,
                                  const char *const *values, struct ls_err *err);
int geo_vct_polygons(const struct geo_vct *v, const struct geo_vct_layer *layer,
                     geo_vct_polygon_fn fn, void *ctx, struct ls_err *err);

/* Number of polygons of a layer. */
size_t geo_vct_polygon_count(const struct geo_vct *v, const struct geo_vct_layer *layer);

/* --- writing ------------------------------------------------------------------------------ */

struct geo_vct_writer;

/* Starts a VCT 3.0 file for Gauss–Krüger data in crs; written as GBK on close. */
int geo_vct_writer_new(const struct geo_crs *crs, struct geo_vct_writer **out, struct ls_err *err);
/* Declares a polygon layer and its fields (names and types as in TableStructure). */
int geo_vct_writer_layer(struct geo_vct_writer *w, const char *code, const char *name,
                         const char *table, const struct geo_vct_field *fields, size_t nfields,
                         struct ls_err *err);
/* Adds a polygon (each ring becomes a Line record) with its attribute values (UTF-8). */
int geo_vct_writer_polygon(struct geo_vct_writer *w, const struct geo_mpoly *m,
                           const char *const *values, struct ls_err *err);
/* Writes the file (temporary name, then rename: all or nothing) and frees w. */
int geo_vct_writer_close(struct geo_vct_writer *w, const char *path, struct ls_err *err);
void geo_vct_writer_free(struct geo_vct_writer *w);

#endif
