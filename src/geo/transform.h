/*
 * geo/transform — the one coordinate transformation object of the tree: between two CRSs
 * (EPSG codes, geo_crs values or OGR spatial references), in the traditional GIS axis order
 * (x = easting or longitude) whatever the EPSG definition says. It wraps OGR's
 * OGRCoordinateTransformation, which runs PROJ; geometries (OGR_G_Transform), coordinate
 * arrays and geo/geojson's bulk writer all take it.
 *
 * Not thread-safe: one per thread. Ownership: geo_transform_new*() give an object the caller
 * frees with geo_transform_free (NULL-safe).
 */
#ifndef LS_GEO_TRANSFORM_H
#define LS_GEO_TRANSFORM_H

#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/err.h"
#include "geo/crs.h"

struct geo_transform;

/* From EPSG:from to EPSG:to. LS_EINVAL naming field "crs" when either is unknown or no
 * transformation exists. */
int geo_transform_new(int from_epsg, int to_epsg, struct geo_transform **out, struct ls_err *err);

/* Between two geo_crs values (Gauss–Krüger without EPSG codes, legacy datums with towgs84). */
int geo_transform_new_crs(const struct geo_crs *from, const struct geo_crs *to,
                          struct geo_transform **out, struct ls_err *err);

/* Between two OGR spatial references (a raster's and a layer's); neither is taken. */
int geo_transform_new_ogr(OGRSpatialReferenceH from, OGRSpatialReferenceH to,
                          struct geo_transform **out, struct ls_err *err);

/* From a vector layer's reference to a raster's CRS given as WKT: *out NULL (and 0) when the
 * layer declares none, the raster none, or both are the same. */
int geo_transform_new_to_wkt(OGRSpatialReferenceH from, const char *to_wkt,
                             struct geo_transform **out, struct ls_err *err);

void geo_transform_free(struct geo_transform *t);

/* The EPSG codes it was made with (0 when made from geo_crs or OGR references). */
int geo_transform_from_epsg(const struct geo_transform *t);
int geo_transform_to_epsg(const struct geo_transform *t);

/* Transforms g in place; LS_EINVAL (field "crs") when a point cannot be transformed. */
int geo_transform_geometry(struct geo_transform *t, OGRGeometryH g, struct ls_err *err);

/* Transforms n points of x[], y[] in place; 0 when every point transformed. */
int geo_transform_points(struct geo_transform *t, size_t n, double *x, double *y);

/* The OGR object, for OGR calls that take one (valid while t lives). */
OGRCoordinateTransformationH geo_transform_ogr(struct geo_transform *t);

/* The box {xmin, ymin, xmax, ymax} into the target CRS: the envelope of its edges densified
 * (21 points each), so a box whose edges bend in the target still lies inside the result.
 * -1 when the box falls outside the transformation's area of use. */
int geo_transform_box(struct geo_transform *t, const double in[4], double out[4]);

/* An OGR spatial reference for crs (traditional GIS axis order); release with OSRRelease. */
OGRSpatialReferenceH geo_crs_to_ogr(const struct geo_crs *crs);

#endif
