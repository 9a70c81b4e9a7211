/*
 * demo/land_change — the county's land cover one year earlier (2022), so that the GEP demo has
 * two accounts with land-cover change between them: part of 2023's built land was still dry
 * cropland or grass in 2022 (urban growth), and part of 2023's forest was still shrub
 * (afforestation). Everything else is unchanged. Deterministic from the seed.
 */
#include "demo/internal.h"
#include "demo/noise.h"

void demo_land_change(struct demo_county *c)
{
    const uint64_t s = c->seed;
    for (int j = 0; j < c->ny; j++)
        for (int i = 0; i < c->nx; i++) {
            size_t k = demo_idx(c, i, j);
            uint16_t v = c->lc[k];
            double x = demo_cx(c, i), y = demo_cy(c, j);
            c->lc_before[k] = v;
            if (v == 601 || v == 701 || v == 702) {
                if (demo_fbm2(s + 61, x / 600.0, y / 600.0, 2, 0.5) > 0.64)
                    c->lc_before[k] = c->slope[k] < 6.0 ? 103 : 404;
            } else if (v == 301) {
                if (demo_fbm2(s + 63, x / 900.0, y / 900.0, 2, 0.5) > 0.68)
                    c->lc_before[k] = 305;
            }
        }
}
