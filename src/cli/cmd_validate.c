/* cli/cmd_validate — `liangshan validate FILE`: geometry problems feature by feature, and a
 * repaired copy (GEOS MakeValid) with the area each repair changed. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "geo/area.h"
#include "geo/copy.h"
#include "geo/ogr_bridge.h"
#include "geo/validity.h"
#include "geo/vector.h"

static void help(void)
{
    printf("usage: liangshan validate FILE [--layer NAME] [--repair OUT [--force]] [--json]\n\n"
           "Checks every feature: rings that do not close, rings with fewer than 3 distinct\n"
           "points, repeated points, and OGC validity by GEOS (self-intersection, crossing\n"
           "rings, holes outside shells...). Each problem is reported with the feature and the\n"
           "place. With --repair, writes OUT with invalid geometries repaired by GEOS MakeValid\n"
           "(structure method) and reports how much area each repair changed (planar and\n"
           "ellipsoidal, m²).\n"
           "exit: 0 checked (problems are reported, not errors), 1 bad input, 2 internal error\n");
}

struct repair_ctx {
    struct geo_validator *v;
    struct geo_area_ctx *area;
    struct geo_vsource *s;
    json_t *items;
    long invalid, repaired, repeated;
    int json;
};

static int areas(struct repair_ctx *r, OGRGeometryH g, double *planar, double *ell)
{
    *planar = *ell = NAN;
    if (!r->area || !g)
        return 0;
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t != wkbPolygon && t != wkbMultiPolygon)
        return 0;
    struct geo_mpoly m = { 0 };
    int rc = geo_mpoly_from_ogr(g, &m, NULL);
    if (!rc)
        rc = geo_area_mpoly(r->area, &m, planar, ell, NULL);
    geo_mpoly_free(&m);
    return rc;
}

static json_t *num(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

/* Checks one feature; returns its repaired geometry when it is invalid and repair is on. */
static OGRGeometryH check(void *ctx, OGRFeatureH f, int *rc, struct ls_err *err)
{
    struct repair_ctx *r = ctx;
    struct geo_problem p;
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    *rc = geo_validate(r->v, g, &p, err);
    if (*rc)
        return NULL;
    r->repeated += p.repeated_points;
    if (p.valid)
        return NULL;
    r->invalid++;
    char label[128];
    geo_vsource_feature_label(r->s, f, label, sizeof label);
    OGRGeometryH fixed = NULL;
    double p0, e0, p1 = NAN, e1 = NAN;
    areas(r, g, &p0, &e0);
    if (p.repairable && g && geo_make_valid(r->v, g, &fixed, NULL) == 0) {
        r->repaired++;
        areas(r, fixed, &p1, &e1);
    }
    if (r->json) {
        json_t *o = json_pack("{s:s,s:I,s:s,s:f,s:f,s:b}", "feature", label, "fid",
                              (json_int_t)OGR_F_GetFID(f), "problem", p.reason, "x", p.x, "y", p.y,
                              "repaired", fixed != NULL);
        if (fixed) {
            json_object_set_new(o, "planar_area_change_m2", num(p1 - p0));
            json_object_set_new(o, "ellipsoidal_area_change_m2", num(e1 - e0));
        }
        json_array_append_new(r->items, o);
    } else {
        printf("feature %s (fid %lld): %s at (%.4f, %.4f)", label, (long long)OGR_F_GetFID(f),
               p.reason, p.x, p.y);
        if (fixed)
            printf("; repaired, area change planar %+.4f m², ellipsoidal %+.4f m²", p1 - p0,
                   e1 - e0);
        printf("\n");
    }
    return fixed;
}

int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        { "layer", required_argument, NULL, 'l' }, { "repair", required_argument, NULL, 'r' },
        { "force", no_argument, NULL, 'f' },       { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },        { NULL, 0, NULL, 0 }
    };
    const char *layer = NULL, *repair = NULL;
    int json = 0, force = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            layer = optarg;
            break;
        case 'r':
            repair = optarg;
            break;
        case 'f':
            force = 1;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            help();
            return 0;
        default:
            return cli_usage_error("validate", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("validate", "expected exactly one FILE");
    const char *path = argv[optind];
    struct ls_err err = { 0 };
    struct repair_ctx r = { .json = json, .items = json_array() };
    long long n = 0;
    int rc = geo_vsource_open(path, layer, &r.s, &err);
    if (!rc)
        rc = geo_validator_new(&r.v, &err);
    if (!rc && r.s->has_crs && !r.s->crs_rc)
        rc = geo_area_ctx_new(&r.s->crs, &r.area, &err);
    if (!rc && repair) {
        struct geo_copy_opts o = { .force = force, .fix = check, .ctx = &r };
        rc = geo_copy_layer(r.s, repair, &o, &n, &err);
    } else if (!rc) {
        OGRFeatureH f;
        while (!rc && (f = geo_vsource_next(r.s)) != NULL) {
            OGRGeometryH fixed = check(&r, f, &rc, &err);
            if (fixed)
                OGR_G_DestroyGeometry(fixed);
            OGR_F_Destroy(f);
            n++;
        }
        if (!rc)
            rc = geo_vsource_finish(r.s, &err);
    }
    if (rc) {
        if (!err.input[0])
            snprintf(err.input, sizeof err.input, "%s", path);
    } else if (json) {
        cli_print_json(json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:o,s:s?}", "file", path, "layer",
                                 r.s->layer_name, "features", (json_int_t)n, "invalid",
                                 (json_int_t)r.invalid, "repaired", (json_int_t)r.repaired,
                                 "repeated_points", (json_int_t)r.repeated, "problems", r.items,
                                 "output", repair));
        r.items = NULL;
    } else {
        printf("%s (%s): %lld features, %ld invalid, %ld repeated points%s%s\n", path,
               r.s->layer_name, n, r.invalid, r.repeated, repair ? "; repaired copy: " : "",
               repair ? repair : "");
    }
    json_decref(r.items);
    geo_area_ctx_free(r.area);
    geo_validator_free(r.v);
    geo_vsource_close(r.s);
    return rc ? cli_fail(&err, json) : 0;
}
