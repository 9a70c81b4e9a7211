/*
 * demo/eco_site — the demo county's eco-tourism site: a state reservoir's water surface, a
 * shore plot cut out of it for a visitor point, the two contracted forest parcels nearest it,
 * and the valuation and bundle requests that sell them together (issue 21). See eco_site.c.
 * Geometries are owned by the struct: demo_eco_site_free.
 * Internal to demo/.
 */
#ifndef LS_DEMO_ECO_SITE_H
#define LS_DEMO_ECO_SITE_H

#include <ogr_api.h>

#include "base/err.h"

struct demo_eco_site {
    OGRGeometryH water, service; /* the reservoir less the plot; the plot */
    double cx, cy;               /* the plot's centre, inside the reservoir */
    char village[16];            /* the 12-digit village the reservoir lies in */
    char forest[2][32];          /* the contracted forest parcels nearest, the nearer first */
    double forest_ha[2], d2[2];
};

/* The reservoir and its plot, from county.gpkg's landuse_patch and eco_redline. */
int demo_eco_site_find(const char *gpkg, struct demo_eco_site *e, struct ls_err *err);
/* Offers one contracted forest parcel (code, geometry): kept when among the two nearest. */
void demo_eco_site_consider(struct demo_eco_site *e, const char *code, OGRGeometryH g);
/* The unit codes of the water surface and the plot (state land, G; kinds N and B). */
void demo_eco_site_codes(const struct demo_eco_site *e, char water[32], char service[32]);
/* DIR/bundle/valuations.json and DIR/bundle/eco-tourism.json (DIR/bundle must exist). */
int demo_eco_site_requests(const char *dir, const struct demo_eco_site *e, struct ls_err *err);
void demo_eco_site_free(struct demo_eco_site *e);

#endif
