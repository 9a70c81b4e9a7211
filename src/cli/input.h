/*
 * cli/input — reads the polygons of any input the CLI accepts (OGR vector files, VCT,
 * boundary-point coordinate files) into one list with ids and a resolved CRS.
 * cli_polys_free releases everything.
 */
#ifndef LS_CLI_INPUT_H
#define LS_CLI_INPUT_H

#include "base/err.h"
#include "geo/crs.h"
#include "geo/geom.h"

struct cli_poly {
    char id[128];
    long long fid;
    char problem[160]; /* validity problem found on reading, "" when valid */
    struct geo_mpoly geom;
};

struct cli_polys {
    struct geo_crs crs;
    char layer[256];
    char encoding[64];
    struct cli_poly *items;
    size_t count, cap;
};

int cli_read_polygons(const char *path, const char *layer, const char *crs_text,
                      struct cli_polys *out, struct ls_err *err);
void cli_polys_free(struct cli_polys *p);
/* A new zeroed item at the end of p, or NULL (err set) when out of memory. */
struct cli_poly *cli_polys_push(struct cli_polys *p, struct ls_err *err);

#endif
