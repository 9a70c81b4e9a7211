/*
 * gep/run — one account run: prepares the method's items, derives the LS factor from the
 * DEM when an item needs it, streams every input raster once through the executor computing
 * all spatial items per cell (writing a physical and a value raster per item), and sums them
 * by region × ecosystem type. The sums are taken in raster order, so the account is the same
 * whatever the threads and strips.
 *
 * A land-cover code absent from the class table, an input raster on another grid, or an
 * input with no value where the account needs one is an error naming the raster and the
 * cell; nothing is left in the output folder then. The caller owns a result and frees it with
 * gep_result_free.
 */
#ifndef LS_GEP_RUN_H
#define LS_GEP_RUN_H

#include "base/hash.h"
#include "gep/account.h"
#include "gep/statistics.h"
#include "raster/exec.h"

struct gep_result_item {
    struct gep_item item;       /* prepared: def, method item, value parts */
    double *phys, *value;       /* n_regions × GEP_ECO_COUNT sums (physical, yuan) */
    struct gep_component *comp; /* products, pollutants ... of post items */
    size_t ncomp;
    const char *not_applicable; /* the account's reason, or NULL */
};

struct gep_input_record {
    char role[48];
    char path[GEP_PATH_MAX];
    char sha256[LS_SHA256_HEX];
};

struct gep_result {
    struct gep_account account;
    struct gep_method method;
    struct gep_price_index index;
    struct gep_classes classes;
    size_t n_regions;          /* polygon regions, plus one for county-level statistics */
    size_t n_polygons;         /* regions from the region layer */
    char (*region_names)[128]; /* n_regions names */
    double *area_m2;           /* n_regions × GEP_ECO_COUNT */
    double *class_area_m2;     /* n_regions × classes.n */
    struct gep_stats stats;
    size_t n_items;
    struct gep_result_item *items;
    size_t n_inputs;
    struct gep_input_record inputs[GEP_L_COUNT + 8];
    long cells_outside; /* grid cells in no region */
};

struct gep_run_opts {
    struct rs_exec_opts exec;
    int write_rasters; /* per-item physical and value GeoTIFFs */
};

/* Runs the account; out_dir must exist and is where rasters are written. */
int gep_run(const struct gep_account *a, const char *out_dir, const struct gep_run_opts *o,
            struct gep_result *res, struct ls_err *err);

/* Sums of an item over the whole account, one region, or one ecosystem type (-1: all). */
double gep_result_phys(const struct gep_result *r, size_t item, long region, int eco);
double gep_result_value(const struct gep_result *r, size_t item, long region, int eco);

/* Totals: GEP (the items the method counts in it) and by category. */
struct gep_totals {
    double gep, provisioning, regulating, cultural;
};
void gep_result_totals(const struct gep_result *r, struct gep_totals *t);

void gep_result_free(struct gep_result *r);

#endif
