/*
 * app/compensation — the ecological-compensation use cases (生态补偿), once, behind `liangshan
 * compensate` and the API: an allocation computed from its request and factor table, written as
 * a report (.json, .xlsx, .html) and recorded on the ledger in one step; two allocations
 * explained; a horizontal agreement recorded; a year settled from its monitoring series (or the
 * supplier's GEP) and recorded; a settlement disputed; the records read back. The rules live in
 * compensation/.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_COMPENSATION_H
#define LS_APP_COMPENSATION_H

#include <gdal.h>
#include <jansson.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "compensation/compensation.h"
#include "geo/transform.h"
#include "registry/registry.h"
#include "store/store.h"

struct app_compensation {
    struct ls_store *st;
    struct reg *reg;
    struct cmp *cmp;
};
int app_compensation_open(const char *target, struct app_compensation *a, struct ls_err *err);
void app_compensation_close(struct app_compensation *a);

struct app_allocate_opts {
    int allow_unverified;
    const char *out_dir; /* the report's folder, or NULL */
    int overwrite;
    const char *actor, *recorded; /* for the ledger */
};
/* Computes the allocation of a request file; with a (not NULL) records it — the report is
 * published only once the record is accepted, and the record committed only once the report
 * is written. */
int app_compensation_allocate(struct app_compensation *a, const char *request_path,
                              const struct app_allocate_opts *o, json_t **out, struct ls_err *err);
/* The same for a request already parsed (the API), resolving its factor file in base_dir. */
int app_compensation_allocate_json(struct app_compensation *a, const json_t *request,
                                   const char *input, const char *base_dir,
                                   const struct app_allocate_opts *o, json_t **out,
                                   struct ls_err *err);

/* Two allocations, each a file (allocation.json) or, with a store, a recorded id. */
int app_compensation_diff(struct app_compensation *a, const char *before, const char *after,
                          json_t **out, struct ls_err *err);

int app_compensation_agreement(struct app_compensation *a, const char *path, int allow_unverified,
                               const char *actor, const char *recorded, json_t **out,
                               struct ls_err *err);
/* A year of a recorded agreement from the series (NULL: none) or the GEP of the year (gep_dir:
 * a GEP run's folder, its total); recorded unless dry_run. */
int app_compensation_settle(struct app_compensation *a, const char *agreement, int year,
                            const char *series, const char *gep_dir, int dry_run, const char *actor,
                            const char *recorded, json_t **out, struct ls_err *err);
int app_compensation_dispute(struct app_compensation *a, const char *agreement, int year,
                             const char *party, const char *reason, const char *actor,
                             const char *recorded, json_t **out, struct ls_err *err);

/* The county's factor table by township, measured from its layers (compensation_factors.c):
 * region, name, land, red-line area and share, core zone, basic farmland, forest and wetland
 * areas (km², ellipsoidal) and, with a GEP run on the townships, gep_yuan. */
struct app_factors_opts {
    const char *data;   /* county.gpkg: the control lines and the townships */
    const char *survey; /* the survey year's patches (landuse_patch), NULL: data's own */
    const char *gep_dir;
    const char *out; /* FACTORS.csv */
    int overwrite;
};
/* *summary {"factors", "townships", "patches", "land_area_km2", "redline_area_km2",
 * "redline_share"}. */
int app_compensation_factors(const struct app_factors_opts *o, json_t **summary,
                             struct ls_err *err);

/* A county's areas in km², ellipsoidal, summed over its townships by the same measurement as
 * the factor table: land, red line, core zones, basic farmland, forest, wetland. */
#define APP_COUNTY_AREAS 6
int app_compensation_county_areas(const char *data, double km2[APP_COUNTY_AREAS],
                                  struct ls_err *err);

/* A province's factor table by county (compensation_province.c), from the province demo's
 * layout (demo/province: DIR/<code>/county.gpkg, DIR/tables/{counties, prohibited_zones,
 * ei}.csv): the measured areas of each county summed from its townships, its population,
 * fiscal gap, gap ratio and last year's transfer, its prohibited zones (area, national area,
 * number) and its EI of `year` (ei_after) and the year before (ei_before). */
struct app_province_factors_opts {
    const char *province; /* DIR */
    int year;
    const char *out;
    int overwrite;
};
/* *summary {"factors", "counties", "year", "land_area_km2", "redline_area_km2",
 * "redline_share"}. */
int app_compensation_province_factors(const struct app_province_factors_opts *o, json_t **summary,
                                      struct ls_err *err);

/* With published_only, what the public reads: published allocations only. */
int app_compensation_show_allocation(struct app_compensation *a, const char *id, int published_only,
                                     json_t **out, struct ls_err *err);
int app_compensation_list(struct app_compensation *a, int published_only, json_t **out,
                          struct ls_err *err);
/* A reviewer publishes a recorded allocation (not one they recorded); *out the allocation. */
int app_compensation_publish(struct app_compensation *a, const char *id, const char *date,
                             const char *actor, const char *recorded, json_t **out,
                             struct ls_err *err);
int app_compensation_show_agreement(struct app_compensation *a, const char *id, json_t **out,
                                    struct ls_err *err);

/* The map of an allocation (compensation_map.c): the outlines of its regions, as a GeoJSON
 * FeatureCollection (lon/lat, properties XZQDM and XZQMC) appended to b. Township codes (9
 * digits) are read from the county dataset's township layer; county codes (6) from
 * province_gpkg's county layer (the province demo's province.gpkg; NULL or missing: none).
 * LS_ENOENT naming "regions" when the server's data has no outlines for them. The dataset and
 * transformation are borrowed. */
int app_compensation_map(struct app_compensation *a, const char *id, int published_only,
                         GDALDatasetH county, const char *province_gpkg,
                         struct geo_transform *to_wgs84, struct ls_strbuf *b, struct ls_err *err);

#endif
