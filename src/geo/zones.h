/*
 * geo/zones — the polygons of one vector layer with a few of their fields, for finding the
 * one a point lies in: what a mass appraisal asks of its base maps (the land grade zone, the
 * forest stand, the sea-area class, the survey patch of a unit) hundreds of thousands of times.
 * The rings are kept as plain coordinates under a uniform grid of about one zone per cell, and
 * a point is found by the crossing-number test on the candidates of its cell — no geometry
 * built per query, none prepared per zone (each zone is asked about once or twice, so
 * preparing it would cost more than it saves). Fields are kept as text (NULL as ""), in the
 * order asked.
 *
 * Ownership: geo_zones_open fills z, which owns everything; geo_zones_free releases it.
 */
#ifndef LS_GEO_ZONES_H
#define LS_GEO_ZONES_H

#include <stddef.h>

#include "base/err.h"

struct geo_zones {
    size_t n, nfields;
    double *bbox;       /* zone · 4: xmin, ymin, xmax, ymax */
    size_t *zone_rings; /* zone → its first ring; [n] the ring count */
    size_t *ring_pts;   /* ring → its first point; [rings] the point count */
    double *xy;         /* points, x then y */
    char **values;      /* zone · nfields + field */
    /* the grid: cell (i, j) lists cell_items[cell_first[c] … cell_first[c + 1]) */
    double gx0, gy0, gsize;
    size_t gw, gh, *cell_first, *cell_items;
};

/* The layer's polygons and the named fields (NULL-terminated; each must exist). */
int geo_zones_open(const char *path, const char *layer, const char *const *fields,
                   struct geo_zones *z, struct ls_err *err);
/* The zone containing (x, y) (lowest index when several do), -1 when none. */
long geo_zones_find(const struct geo_zones *z, double x, double y);
const char *geo_zones_value(const struct geo_zones *z, size_t zone, size_t field);
void geo_zones_free(struct geo_zones *z);

#endif
