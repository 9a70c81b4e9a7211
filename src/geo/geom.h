/*
 * geo/geom — the plain polygon arrays the area and coordinate-file code work on.
 *
 * Coordinates are interleaved (x, y) doubles: x is easting or longitude, y northing or
 * latitude, whatever the file's own axis order was. A ring may or may not repeat its first
 * point at the end. Every struct owns its arrays: free with geo_mpoly_free (NULL-safe).
 */
#ifndef LS_GEO_GEOM_H
#define LS_GEO_GEOM_H

#include <stddef.h>

#include "base/err.h"

struct geo_ring {
    double *xy;
    size_t n;
};

struct geo_poly {
    struct geo_ring *rings; /* rings[0] is the outer ring, the rest are holes */
    size_t nrings;
};

struct geo_mpoly {
    struct geo_poly *polys;
    size_t npolys;
};

void geo_mpoly_free(struct geo_mpoly *m);

/* Appends a ring (copied) to polygon `poly` of m, creating polygons up to that index. */
int geo_mpoly_add_ring(struct geo_mpoly *m, size_t poly, const double *xy, size_t n,
                       struct ls_err *err);

/* Number of vertices over all rings. */
size_t geo_mpoly_vertex_count(const struct geo_mpoly *m);

/* Distinct points among the first n of a ring, counting no further than `enough`. */
size_t geo_ring_distinct_points(const double *xy, size_t n, size_t enough);

/* Shoelace area of a ring, signed: positive when counter-clockwise (x east, y north). */
double geo_ring_signed_area_planar(const double *xy, size_t n);

/* Planar area: |outer| − Σ|holes| per polygon, summed. */
double geo_mpoly_area_planar(const struct geo_mpoly *m);

/*
 * Nests a flat list of rings (each the single ring of one polygon of `rings`) into polygons
 * appended to out: a ring inside an odd number of others is a hole of the smallest ring
 * containing it; the others are outer rings (islands inside holes included).
 */
int geo_mpoly_nest(const struct geo_mpoly *rings, struct geo_mpoly *out, struct ls_err *err);

/*
 * Ring densified so that no edge is longer than max_len (same units as xy), by inserting
 * equally spaced points on each long edge. *out is malloc'd; caller frees with free().
 */
int geo_ring_densify(const double *xy, size_t n, double max_len, double **out, size_t *out_n,
                     struct ls_err *err);

#endif
