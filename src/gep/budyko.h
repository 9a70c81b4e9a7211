/*
 * gep/budyko — actual evapotranspiration by the Fu–Zhang Budyko curve, as InVEST's Annual
 * Water Yield model computes it (annual_water_yield.py): shared by water conservation and any
 * item that needs the annual water balance.
 *   vegetated: PET = Kc·ET0, φ = PET/P, AWC = min(root depth, soil depth)·PAWC,
 *              ω = min(5, Z·AWC/P + 1.25), AET/P = min(φ, 1 + φ − (1 + φ^ω)^(1/ω));
 *   other:     AET = min(Kc·ET0, P).
 * All in mm; returns NaN when an input is missing.
 */
#ifndef LS_GEP_BUDYKO_H
#define LS_GEP_BUDYKO_H

#include <math.h>

static inline double gep_budyko_aet(double p, double et0, double kc, double root_depth,
                                    double soil_depth, double pawc, int vegetated, double z)
{
    if (isnan(p) || isnan(et0))
        return NAN;
    double pet = kc * et0;
    if (!vegetated)
        return fmin(pet, p);
    if (isnan(soil_depth) || isnan(pawc))
        return NAN;
    if (p <= 0)
        return 0;
    double phi = pet / p;
    double awc = fmin(root_depth, soil_depth) * pawc;
    double w = fmin(5.0, z * awc / p + 1.25);
    double ratio = 1.0 + phi - pow(1.0 + pow(phi, w), 1.0 / w);
    return fmin(phi, ratio) * p;
}

#endif
