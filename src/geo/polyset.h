/*
 * geo/polyset — reads the polygons of any vector input we accept (OGR vector files, VCT,
 * boundary-point coordinate files) into one list with ids and a resolved CRS.
 * geo_polyset_free releases everything.
 */
#ifndef LS_GEO_POLYSET_H
#define LS_GEO_POLYSET_H

#include "base/err.h"
#include "geo/crs.h"
#include "geo/geom.h"

struct geo_polyset_item {
    char id[128];
    long long fid;
    char problem[160]; /* validity problem found on reading, "" when valid */
    struct geo_mpoly geom;
};

struct geo_polyset {
    struct geo_crs crs;
    char layer[256];
    char encoding[64];
    struct geo_polyset_item *items;
    size_t count, cap;
};

int geo_polyset_read(const char *path, const char *layer, const char *crs_text,
                     struct geo_polyset *out, struct ls_err *err);
void geo_polyset_free(struct geo_polyset *p);
/* A new zeroed item at the end of p, or NULL (err set) when out of memory. */
struct geo_polyset_item *geo_polyset_push(struct geo_polyset *p, struct ls_err *err);

#endif
