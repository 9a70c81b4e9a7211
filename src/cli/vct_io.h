/* cli/vct_io — VCT files in the CLI: as polygon input, converted to and from OGR formats,
 * described by `info`. */
#ifndef LS_CLI_VCT_IO_H
#define LS_CLI_VCT_IO_H

#include <jansson.h>

#include "cli/input.h"
#include "geo/vector.h"

int cli_is_vct(const char *path);
int cli_vct_polygons(const char *path, const char *layer, struct cli_polys *out,
                     struct ls_err *err);
/* VCT -> GeoPackage (every polygon layer, or `layer`) / GeoJSON / Shapefile (one layer). */
int cli_vct_to_vector(const char *in, const char *layer, const char *out, const char *encoding,
                      int force, long long *n, struct ls_err *err);
/* One OGR layer -> VCT. */
int cli_vector_to_vct(struct geo_vsource *s, const char *out, int force, long long *n,
                      struct ls_err *err);
/* `info` of a VCT file: JSON (caller owns) for --json, printed otherwise. */
int cli_vct_info(const char *path, json_t **out, struct ls_err *err);

#endif
