/*
 * demo/gep_inputs — what the demo county's GEP accounts need besides the rasters: a price
 * index (China's consumer price index, 2010 = 100, from the NBS yearly changes) to re-base the
 * method's prices, and the accounts of 2022 and 2023 at 2023 prices, so that
 * `liangshan gep run DIR/gep-account.json --out OUT` works as it stands.
 */
#include <stdio.h>

#include "demo/county.h"

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
                         struct ls_err *err)
{
    char text[2048];
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
             "\"name_field\": \"XZQMC\" }\n"
             "}\n",
             year, year, DEMO_GEP_YEAR, landcover);
    return write_file(dir, file, text, err);
}

int demo_write_gep(const char *dir, struct ls_err *err)
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
        rc = write_account(dir, DEMO_GEP_YEAR - 1, "gep-account-2022.json", "landcover_2022.tif",
                           err);
    if (!rc)
        rc = write_account(dir, DEMO_GEP_YEAR, "gep-account.json", "landcover.tif", err);
    return rc;
}
