/*
 * demo/internal — private to demo/: the in-memory county the generator builds step by step
 * (terrain → land cover → regions → patches → control lines → rasters and layers), and the
 * steps that write it out.
 * Cell (i, j): column i from the west, row j from the north; its centre lies at
 * easting x0 + (i + 0.5)·cell, northing y0 − (j + 0.5)·cell in EPSG:4528.
 * Everything is owned by the struct and released by demo_county_free.
 * Internal to demo/.
 */
#ifndef LS_DEMO_INTERNAL_H
#define LS_DEMO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "demo/demo.h"

#define DEMO_EPSG        4528
#define DEMO_COUNTY_CODE "331099"
#define DEMO_COUNTY_NAME "两山县"

/* Control-line zone of a cell. */
enum demo_zone { ZONE_NONE = 0, ZONE_PBF = 1, ZONE_ECR = 2, ZONE_CORE = 3, ZONE_UDB = 4 };

struct demo_line {
    double *xy; /* easting, northing */
    size_t n, cap;
    int main; /* 1 main stem, 0 tributary */
    char name[48];
};

struct demo_town {
    double x, y;   /* GK */
    double radius; /* m */
    int seat;      /* county seat */
    char name[48];
};

struct demo_region {
    char code[24];
    char name[64];
    double sx, sy; /* seed point (GK) */
    int parent;    /* township index of a village */
    char mfz[32];  /* main function zone (townships) */
};

struct demo_county {
    enum demo_size size;
    uint64_t seed;
    int nx, ny;
    double cell, x0, y0;
    /* the county's place in a province (demo_county_params; defaults for the demo county) */
    char code[8], name[32];
    double redline_elev_m;              /* natural land above this (± noise) is red line */
    double redline_head_m;              /* radius of red line around river heads, 0 default */
    int straight_north, straight_south; /* a border shared with the county beside it */
    double river_out_x_m, river_in_x_m; /* > 0: the first river leaves south / enters north */
    int layers_only;
    /* terrain */
    float *elev, *slope, *coast_dist, *river_dist;
    uint8_t *sea;    /* 1: sea */
    uint8_t *inside; /* 1: land of the county */
    uint8_t *river;  /* 1: river channel cell */
    /* land cover: survey land-class code as a number (0101 -> 101), 0 outside/sea */
    uint16_t *lc;
    uint16_t *lc_before; /* land cover of the year before, for the two-year GEP accounts */
    /* regions: index + 1, 0 outside */
    uint16_t *village;
    uint8_t *township;
    /* survey patches: label per cell, 0 outside; 1 is the sea, 2 land outside the county */
    int32_t *patch;
    int32_t npatch_labels;
    uint8_t *zone;
    /* environmental rasters */
    float *precip, *et0, *soil_depth, *pawc, *kfac, *rfac, *ndvi, *npp;
    uint8_t *grade; /* cropland quality grade per cell 1..15, 0 none */
    struct demo_line *rivers;
    size_t nrivers;
    struct demo_town *towns;
    size_t ntowns;
    struct demo_region *townships, *villages;
    size_t ntownships, nvillages;
};

static inline size_t demo_idx(const struct demo_county *c, int i, int j)
{
    return (size_t)j * (size_t)c->nx + (size_t)i;
}
static inline double demo_cx(const struct demo_county *c, int i)
{
    return c->x0 + (i + 0.5) * c->cell;
}
static inline double demo_cy(const struct demo_county *c, int j)
{
    return c->y0 - (j + 0.5) * c->cell;
}

int demo_county_alloc(struct demo_county *c, struct ls_err *err);
void demo_county_free(struct demo_county *c);

/* Steps, in order. Each fills its arrays of c. */
int demo_terrain(struct demo_county *c, struct ls_err *err);
int demo_landcover(struct demo_county *c, struct ls_err *err);
int demo_regions(struct demo_county *c, struct ls_err *err);
int demo_patches(struct demo_county *c, struct ls_err *err);
int demo_zones(struct demo_county *c, struct ls_err *err);
void demo_environment(struct demo_county *c);
void demo_land_change(struct demo_county *c);

/* Land-class table of the survey (TD/T 1055-2019) used by the demo. */
struct demo_class {
    uint16_t value;   /* raster value: the code as a number */
    const char *dlbm; /* "0101" */
    const char *dlmc; /* "水田" */
    int state_owned;  /* QSXZ 10 (state) rather than 30 (collective) */
};
const struct demo_class *demo_class_of(uint16_t value);
const struct demo_class *demo_classes(size_t *n);
int demo_is_cropland(uint16_t v);

/* GEP inputs: price index and the accounts of the two years (gep-account.json and
 * gep-account-<year before>.json). */
#define DEMO_GEP_YEAR 2023
int demo_write_gep(const struct demo_county *c, const char *dir, struct ls_err *err);

/* Line helpers */
int demo_line_push(struct demo_line *l, double x, double y);

/* Chamfer distance transform: dist (m) to the nearest cell with src != 0 (float array). */
int demo_distance(const struct demo_county *c, const uint8_t *src, float *dist, struct ls_err *err);

/* Source projects of the resource-rights indicators (survey_sites.c): a patch (its polygon
 * in the current survey) or a stretch of coast (the restored shoreline), what the demo
 * expects of its acceptance, and its footprint as WKT once the layers are written. */
#define DEMO_MAX_SITES 16
enum { DEMO_SITE_PATCH = 1, DEMO_SITE_SHORE = 2, DEMO_SITE_DISC = 3, DEMO_SITE_GROUP = 4 };
struct demo_site {
    char project[16], class_id[24], expect[64];
    int kind;
    int32_t label;         /* the patch (DEMO_SITE_PATCH) */
    uint16_t village;      /* index + 1 */
    double cx, cy, radius; /* the coast window (DEMO_SITE_SHORE); radius < 0: elsewhere;
                            * the disc itself (DEMO_SITE_DISC) */
    char *wkt;             /* malloc'd by the layer writer */
    uint8_t *labels;       /* DEMO_SITE_GROUP: 1 for each patch of the project (malloc'd) */
};
struct demo_sites {
    struct demo_site site[DEMO_MAX_SITES];
    size_t n;
};
/* Chooses the sites and changes lc_before where their projects worked (after demo_zones,
 * before the rasters are written). */
int demo_survey_sites(struct demo_county *c, struct demo_sites *s, struct ls_err *err);
void demo_sites_free(struct demo_sites *s);
/* DIR/indicator/projects.json: one project request per site, with the expected outcome. */
int demo_write_sites(const struct demo_county *c, const struct demo_sites *s, const char *dir,
                     struct ls_err *err);

/* DIR/valuation/base.gpkg (grade zones with benchmark prices, forest stands, sea-area classes,
 * land transactions) and DIR/valuation/defaults.json: valuation_base.c. */
int demo_write_valuation_base(const struct demo_county *c, const char *dir, struct ls_err *err);

/* The county's output files. */
int demo_write_rasters(const struct demo_county *c, const char *dir, struct ls_err *err);
/* Writes DIR/county.gpkg (the current survey and the control layers) and
 * DIR/county-2022.gpkg (the baseline survey: patches and shoreline of lc_before), fills the
 * summary and the sites' footprints. */
int demo_write_layers(const struct demo_county *c, const char *dir, struct demo_summary *s,
                      struct demo_sites *sites, struct ls_err *err);

/* The ecological index of HJ 192-2015 (demo/ei), areas in km², emissions in t a year. */
struct demo_ei_inputs {
    double area_km2;
    double forest[3]; /* 有林地, 灌木林地, 疏林地和其他林地 */
    double grass[3];  /* 高, 中, 低覆盖度草地 */
    double water[3];  /* 河流（渠）, 湖泊（库）, 滩涂湿地 */
    double crop[2];   /* 水田, 旱地 */
    double built[3];  /* 城镇建设用地, 农村居民点, 其他建设用地 */
    double unused;
    double ndvi_mean; /* of the land, 0–1 */
    double river_km, lake_km2, water_resources_1e6m3;
    double erosion_severe_km2, erosion_moderate_km2, construction_km2, other_stress_km2;
    double cod_t, nh3n_t, so2_t, smoke_t, nox_t, solid_t;
    double eri; /* environmental restriction: 0, or negative after an incident */
};
struct demo_ei {
    double bi, vci, wdi, lsi, pli, eri, ei;
};
void demo_ei(const struct demo_ei_inputs *in, struct demo_ei *out);

#endif
