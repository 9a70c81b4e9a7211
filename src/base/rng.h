/*
 * base/rng — the seeded pseudo-random generator every generator and test uses, so that the
 * same seed gives byte-identical output on every machine (xoshiro256** seeded by splitmix64;
 * no libc rand(), whose sequence differs between C libraries).
 */
#ifndef LS_BASE_RNG_H
#define LS_BASE_RNG_H

#include <stdint.h>

struct ls_rng {
    uint64_t s[4];
};

void ls_rng_seed(struct ls_rng *r, uint64_t seed);
uint64_t ls_rng_next(struct ls_rng *r);
/* Uniform in [0, 1). */
double ls_rng_uniform(struct ls_rng *r);
/* Uniform integer in [0, n); n > 0. */
uint64_t ls_rng_below(struct ls_rng *r, uint64_t n);
/* A stateless hash of (seed, a, b) to [0, 1): lattice noise without storing a table. */
double ls_hash_unit(uint64_t seed, int64_t a, int64_t b);

#endif
