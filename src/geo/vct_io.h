/* geo/vct_io — VCT files converted to and from OGR formats, described by `info`
 * (geo/polyset reads their polygons as input). */
#ifndef LS_GEO_VCT_IO_H
#define LS_GEO_VCT_IO_H

#include <jansson.h>

#include "geo/vector.h"

int geo_is_vct(const char *path);
/* VCT -> GeoPackage (every polygon layer, or `layer`) / GeoJSON / Shapefile (one layer). */
int geo_vct_to_vector(const char *in, const char *layer, const char *out, const char *encoding,
                      int force, long long *n, struct ls_err *err);
/* One OGR layer -> VCT. */
int geo_vector_to_vct(struct geo_vsource *s, const char *out, int force, long long *n,
                      struct ls_err *err);
/* `info` of a VCT file: JSON (caller owns) for --json, printed otherwise. */
int geo_vct_info(const char *path, json_t **out, struct ls_err *err);

#endif
