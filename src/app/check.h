/*
 * app/check — the three-control-lines compliance check of a project footprint: the one use
 * case behind `liangshan check` and POST /api/v1/checks.
 *
 * One reader for every input kind (geo/footprint), one transformation into the county's CRS,
 * one validity policy (an invalid footprint is refused naming GEOS's reason, or repaired with
 * GEOS MakeValid when asked and said so), one policy for inputs of several features: a
 * land-approval file is one project of several parcels, so each parcel is checked and
 * reported, and the project — the union of its parcels, overlaps between them counted once —
 * is checked as a whole and gives the verdict, areas and obligations.
 *
 * Ownership: app_check_run fills a result the caller releases with app_check_result_free;
 * the checker's members are borrowed from the face (the CLI opens them per run, the server
 * per worker thread) and are used by one thread at a time.
 */
#ifndef LS_APP_CHECK_H
#define LS_APP_CHECK_H

#include <jansson.h>

#include "geo/area.h"
#include "geo/footprint.h"
#include "zoning/check.h"

/* A rule table by name or path, refused when it has gaps or contradictions
 * (zn_rules_check): every face checks against a table that decides every case once. */
int app_rules_open(const char *name_or_path, struct zn_rules *rules, struct ls_err *err);

struct app_checker {
    const struct zn_rules *rules;
    struct zn_data *zd;               /* the county's control layers */
    struct geo_area_ctx *area;        /* ellipsoidal areas in the county's CRS */
    struct geo_transform *from_wgs84; /* EPSG:4326 -> the county's CRS, reused; or NULL */
};

struct app_check_request {
    struct geo_fp_source src; /* src.to_epsg is set by app_check_run */
    int category;             /* index into rules->categories */
    int repair;               /* make an invalid footprint valid instead of refusing it */
};

struct app_check_parcel {
    struct zn_check_result res;
    char note[320]; /* the transformation and the repair, "" when neither */
};

struct app_check_result {
    GEOSContextHandle_t h;
    struct geo_footprint fp;          /* the parts as read, transformed and repaired */
    struct app_check_parcel *parcels; /* one per part */
    size_t n;
    int has_project;            /* several parcels: the project's check below */
    GEOSGeometry *project_geom; /* their union */
    struct app_check_parcel project;
};

int app_check_run(const struct app_checker *c, const struct app_check_request *q,
                  struct app_check_result *out, struct ls_err *err);

/* The check that decides: the project's when there are several parcels, else the parcel's;
 * and its footprint. */
const struct app_check_parcel *app_check_total(const struct app_check_result *r);
const GEOSGeometry *app_check_total_geometry(const struct app_check_result *r);

/*
 * The answer as both faces give it: the deciding check (zoning/check's JSON, each overlap
 * with its zone's Chinese name, "note" when transformed or repaired) and, with several
 * parcels, "parcels": each parcel's own check. Caller owns it.
 */
json_t *app_check_json(const struct app_checker *c, const struct app_check_result *r);

void app_check_result_free(struct app_check_result *r);

#endif
