/* demo/polygonize — label raster to polygons with a topology-keeping corner cut (see .c). */
#ifndef LS_DEMO_POLYGONIZE_H
#define LS_DEMO_POLYGONIZE_H

#include <ogr_api.h>

#include "demo/internal.h"

/* Called per connected region with its label and polygon (owned by the caller of emit: copy
 * it with OGR_G_Clone to keep it). A non-zero return stops the walk and is returned. */
typedef int (*demo_polygon_fn)(void *ctx, int32_t label, OGRGeometryH polygon, struct ls_err *err);

/* labels: one int32 per cell, 0 = no polygon. ref: the patch labels deciding the corner cuts
 * (NULL: no cut). Regions are 4-connected. */
int demo_polygonize(const struct demo_county *c, const int32_t *labels, const int32_t *ref,
                    demo_polygon_fn emit, void *ctx, struct ls_err *err);

#endif
