/*
 * geo/validity — geometry checks before any area or overlay: what the survey's quality
 * checkers flag (rings that do not close, rings with fewer than three distinct points,
 * repeated points) and OGC validity by GEOS (self-intersection, ring crossings, holes
 * outside shells...), and repair by GEOS MakeValid (structure method) on request.
 * A geo_validator holds one GEOS context: one per thread.
 */
#ifndef LS_GEO_VALIDITY_H
#define LS_GEO_VALIDITY_H

#include <ogr_api.h>

#include "base/err.h"

struct geo_validator;

struct geo_problem {
    int valid;           /* 1 when nothing is wrong */
    int repairable;      /* MakeValid can fix it */
    char reason[256];    /* first problem found, "" when valid */
    double x, y;         /* where, in the geometry's coordinates */
    int repeated_points; /* consecutive duplicates (valid, but flagged) */
};

int geo_validator_new(struct geo_validator **out, struct ls_err *err);
void geo_validator_free(struct geo_validator *v);

/* Checks g (polygonal or not). Fills p; returns 0, or an error when GEOS itself fails. */
int geo_validate(struct geo_validator *v, OGRGeometryH g, struct geo_problem *p,
                 struct ls_err *err);

/* A valid version of g (caller destroys with OGR_G_DestroyGeometry), polygons kept polygonal
 * (collapsed parts dropped). */
int geo_make_valid(struct geo_validator *v, OGRGeometryH g, OGRGeometryH *out, struct ls_err *err);

#endif
