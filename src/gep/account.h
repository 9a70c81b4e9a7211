/*
 * gep/account — the description of one account run (ACCOUNT.json): the region and year, the
 * method, the land-cover raster and its class table, the input rasters by layer key, the
 * region polygons the table is broken down by, and the price year and index. Relative paths
 * are taken from the account file's folder, so a folder of inputs can be moved whole.
 *
 *   { "name": "两山县 2023 年 GEP 核算", "region": { "name": "两山县", "code": "331099" },
 *     "year": 2023, "method": "cn-ndrc-2022", "price_year": 2023,
 *     "price_index": "price_index.csv", "landcover": "landcover_2023.tif",
 *     "classes": "survey" | "classes.csv",
 *     "rasters": { "precipitation": "precipitation.tif", "dem": "elevation.tif", ... },
 *     "regions": { "path": "county.gpkg", "layer": "township", "name_field": "XZQMC" },
 *     "statistics": "statistics_2023.csv",
 *     "shoreline": { "path": "county.gpkg", "layer": "shoreline", "type_field": "AXLX" },
 *     "not_applicable": { "sand_fixation": "not a wind-erosion region" },
 *     "indicators": { "population": 312000, "gdp_yuan": 2.6e10 },
 *     "previous": "gep-account-2022.json" }
 */
#ifndef LS_GEP_ACCOUNT_H
#define LS_GEP_ACCOUNT_H

#include "base/err.h"
#include "gep/item.h"

#define GEP_PATH_MAX 1024

struct gep_account {
    char path[GEP_PATH_MAX]; /* the account file */
    char name[256], region_name[128], region_code[32];
    int year, price_year;
    char method[GEP_PATH_MAX];      /* built-in id or resolved path */
    char price_index[GEP_PATH_MAX]; /* "" when none */
    char landcover[GEP_PATH_MAX];
    char classes[GEP_PATH_MAX];             /* "survey" or a CSV path */
    char raster[GEP_L_COUNT][GEP_PATH_MAX]; /* "" when not given */
    char regions_path[GEP_PATH_MAX], regions_layer[128], regions_field[64];
    char statistics[GEP_PATH_MAX]; /* statistics CSV, "" when none */
    char shoreline_path[GEP_PATH_MAX], shoreline_layer[128], shoreline_field[64];
    /* items of the method that do not apply to this region, with the reason (e.g. sand
     * fixation outside wind-erosion regions): reported as such, never as a silent zero */
    double population;           /* residents, 0 when not given */
    double gdp_yuan;             /* GDP of the year, 0 when not given */
    char previous[GEP_PATH_MAX]; /* the previous year's account file, "" when none */
    size_t n_not_applicable;
    struct {
        char item[48];
        char reason[256];
    } not_applicable[16];
};

int gep_account_load(const char *path, struct gep_account *a, struct ls_err *err);

#endif
