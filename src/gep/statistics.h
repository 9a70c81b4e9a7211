/*
 * gep/statistics — the statistics table of an account (statistics CSV): provisioning output,
 * hydropower, water supplied, visitors, floor area near green space, pollutant emissions,
 * reservoir capacities — one row per region, item and product:
 *
 *   region,item,product,quantity,unit,price,price_unit,price_year,ecosystem,source
 *   海门镇,agricultural_products,稻谷,5230,t,2800,yuan/t,2023,cropland,统计年鉴 2024 表 3-2
 *   两山县,air_purification,SO2,412,t,,,,,生态环境统计年报
 *
 * A region is a township of the account's region layer or the account's own region (county-
 * level figures). Quantities are converted to the unit the item accounts in (kg → t,
 * 万kWh → kWh, 万人次 → person-trips …); a price must be per the row's unit and is re-based
 * to the account's price year. A region that does not exist, an item the method does not
 * include, a unit that cannot be converted or a price per another unit is an error naming the
 * row. The caller owns a table and frees it with gep_stats_free.
 */
#ifndef LS_GEP_STATISTICS_H
#define LS_GEP_STATISTICS_H

#include "gep/method.h"

struct gep_stat_row {
    long line;
    size_t region; /* index into the account's regions; n_polygons = county level */
    char item[48];
    char product[64];
    double quantity; /* in the item's unit */
    double price;    /* yuan per item unit, re-based; NaN when the row has none */
    int eco;         /* enum gep_eco, GEP_ECO_NONE when not given */
    char source[128];
};

struct gep_stats {
    char path[1024];
    size_t n;
    struct gep_stat_row *rows;
    int county_level_used;
};

/* Factor from a quantity unit to the item's unit ("万t" → "t" = 1e4); 0 when not convertible. */
double gep_unit_factor(const char *from, const char *to);

/*
 * Reads the table. region_names are the polygon regions; county is the account's region name.
 * item_unit(item id) gives the unit an item of the method accounts in, NULL for an item the
 * method does not include.
 */
int gep_stats_load(const char *path, char (*region_names)[128], size_t n_regions,
                   const char *county, const struct gep_method *m,
                   const char *(*item_unit)(const char *item, const void *ctx), const void *ctx,
                   struct gep_stats *s, struct ls_err *err);

void gep_stats_free(struct gep_stats *s);

#endif
