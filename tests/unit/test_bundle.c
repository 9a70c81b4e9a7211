/*
 * bundle/: the parts of compensation.md §4.7 that are arithmetic and judgement, against cases
 * worked by hand — which pairs of components may share ground (apart, layered, the forest land
 * with its trees valued apart; the same ground in one layer and the land valued twice refused),
 * the bundle's value split back in proportion by the largest remainder so the fen sum exactly
 * (ties to the earlier part, values whose products pass 64 bits), and the floor price.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "bundle/internal.h"

static struct bnd_component part(const char *type, const char *method, const char *layer)
{
    struct bnd_component x;
    memset(&x, 0, sizeof x);
    snprintf(x.type, sizeof x.type, "%s", type);
    snprintf(x.method, sizeof x.method, "%s", method);
    snprintf(x.layer, sizeof x.layer, "%s", layer);
    return x;
}

static void overlap_verdicts(void **state)
{
    (void)state;
    struct bnd_component land = part("forest_use", "forest_land", "surface");
    struct bnd_component trees = part("forest_tree", "forest_stand", "surface");
    struct bnd_component trees_as_land = part("forest_tree", "forest_land", "surface");
    struct bnd_component water = part("aquaculture", "income_capitalisation", "surface");
    struct bnd_component raft = part("sea_area_use", "sea_fee", "sea_surface");
    struct bnd_component cable = part("sea_area_use", "sea_fee", "seabed");
    /* slivers up to 0.01 m² are the same line digitised twice */
    assert_int_equal(bnd_overlap_judge(&land, &water, 0.01, 1), BND_APART);
    assert_int_equal(bnd_overlap_judge(&land, &water, 0.02, 1), BND_OVERLAP);
    assert_int_equal(bnd_overlap_judge(&water, &land, 5000, 1), BND_OVERLAP);
    /* a raft on the surface over a cable in the seabed: 分层设权, both values stand */
    assert_int_equal(bnd_overlap_judge(&raft, &cable, 2e4, 0), BND_LAYERED);
    /* land and trees over one ground: allowed only valued apart, in either order */
    assert_int_equal(bnd_overlap_judge(&land, &trees, 16e4, 1), BND_LAND_AND_TREES);
    assert_int_equal(bnd_overlap_judge(&trees, &land, 16e4, 1), BND_LAND_AND_TREES);
    assert_int_equal(bnd_overlap_judge(&land, &trees_as_land, 16e4, 1), BND_DOUBLE_COUNT);
    assert_int_equal(bnd_overlap_judge(&trees_as_land, &land, 16e4, 1), BND_DOUBLE_COUNT);
    assert_int_equal(bnd_overlap_judge(&land, &trees, 0, 1), BND_APART);
    /* the same ground in one layer for successive terms: not one value twice at one time */
    assert_int_equal(bnd_overlap_judge(&land, &water, 5000, 0), BND_LAYERED);
    assert_int_equal(bnd_overlap_judge(&land, &trees_as_land, 16e4, 0), BND_LAYERED);
    assert_string_equal(bnd_overlap_name(BND_DOUBLE_COUNT), "double_count");
    assert_string_equal(bnd_overlap_name(BND_LAYERED), "layered");
}

static void allocation_by_largest_remainder(void **state)
{
    (void)state;
    int64_t parts[4];
    /* 100 fen over 1:1:1 → 33.33… each, the one fen left to the first (ties to the earlier) */
    int64_t w3[3] = { 5, 5, 5 };
    bnd_allocate(100, w3, 3, parts);
    assert_int_equal(parts[0], 34);
    assert_int_equal(parts[1], 33);
    assert_int_equal(parts[2], 33);
    /* 1,000 over 1:2:3:4 (Σ 10) is exact */
    int64_t w4[4] = { 1, 2, 3, 4 };
    bnd_allocate(1000, w4, 4, parts);
    assert_int_equal(parts[0], 100);
    assert_int_equal(parts[3], 400);
    /* 10 over 3:3:1 (Σ 7): 4.29, 4.29, 1.43 → 4, 4, 1 and the fen left to the largest
     * remainder: 30 mod 7 = 2, 30 mod 7 = 2, 10 mod 7 = 3 → the third */
    int64_t w7[3] = { 3, 3, 1 };
    bnd_allocate(10, w7, 3, parts);
    assert_int_equal(parts[0], 4);
    assert_int_equal(parts[1], 4);
    assert_int_equal(parts[2], 2);
    /* ¥900 million over parts of ¥400 and ¥500 million: products pass 2^63, sums stay exact */
    int64_t big[2] = { 40000000000LL, 50000000000LL };
    bnd_allocate(90000000001LL, big, 2, parts);
    assert_int_equal(parts[0] + parts[1], 90000000001LL);
    assert_int_equal(parts[0], 40000000000LL);
    /* a negative synergy is still split exactly (a whole below the parts) */
    bnd_allocate(-7, w3, 3, parts);
    assert_int_equal(parts[0] + parts[1] + parts[2], -7);
}

static void floor_price_by_hand(void **state)
{
    (void)state;
    /* parts ¥3,000 and ¥1,000, the second with a floor of ¥900: at P its share is P/4, so
     * P ≥ ¥3,600; the first's floor of ¥2,000 needs P ≥ ¥2,666.67 → ¥3,600 */
    int64_t w[2] = { 300000, 100000 }, f[2] = { 200000, 90000 };
    assert_int_equal(bnd_floor_price(w, f, 2), 360000);
    /* a need of ¥2,666.67 is listed at the next whole yuan */
    int64_t f1[2] = { 200000, 0 };
    assert_int_equal(bnd_floor_price(w, f1, 2), 266700);
    int64_t none[2] = { 0, 0 };
    assert_int_equal(bnd_floor_price(w, none, 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overlap_verdicts),
        cmocka_unit_test(allocation_by_largest_remainder),
        cmocka_unit_test(floor_price_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
