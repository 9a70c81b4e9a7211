/*
 * demo/environment — climate and soil rasters that the GEP models read, with values in the
 * ranges of the Zhejiang coast: annual precipitation 1,300–2,100 mm rising with altitude,
 * reference ET 800–1,100 mm, thin soils on steep slopes, erosivity R from precipitation,
 * erodibility K by soil (paddy soils low, red soils on the hills higher), NDVI and NPP by land
 * class; and the cropland quality grade (耕地等别, 1 best … 15) from slope, altitude and soil.
 * Sea cells carry DEMO_NODATA in the soil rasters and NPP.
 */
#include <math.h>

#include "demo/internal.h"
#include "demo/noise.h"

#define DEMO_NODATA -9999.0f

static double class_ndvi(uint16_t v)
{
    switch (v) {
    case 101:
        return 0.62;
    case 103:
        return 0.55;
    case 201:
        return 0.66;
    case 202:
        return 0.60;
    case 301:
        return 0.83;
    case 302:
        return 0.80;
    case 305:
        return 0.70;
    case 404:
        return 0.52;
    case 601:
        return 0.12;
    case 701:
        return 0.16;
    case 702:
        return 0.30;
    case 1003:
        return 0.10;
    case 1101:
    case 1103:
    case 1104:
        return -0.05;
    case 1105:
        return 0.08;
    case 1106:
        return 0.25;
    case 1207:
        return 0.05;
    default:
        return 0.45; /* land outside the county */
    }
}

void demo_environment(struct demo_county *c)
{
    const uint64_t s = c->seed;
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            double x = demo_cx(c, i), y = demo_cy(c, j);
            double z = c->elev[k] > 0 ? c->elev[k] : 0, sl = c->slope[k];
            double n1 = demo_fbm2(s + 51, x / 20000.0, y / 20000.0, 3, 0.5);
            double n2 = demo_fbm2(s + 53, x / 800.0, y / 800.0, 3, 0.5);
            double p = 1380.0 + 0.42 * z + 260.0 * (n1 - 0.5);
            c->precip[k] = (float)p;
            c->et0[k] = (float)(1060.0 - 0.22 * z + 60.0 * (n1 - 0.5));
            c->rfac[k] = (float)(3.6 * p - 500.0);
            c->ndvi[k] = (float)(c->sea[k] ? -0.15 : class_ndvi(c->lc[k]) + 0.08 * (n2 - 0.5));
            if (c->sea[k]) {
                c->soil_depth[k] = c->pawc[k] = c->kfac[k] = c->npp[k] = DEMO_NODATA;
                continue;
            }
            double depth = 150.0 + 1350.0 * exp(-sl / 16.0) * (0.8 + 0.4 * n2);
            if (c->lc[k] == 1207)
                depth = 60.0;
            c->soil_depth[k] = (float)depth;
            c->pawc[k] = (float)(0.11 + 0.10 * exp(-sl / 20.0) + 0.03 * (n2 - 0.5));
            c->kfac[k] = (float)(c->lc[k] == 101 ? 0.026 + 0.006 * n2
                                                 : 0.030 + 0.012 * (z / (z + 300.0)) + 0.006 * n2);
            double ndvi = c->ndvi[k] > 0 ? c->ndvi[k] : 0;
            c->npp[k] = (float)(1250.0 * ndvi * fmin(1.0, p / 1500.0));
            if (demo_is_cropland(c->lc[k])) {
                double g = 3.0 + 0.32 * sl + z / 90.0 + 2.5 * (1.0 - depth / 1500.0) +
                           2.5 * (demo_fbm2(s + 57, x / 2500.0, y / 2500.0, 2, 0.5) - 0.5);
                long gi = lround(g);
                c->grade[k] = (uint8_t)(gi < 1 ? 1 : (gi > 15 ? 15 : gi));
            }
        }
}
