/* demo/noise — see noise.h. */
#include "demo/noise.h"

#include <math.h>

#include "base/rng.h"

static double fade(double t)
{
    return t * t * t * (t * (t * 6 - 15) + 10);
}

double demo_noise2(uint64_t seed, double x, double y)
{
    double fx = floor(x), fy = floor(y);
    int64_t ix = (int64_t)fx, iy = (int64_t)fy;
    double tx = fade(x - fx), ty = fade(y - fy);
    double a = ls_hash_unit(seed, ix, iy), b = ls_hash_unit(seed, ix + 1, iy);
    double c = ls_hash_unit(seed, ix, iy + 1), d = ls_hash_unit(seed, ix + 1, iy + 1);
    return (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
}

double demo_fbm2(uint64_t seed, double x, double y, int octaves, double gain)
{
    double sum = 0, amp = 1, norm = 0;
    for (int o = 0; o < octaves; o++) {
        sum += amp * demo_noise2(seed + (uint64_t)o * 1013, x, y);
        norm += amp;
        amp *= gain;
        x *= 2.03;
        y *= 2.03;
    }
    return sum / norm;
}

double demo_fbm1(uint64_t seed, double x, int octaves)
{
    return demo_fbm2(seed, x, 0.5, octaves, 0.5);
}
