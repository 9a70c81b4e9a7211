/*
 * app/gep_attribution — GEP attributed to registry units (issue 21; the bridge from measure
 * to register): a GEP account's value rasters summed over every unit in force of one layer by
 * exact cell-area weighting (raster/zone_sums), item by item, with what lies in no unit kept
 * apart, so that per item the units' sums and the rest add up to the raster's total.
 *
 * The items are the account's spatial items counted in GEP (each its ITEM_value.tif) and the
 * whole GEP map (gep_total_value.tif, where the items from statistics are spread over their
 * region); a unit's "statistics" share is the map's less its spatial items. Layered rights:
 * the account values the surface (land cover, water, the sea surface), so it is attributed to
 * the units of one layer at a time — the surface by default; the whole-column units (nature
 * reserves) as a view of their own; units below the surface (minerals, the seabed) get none.
 *
 * Ownership: app_gep_attribute fills a result the caller frees with app_gep_attribution_free.
 */
#ifndef LS_APP_GEP_ATTRIBUTION_H
#define LS_APP_GEP_ATTRIBUTION_H

#include <stddef.h>

#include "base/err.h"

struct app_gep_attribution {
    char account[128]; /* the account's name and year */
    size_t n_units, n_items;
    char (*units)[64];  /* unit codes, in code order */
    char (*items)[48];  /* item ids; the last is "gep" (the whole map) */
    double *sums;       /* unit · n_items + item, yuan */
    double *outside;    /* per item: in no unit */
    double *total;      /* per item: the raster's total */
    double account_gep; /* the account's GEP (its totals.gep_yuan) */
};

struct app_gep_attribution_opts {
    const char *store;       /* the registry's store */
    const char *account_dir; /* a GEP run's output folder (account.json and the rasters) */
    const char *layer;       /* the units' layer; NULL: "surface" */
};

int app_gep_attribute(const struct app_gep_attribution_opts *o, struct app_gep_attribution *out,
                      struct ls_err *err);
void app_gep_attribution_free(struct app_gep_attribution *a);

/* Through the rights: each holder's part of its units' values (reg_unit_holders: the holders
 * of a unit's use rights, else of its ownership, by their shares), in party order. */
struct app_gep_holders {
    size_t n, n_items;
    char (*party)[64];
    double *sums; /* holder · n_items + item, yuan */
};
int app_gep_attribution_holders(const struct app_gep_attribution *a, const char *store,
                                const char *layer, struct app_gep_holders *out, struct ls_err *err);
void app_gep_holders_free(struct app_gep_holders *h);
/* One row per holder: party, each item, statistics, gep. */
int app_gep_holders_csv(const struct app_gep_attribution *a, const struct app_gep_holders *h,
                        const char *path, struct ls_err *err);

/* The largest |units + outside − total| / |total| over the items: the closure the figures keep. */
double app_gep_attribution_closure(const struct app_gep_attribution *a);

/* One row per unit: unit, each item, statistics (the map's less its spatial items), gep. */
int app_gep_attribution_csv(const struct app_gep_attribution *a, const char *path,
                            struct ls_err *err);

#endif
