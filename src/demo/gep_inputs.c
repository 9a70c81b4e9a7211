/*
 * demo/gep_inputs — what the demo county's GEP accounts need besides the rasters: a price
 * index (China's consumer price index, 2010 = 100, from the NBS yearly changes) to re-base the
 * method's prices; statistics tables of both years (products by township from the land each
 * township has, hydropower, water supplied, visitors, homes near green space, emissions) at
 * the year's market prices; and the accounts of 2022 and 2023 at 2023 prices, so that
 * `liangshan gep run DIR/gep-account.json --out OUT` works as it stands. Yields and prices are
 * typical of the Zhejiang coast, not survey figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/internal.h"

#define MAX_CODE 1300

/* Hectares of land class `code` in township t (0-based) from the table of all classes. */
static double class_area(const double *ha, uint16_t code, size_t t)
{
    return ha[t * MAX_CODE + code];
}

struct product {
    const char *item, *product, *eco;
    uint16_t code;    /* land class it grows on */
    double t_per_ha;  /* yield */
    double price2023; /* yuan/t */
};

static int write_statistics(const struct demo_county *c, const uint16_t *lc, int year,
                            const char *dir, struct ls_err *err)
{
    static const struct product products[] = {
        { "agricultural_products", "稻谷", "cropland", 101, 7.2, 2820 },
        { "agricultural_products", "蔬菜", "cropland", 103, 14.0, 3300 },
        { "agricultural_products", "水果", "cropland", 201, 16.0, 6200 },
        { "agricultural_products", "茶叶", "cropland", 202, 1.1, 86000 },
        { "forestry_products", "竹材", "forest", 302, 9.0, 640 },
        { "forestry_products", "木材", "forest", 301, 1.6, 1150 },
        { "livestock_products", "羊肉", "grassland", 404, 0.08, 62000 },
        { "fishery_products", "淡水产品", "wetland", 1104, 7.5, 17500 },
        { "fishery_products", "海水养殖产品", "wetland", 1105, 4.0, 21000 },
    };
    /* 2022 prices: the 2023 price deflated by the CPI change (+0.2 %) and a price swing */
    double pf = year == DEMO_GEP_YEAR ? 1.0 : 0.98;
    char path[1200];
    snprintf(path, sizeof path, "%s/statistics_%d.csv", dir, year);
    double *ha = calloc((c->ntownships + 1) * MAX_CODE, sizeof *ha);
    if (!ha)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    size_t cells = (size_t)c->nx * (size_t)c->ny;
    double land_ha = 0, cell_ha = c->cell * c->cell / 1e4;
    for (size_t k = 0; k < cells; k++)
        if (c->township[k] && lc[k] < MAX_CODE) {
            ha[(size_t)(c->township[k] - 1) * MAX_CODE + lc[k]] += cell_ha;
            land_ha += cell_ha;
        }
    FILE *f = fopen(path, "w");
    if (!f) {
        free(ha);
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create");
    }
    fprintf(f, "region,item,product,quantity,unit,price,price_unit,price_year,ecosystem,source\n");
    double urban_ha = 0, water_ha = 0, reservoir_ha = 0;
    for (size_t t = 0; t < c->ntownships; t++) {
        for (size_t i = 0; i < sizeof products / sizeof *products; i++) {
            const struct product *p = &products[i];
            double q = class_area(ha, p->code, t) * p->t_per_ha;
            if (q <= 0)
                continue;
            fprintf(f, "%s,%s,%s,%.1f,t,%.0f,yuan/t,%d,%s,demo %d 统计年鉴（模拟）\n",
                    c->townships[t].name, p->item, p->product, q, p->price2023 * pf, year, p->eco,
                    year + 1);
        }
        urban_ha += class_area(ha, 701, t) + class_area(ha, 702, t);
        water_ha += class_area(ha, 1103, t) + class_area(ha, 1101, t);
        reservoir_ha += class_area(ha, 1103, t);
    }
    const char *county = "两山县";
    /* county-level figures scale with the county's land, built land and water */
    fprintf(f, "%s,ecological_energy,小水电,%.0f,万kWh,%.4f,yuan/万kWh,%d,wetland,demo 水利统计\n",
            county, water_ha * 12.0, 4153.0 * pf, year);
    fprintf(f, "%s,water_supply,生活用水,%.1f,万m3,29000,yuan/万m3,%d,wetland,demo 水资源公报\n",
            county, urban_ha * 0.9, year);
    fprintf(f, "%s,water_supply,工业用水,%.1f,万m3,36000,yuan/万m3,%d,wetland,demo 水资源公报\n",
            county, urban_ha * 0.6, year);
    fprintf(f, "%s,water_supply,农业用水,%.1f,万m3,700,yuan/万m3,%d,wetland,demo 水资源公报\n",
            county, land_ha * 0.02, year);
    fprintf(f,
            "%s,recreation_tourism,景区游客,%.0f,person-trips,%.0f,yuan/person-trips,%d,,demo "
            "文旅统计\n",
            county, land_ha * (year == DEMO_GEP_YEAR ? 60.0 : 52.0), 640.0 * pf, year);
    fprintf(f, "%s,landscape_value,临近绿地水域住宅,%.0f,m2,%.0f,yuan/m2,%d,,demo 住建统计\n",
            county, urban_ha * 900.0, 13500.0 * pf, year);
    /* emissions of the year (生态环境统计), t; reservoirs' total capacity (水利统计), m³ */
    static const struct {
        const char *item, *pollutant;
        double t_per_100ha;
    } emissions[] = {
        { "air_purification", "SO2", 0.85 },     { "air_purification", "NOx", 2.7 },
        { "air_purification", "dust", 1.5 },     { "water_purification", "COD", 6.3 },
        { "water_purification", "NH3-N", 0.67 }, { "water_purification", "TP", 0.1 },
    };
    for (size_t i = 0; i < sizeof emissions / sizeof *emissions; i++)
        fprintf(f, "%s,%s,%s,%.1f,t,,,,,demo 生态环境统计年报\n", county, emissions[i].item,
                emissions[i].pollutant,
                land_ha / 100 * emissions[i].t_per_100ha * (year == DEMO_GEP_YEAR ? 0.96 : 1.0));
    fprintf(f, "%s,flood_regulation,水库总库容,%.1f,万m3,,,,wetland,demo 水利统计\n", county,
            reservoir_ha * 15.0);
    free(ha);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "write failed");
    return 0;
}

static int write_file(const char *dir, const char *name, const char *text, struct ls_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create");
    fputs(text, f);
    if (fclose(f) != 0)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "write failed");
    return 0;
}

static int write_account(const char *dir, int year, const char *file, const char *landcover,
                         double population, double gdp, const char *previous, struct ls_err *err)
{
    char text[3072], prev[256] = "";
    if (previous)
        snprintf(prev, sizeof prev, ",\n  \"previous\": \"%s\"", previous);
    snprintf(text, sizeof text,
             "{\n"
             "  \"name\": \"两山县 %d 年生态产品总值（GEP）核算\",\n"
             "  \"region\": { \"name\": \"两山县\", \"code\": \"331099\" },\n"
             "  \"year\": %d,\n"
             "  \"method\": \"cn-ndrc-2022\",\n"
             "  \"price_year\": %d,\n"
             "  \"price_index\": \"price_index.csv\",\n"
             "  \"landcover\": \"%s\",\n"
             "  \"classes\": \"survey\",\n"
             "  \"rasters\": {\n"
             "    \"precipitation\": \"precipitation.tif\",\n"
             "    \"et0\": \"et0.tif\",\n"
             "    \"soil_depth\": \"soil_depth.tif\",\n"
             "    \"pawc\": \"pawc.tif\",\n"
             "    \"erosivity\": \"erosivity.tif\",\n"
             "    \"erodibility\": \"erodibility.tif\",\n"
             "    \"npp\": \"npp.tif\",\n"
             "    \"dem\": \"elevation.tif\"\n"
             "  },\n"
             "  \"regions\": { \"path\": \"county.gpkg\", \"layer\": \"township\", "
             "\"name_field\": \"XZQMC\" },\n"
             "  \"statistics\": \"statistics_%d.csv\",\n"
             "  \"shoreline\": { \"path\": \"county.gpkg\", \"layer\": \"shoreline\", "
             "\"type_field\": \"AXLX\" },\n"
             "  \"not_applicable\": { \"sand_fixation\": \"两山县 lies outside the national "
             "wind-erosion regions: 防风固沙 is accounted in 风蚀区 only\" },\n"
             "  \"indicators\": { \"population\": %.0f, \"gdp_yuan\": %.0f }%s\n"
             "}\n",
             year, year, DEMO_GEP_YEAR, landcover, year, population, gdp, prev);
    return write_file(dir, file, text, err);
}

int demo_write_gep(const struct demo_county *c, const char *dir, struct ls_err *err)
{
    int rc = write_file(dir, "price_index.csv",
                        "year,index,source\n"
                        "2010,100.00,NBS CPI yearly change chained (2010 = 100)\n"
                        "2011,105.40,NBS CPI +5.4 %\n"
                        "2012,108.14,NBS CPI +2.6 %\n"
                        "2013,110.95,NBS CPI +2.6 %\n"
                        "2014,113.17,NBS CPI +2.0 %\n"
                        "2015,114.75,NBS CPI +1.4 %\n"
                        "2016,117.05,NBS CPI +2.0 %\n"
                        "2017,118.92,NBS CPI +1.6 %\n"
                        "2018,121.42,NBS CPI +2.1 %\n"
                        "2019,124.94,NBS CPI +2.9 %\n"
                        "2020,128.06,NBS CPI +2.5 %\n"
                        "2021,129.22,NBS CPI +0.9 %\n"
                        "2022,131.80,NBS CPI +2.0 %\n"
                        "2023,132.07,NBS CPI +0.2 %\n"
                        "2024,132.33,NBS CPI +0.2 %\n",
                        err);
    if (!rc)
        rc = write_statistics(c, c->lc_before, DEMO_GEP_YEAR - 1, dir, err);
    if (!rc)
        rc = write_statistics(c, c->lc, DEMO_GEP_YEAR, dir, err);
    /* residents and GDP scale with the county's land: about 600 people per km² and 9.6 万元
     * per head, growing 5.4 % (nominal, deflated to 2023 prices) */
    size_t cells = (size_t)c->nx * (size_t)c->ny, land = 0;
    for (size_t k = 0; k < cells; k++)
        land += c->township[k] != 0;
    double km2 = (double)land * c->cell * c->cell / 1e6, people = km2 * 600.0;
    if (!rc)
        rc = write_account(dir, DEMO_GEP_YEAR - 1, "gep-account-2022.json", "landcover_2022.tif",
                           people * 0.995, people * 96000.0 / 1.054, NULL, err);
    if (!rc)
        rc = write_account(dir, DEMO_GEP_YEAR, "gep-account.json", "landcover.tif", people,
                           people * 96000.0, "gep-account-2022.json", err);
    return rc;
}
