/*
 * geo/area — ellipsoidal (椭球面) area as the national land survey computes it.
 *
 * Formula: 国土调查办发〔2008〕32号《图幅理论面积与图斑椭球面积计算公式及要求》, carried into
 * the third national land survey (spatial.md §2.2). Each vertex is inverse-projected to
 * (B, L) on the CGCS2000 ellipsoid; each edge contributes the ellipsoidal trapezoid between
 * the prime meridian (L0 = 0, as the official software does) and the edge's mean longitude,
 * over the edge's latitude span, by the five-term series in sin(kΔB/2)·cos(kBm). The sum is
 * the ring's area; holes are subtracted. Edges are therefore straight in the Gauss–Krüger
 * plane only to the extent the vertices are dense: the survey does not densify, neither do we.
 *
 * A geo_area_ctx holds a PROJ context and transform: one per thread, not shared.
 */
#ifndef LS_GEO_AREA_H
#define LS_GEO_AREA_H

#include <stddef.h>

#include "base/err.h"
#include "geo/crs.h"
#include "geo/geom.h"

#define GEO_CGCS2000_A    6378137.0
#define GEO_CGCS2000_INVF 298.257222101

/* Series coefficients A..E of §2.2 for CGCS2000 (exposed for tests). */
void geo_area_series_coefficients(double coef[5]);

/*
 * Signed area (m²) of a ring of geographic vertices (degrees, interleaved lon, lat) by the
 * survey series with L0 = 0: positive when counter-clockwise in (lon, lat).
 */
double geo_area_ring_lonlat(const double *lonlat, size_t n);

struct geo_area_ctx;

/* New context for coordinates in `crs`. Caller frees with geo_area_ctx_free. */
int geo_area_ctx_new(const struct geo_crs *crs, struct geo_area_ctx **out, struct ls_err *err);
void geo_area_ctx_free(struct geo_area_ctx *ctx);

/*
 * Planar and ellipsoidal area (m²) of a multipolygon in the context's CRS. Planar is the
 * shoelace area in the projected plane; for geographic input, in the 3° Gauss–Krüger zone of
 * the first vertex. Fails with LS_EINVAL when a vertex cannot be transformed.
 */
int geo_area_mpoly(struct geo_area_ctx *ctx, const struct geo_mpoly *m, double *planar_m2,
                   double *ellipsoidal_m2, struct ls_err *err);

/*
 * Inverse-projects n interleaved (x, y) points of the context's CRS into lon/lat degrees
 * (out: 2n doubles, interleaved lon, lat). Geographic input is copied.
 */
int geo_area_to_lonlat(struct geo_area_ctx *ctx, const double *xy, size_t n, double *out,
                       struct ls_err *err);

#define GEO_M2_PER_HA 10000.0
#define GEO_M2_PER_MU (10000.0 / 15.0)

#endif
