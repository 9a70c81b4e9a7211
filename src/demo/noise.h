/*
 * demo/noise — seeded value noise and fractal sums for the demo terrain. Pure functions of
 * (seed, coordinates): the same on every machine and at any evaluation order, so generation
 * can be split across threads or tiles without changing a byte.
 */
#ifndef LS_DEMO_NOISE_H
#define LS_DEMO_NOISE_H

#include <stdint.h>

/* Smooth value noise in [0, 1) on the unit lattice. */
double demo_noise2(uint64_t seed, double x, double y);
/* Sum of `octaves` noise layers, each at double frequency and `gain` amplitude; in [0, 1). */
double demo_fbm2(uint64_t seed, double x, double y, int octaves, double gain);
/* One-dimensional fbm in [0, 1). */
double demo_fbm1(uint64_t seed, double x, int octaves);

#endif
