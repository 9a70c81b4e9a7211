/*
 * gep/item — the interface every accounting item implements, and the registry of items.
 *
 * A spatial item computes its physical quantity per cell, a row of cells at a time, from the
 * input layers it declares and coefficient tables indexed by land-cover class; the engine
 * sums it by region × ecosystem type and writes it as a raster. Its value is the quantity
 * times a unit value (yuan per unit) assembled from the method's prices in `parts` — e.g.
 * soil retention = sediment + nitrogen + phosphorus — so every yuan of the account can be
 * traced to a price, its year and source. Each item lives in its own file, whose header names
 * the section of the standard it follows.
 */
#ifndef LS_GEP_ITEM_H
#define LS_GEP_ITEM_H

#include "gep/ecosystem.h"
#include "gep/method.h"

enum gep_category { GEP_PROVISIONING, GEP_REGULATING, GEP_CULTURAL, GEP_STOCK };

/* Input layers of spatial items: the account names each raster by these keys. */
enum gep_layer {
    GEP_L_PRECIPITATION, /* annual precipitation, mm */
    GEP_L_ET0,           /* annual reference evapotranspiration, mm */
    GEP_L_SOIL_DEPTH,    /* root-restricting layer depth, mm */
    GEP_L_PAWC,          /* plant-available water content, 0–1 */
    GEP_L_EROSIVITY,     /* rainfall erosivity R, MJ·mm/(ha·h·a) */
    GEP_L_ERODIBILITY,   /* soil erodibility K, t·ha·h/(ha·MJ·mm) */
    GEP_L_NPP,           /* net primary production, g C/(m²·a) */
    GEP_L_LS,            /* slope length-steepness factor, derived from the account's "dem" */
    GEP_L_WIND_FACTOR,   /* RWEQ weather factor WF of the year, kg/m */
    GEP_L_SAND,          /* soil sand content, % */
    GEP_L_SILT,          /* soil silt content, % */
    GEP_L_CLAY,          /* soil clay content, % */
    GEP_L_ORGANIC,       /* soil organic matter, % */
    GEP_L_NDVI,          /* normalised difference vegetation index (growing season) */
    GEP_L_COUNT
};
const char *gep_layer_key(int layer);

#define GEP_NEEDS(l) (1u << (l))

/* One row of cells. */
struct gep_row {
    long n;
    double cell_m2;                /* area of each cell of the row */
    const double *in[GEP_L_COUNT]; /* NaN = nodata; NULL for layers no item needs */
    const long *cls;               /* class index per cell, -1 outside the account */
};

#define GEP_MAX_PARTS  6
#define GEP_MAX_TABLES 6
#define GEP_MAX_PARAMS 8

struct gep_value_part {
    char name[48];        /* "sediment", "nitrogen" ... */
    char price[48];       /* the method's price it comes from */
    double yuan_per_unit; /* per unit of the item's physical quantity, re-based */
};

struct gep_item_def;
struct gep_stats;

/* A part of an item's account: a product, a pollutant, a storage type. */
struct gep_component {
    char name[64];
    char unit[16];
    double physical, value;
};

/*
 * What an item computed after the spatial pass sees: areas by region × ecosystem type and by
 * region × class, the statistics table, and the arrays it fills (region slots × GEP_ECO_COUNT;
 * slot n_polygons is the county level, for figures only known for the whole region).
 */
struct gep_account;
struct gep_post {
    const struct gep_account *account;
    const struct gep_method *m;
    const struct gep_classes *cl;
    size_t n_slots, n_polygons;
    const double *area_eco;   /* n_slots × GEP_ECO_COUNT, m² */
    const double *area_class; /* n_slots × cl->n, m² */
    const struct gep_stats *stats;
    double *phys, *value;
    struct gep_component **comp;
    size_t *ncomp;
};

/* Adds physical and value to the component of that name (created on first use). */
int gep_post_component(struct gep_post *p, const char *name, const char *unit, double physical,
                       double value);

/* An item prepared for one run: coefficients read, prices re-based. */
struct gep_item {
    const struct gep_item_def *def;
    const struct gep_method_item *mi;
    double par[GEP_MAX_PARAMS];
    double *tab[GEP_MAX_TABLES]; /* per class; owned, freed by gep_item_release */
    int nparts;
    struct gep_value_part parts[GEP_MAX_PARTS];
    double unit_value; /* Σ parts, yuan per physical unit */
};

struct gep_item_def {
    const char *id, *zh, *en;
    const char *unit;   /* of the physical quantity: "m3", "t", "t CO2", "kWh" */
    const char *source; /* section of the standard / reference */
    enum gep_category category;
    unsigned needs; /* GEP_NEEDS(...) of the layers it reads */
    /* Reads coefficients and prices for the method's model; fills tabs, par and parts. */
    int (*prepare)(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                   struct ls_err *err);
    /* Spatial items: physical quantity of each cell of the row, in `unit` per cell; NaN where
     * none. Value = physical × unit_value. */
    void (*row)(const struct gep_item *it, const struct gep_row *r, double *phys);
    /* Items from statistics and areas: fill p->phys and p->value after the spatial pass. */
    int (*post)(const struct gep_item *it, struct gep_post *p, struct ls_err *err);
    int uses_stats;  /* rows of the statistics table name this item */
    int default_eco; /* ecosystem type of statistics rows that give none */
};

/* The post function of items that are Σ quantity × price over their statistics rows. */
int gep_stats_post(const struct gep_item *it, struct gep_post *p, struct ls_err *err);
/* Prepare for such items: no coefficients, no method prices (prices come with the rows). */
int gep_stats_prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                      struct ls_err *err);

/* The item of that id, NULL when there is none. */
const struct gep_item_def *gep_item_find(const char *id);
/* All items, NULL-terminated, in the standard's order. */
const struct gep_item_def *const *gep_items(void);

/* Helpers for prepare functions. */
int gep_item_table(struct gep_item *it, int slot, const struct gep_method *m, const char *name,
                   const struct gep_classes *cl, struct ls_err *err);
int gep_item_part(struct gep_item *it, const char *name, const char *price, double factor,
                  double yuan_per_price_unit);
/* The model must be one of the item's; otherwise an error naming the models it knows. */
int gep_item_model(const struct gep_item *it, const struct gep_method *m, const char *const *known,
                   struct ls_err *err);
void gep_item_release(struct gep_item *it);

#endif
