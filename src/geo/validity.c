/* geo/validity — see validity.h. */
#define GEOS_USE_ONLY_R_API
#include "geo/validity.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "geo/geos_bridge.h"

struct geo_validator {
    GEOSContextHandle_t ctx;
    char msg[512];
};

static void geos_error(const char *message, void *userdata)
{
    struct geo_validator *v = userdata;
    snprintf(v->msg, sizeof v->msg, "%s", message);
}

int geo_validator_new(struct geo_validator **out, struct ls_err *err)
{
    struct geo_validator *v = calloc(1, sizeof *v);
    if (!v)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    v->ctx = geo_geos_new();
    if (!v->ctx) {
        free(v);
        return ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "GEOS initialisation failed");
    }
    GEOSContext_setErrorMessageHandler_r(v->ctx, geos_error, v);
    *out = v;
    return 0;
}

void geo_validator_free(struct geo_validator *v)
{
    if (!v)
        return;
    GEOS_finish_r(v->ctx);
    free(v);
}

/* The survey's own ring checks, before GEOS (which would refuse to even build such rings). */
static int ring_checks(OGRGeometryH g, int is_ring, struct geo_problem *p, int *ring_no)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon || t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            if (ring_checks(OGR_G_GetGeometryRef(g, i), t == wkbPolygon, p, ring_no))
                return 1;
        return 0;
    }
    if (t != wkbLineString && t != wkbLinearRing)
        return 0;
    (*ring_no)++;
    int n = OGR_G_GetPointCount(g);
    if (n == 0)
        return 0;
    double x0 = OGR_G_GetX(g, 0), y0 = OGR_G_GetY(g, 0);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
        double x = OGR_G_GetX(g, i), y = OGR_G_GetY(g, i);
        if (i > 0 && x == OGR_G_GetX(g, i - 1) && y == OGR_G_GetY(g, i - 1))
            p->repeated_points++;
        int seen = 0;
        for (int k = 0; k < i && !seen && distinct < 3; k++)
            seen = x == OGR_G_GetX(g, k) && y == OGR_G_GetY(g, k);
        if (!seen && distinct < 3)
            distinct++;
    }
    if (!is_ring) /* OGR reports rings as linestrings: only a polygon's members are rings */
        return 0;
    p->x = x0;
    p->y = y0;
    if (x0 != OGR_G_GetX(g, n - 1) || y0 != OGR_G_GetY(g, n - 1)) {
        snprintf(p->reason, sizeof p->reason, "ring %d does not close", *ring_no);
        return 1;
    }
    if (distinct < 3) {
        snprintf(p->reason, sizeof p->reason, "ring %d has fewer than 3 distinct points", *ring_no);
        return 1;
    }
    return 0;
}

int geo_validate(struct geo_validator *v, OGRGeometryH g, struct geo_problem *p, struct ls_err *err)
{
    memset(p, 0, sizeof *p);
    p->valid = 1;
    if (!g) {
        p->valid = 0;
        snprintf(p->reason, sizeof p->reason, "no geometry");
        return 0;
    }
    int ring_no = 0;
    if (ring_checks(g, 0, p, &ring_no)) {
        p->valid = 0;
        p->repairable = 1;
        return 0;
    }
    v->msg[0] = '\0';
    GEOSGeometry *geom = geo_geos_from_ogr(v->ctx, g);
    if (!geom) {
        p->valid = 0;
        snprintf(p->reason, sizeof p->reason, "unreadable geometry: %s", v->msg);
        return 0;
    }
    char *reason = NULL;
    GEOSGeometry *loc = NULL;
    char r = GEOSisValidDetail_r(v->ctx, geom, 0, &reason, &loc);
    int rc = 0;
    if (r == 2) {
        rc = ls_err_set(err, LS_ELIB, NULL, NULL, "geometry", "GEOS validity check failed: %s",
                        v->msg);
    } else if (r == 0) {
        p->valid = 0;
        p->repairable = 1;
        snprintf(p->reason, sizeof p->reason, "%s", reason ? reason : "invalid");
        if (loc) {
            GEOSGeomGetX_r(v->ctx, loc, &p->x);
            GEOSGeomGetY_r(v->ctx, loc, &p->y);
        }
    }
    if (reason)
        GEOSFree_r(v->ctx, reason);
    if (loc)
        GEOSGeom_destroy_r(v->ctx, loc);
    GEOSGeom_destroy_r(v->ctx, geom);
    return rc;
}

int geo_make_valid(struct geo_validator *v, OGRGeometryH g, OGRGeometryH *out, struct ls_err *err)
{
    *out = NULL;
    /* rings that do not close are closed first; GEOS cannot represent them */
    OGRGeometryH closed = OGR_G_Clone(g);
    OGR_G_CloseRings(closed);
    GEOSGeometry *geom = geo_geos_from_ogr(v->ctx, closed);
    OGR_G_DestroyGeometry(closed);
    if (!geom)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "geometry", "cannot be repaired: %s", v->msg);
    GEOSMakeValidParams *params = GEOSMakeValidParams_create_r(v->ctx);
    GEOSMakeValidParams_setMethod_r(v->ctx, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(v->ctx, params, 0);
    GEOSGeometry *fixed = GEOSMakeValidWithParams_r(v->ctx, geom, params);
    GEOSMakeValidParams_destroy_r(v->ctx, params);
    GEOSGeom_destroy_r(v->ctx, geom);
    if (!fixed)
        return ls_err_set(err, LS_ELIB, NULL, NULL, "geometry", "MakeValid failed: %s", v->msg);
    OGRGeometryH res = geo_geos_to_ogr(v->ctx, fixed);
    GEOSGeom_destroy_r(v->ctx, fixed);
    if (!res)
        return ls_err_set(err, LS_ELIB, NULL, NULL, "geometry", "cannot convert the repair");
    *out = OGR_G_ForceToMultiPolygon(res);
    return 0;
}
