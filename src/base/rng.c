/* base/rng — xoshiro256** (Blackman & Vigna, 2018) seeded through splitmix64. */
#include "base/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void ls_rng_seed(struct ls_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

uint64_t ls_rng_next(struct ls_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double ls_rng_uniform(struct ls_rng *r)
{
    return (double)(ls_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t ls_rng_below(struct ls_rng *r, uint64_t n)
{
    return (uint64_t)(ls_rng_uniform(r) * (double)n) % n;
}

double ls_hash_unit(uint64_t seed, int64_t a, int64_t b)
{
    uint64_t x =
        seed ^ ((uint64_t)a * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)b * 0xc2b2ae3d27d4eb4fULL);
    return (double)(splitmix64(&x) >> 11) * 0x1.0p-53;
}
