/*
 * demo/ei — the ecological index EI of HJ 192-2015 (生态环境状况评价技术规范) for a county of
 * the province demo, the appraisal input of the key-function-area transfer payment's rewards
 * and deductions (compensation.md §1.2):
 *   EI = 0.35·BI + 0.25·VCI + 0.15·WDI + 0.15·(100 − LSI) + 0.10·(100 − PLI) + ERI
 * Each index is clamped to [0, 100] as the standard caps them.
 */
#include <math.h>

#include "demo/internal.h"

static double clamp100(double v)
{
    return v < 0 ? 0 : (v > 100 ? 100 : v);
}

void demo_ei(const struct demo_ei_inputs *in, struct demo_ei *out)
{
    const double A = in->area_km2;
    /* Habitat quality (生境质量指数): the standard's weights by habitat type and sub-type, with
     * its normalisation coefficient A_bio. Without a biodiversity survey the standard takes BI
     * as the habitat quality alone. */
    const double hq = 511.2642131067 *
                      (0.35 * (0.6 * in->forest[0] + 0.25 * in->forest[1] + 0.15 * in->forest[2]) +
                       0.21 * (0.6 * in->grass[0] + 0.3 * in->grass[1] + 0.1 * in->grass[2]) +
                       0.28 * (0.1 * in->water[0] + 0.3 * in->water[1] + 0.6 * in->water[2]) +
                       0.11 * (0.6 * in->crop[0] + 0.4 * in->crop[1]) +
                       0.04 * (0.3 * in->built[0] + 0.4 * in->built[1] + 0.3 * in->built[2]) +
                       0.01 * (0.2 * in->unused)) /
                      A;
    out->bi = clamp100(hq);
    /* vegetation cover (植被覆盖指数): the county's mean NDVI of its land, on 0–100 */
    out->vci = clamp100(100.0 * in->ndvi_mean);
    /* water network density (水网密度指数): river length, lake and reservoir area and water
     * resources per km², each normalised (A_riv, A_lak, A_res), averaged */
    out->wdi = clamp100((84.3704083981 * in->river_km / A + 591.7908642005 * in->lake_km2 / A +
                         86.3869548281 * in->water_resources_1e6m3 / A) /
                        3.0);
    /* land stress (土地胁迫指数): severe and moderate erosion, construction, other stress */
    out->lsi = clamp100(236.0435677948 *
                        (0.4 * in->erosion_severe_km2 + 0.2 * in->erosion_moderate_km2 +
                         0.2 * in->construction_km2 + 0.2 * in->other_stress_km2) /
                        A);
    /* pollution load (污染负荷指数): emissions per km², each with its normalisation coefficient */
    out->pli = clamp100(0.2 * 4.3937397289 * in->cod_t / A + 0.2 * 40.1764754986 * in->nh3n_t / A +
                        0.2 * 0.0648660287 * in->so2_t / A + 0.1 * 4.0904459321 * in->smoke_t / A +
                        0.2 * 0.5103049278 * in->nox_t / A + 0.1 * 0.0749894283 * in->solid_t / A);
    out->eri = in->eri;
    out->ei = 0.35 * out->bi + 0.25 * out->vci + 0.15 * out->wdi + 0.15 * (100.0 - out->lsi) +
              0.10 * (100.0 - out->pli) + out->eri;
}
