/*
 * Ellipsoidal area (spatial.md §2.2) against independent truth:
 * - the closed-form authalic band area b²ΔL[q(B2)−q(B1)]/2 on a lat/lon block;
 * - GeographicLib's geodesic polygon area (PROJ's geod_polygonarea) on the same vertices with
 *   edges ≤ 100 m (spatial.md §2.2a): 0.01 m² on 1 ha, 1e-8 relative on 1,000 km²;
 * - the coefficients published in 国土调查办发〔2008〕32号.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <geodesic.h>

#include "geo/area.h"

static double q_authalic(double phi)
{
    const double f = 1.0 / GEO_CGCS2000_INVF, e2 = f * (2 - f), e = sqrt(e2);
    double s = sin(phi);
    return s / (1 - e2 * s * s) + log((1 + e * s) / (1 - e * s)) / (2 * e);
}

static double band_area(double lon1, double lon2, double lat1, double lat2)
{
    const double f = 1.0 / GEO_CGCS2000_INVF, b = GEO_CGCS2000_A * (1 - f);
    const double d = M_PI / 180;
    return b * b * (lon2 - lon1) * d * (q_authalic(lat2 * d) - q_authalic(lat1 * d)) / 2;
}

static void coefficients_match_the_published_values(void **state)
{
    (void)state;
    double c[5];
    geo_area_series_coefficients(c);
    const double published[5] = { 1.0033640898341927, 1.124189381927e-3, 1.699459473519e-6,
                                  2.717857846e-9, 4.358419e-12 };
    /* half a unit of the last digit the notice prints */
    const double half_ulp[5] = { 5e-17, 5e-16, 5e-19, 5e-19, 5e-19 };
    for (int i = 0; i < 5; i++)
        assert_true(fabs(c[i] - published[i]) <= half_ulp[i] + 1e-16 * fabs(published[i]));
}

static void series_equals_closed_form_band(void **state)
{
    (void)state;
    struct {
        double lon1, lon2, lat1, lat2, tol;
    } cases[] = { { 120, 121, 28, 29, 1e-12 },
                  { 73, 76, 20, 50, 1e-11 },
                  { 121.0, 121.001, 30, 30.001, 1e-9 } };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        double r[] = { cases[k].lon1, cases[k].lat1, cases[k].lon2, cases[k].lat1,
                       cases[k].lon2, cases[k].lat2, cases[k].lon1, cases[k].lat2 };
        double a = geo_area_ring_lonlat(r, 4);
        double truth = band_area(cases[k].lon1, cases[k].lon2, cases[k].lat1, cases[k].lat2);
        assert_true(a > 0); /* counter-clockwise */
        assert_true(fabs(a - truth) / truth < cases[k].tol);
        /* clockwise gives the negative */
        double rc[] = { r[6], r[7], r[4], r[5], r[2], r[3], r[0], r[1] };
        assert_true(fabs(geo_area_ring_lonlat(rc, 4) + a) < 1e-6 * truth);
    }
}

/* geodesic polygon area of lon/lat vertices (GeographicLib through PROJ) */
static double geodesic_area(const double *ll, size_t n)
{
    struct geod_geodesic g;
    geod_init(&g, GEO_CGCS2000_A, 1.0 / GEO_CGCS2000_INVF);
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
    for (size_t i = 0; i < n; i++) {
        lon[i] = ll[2 * i];
        lat[i] = ll[2 * i + 1];
    }
    double area, perim;
    geod_polygonarea(&g, lat, lon, (int)n, &area, &perim);
    free(lat);
    free(lon);
    return fabs(area);
}

/* Square ring of side s (m) with its south-west corner at (e, n) in zone 40, densified. */
static void compare_square(double e, double n, double s, double *ours, double *theirs)
{
    struct geo_crs crs;
    assert_int_equal(geo_crs_from_epsg(4528, &crs, NULL), 0);
    struct geo_area_ctx *ctx;
    assert_int_equal(geo_area_ctx_new(&crs, &ctx, NULL), 0);
    double sq[] = { e, n, e + s, n, e + s, n + s, e, n + s, e, n };
    double *dense;
    size_t nd;
    assert_int_equal(geo_ring_densify(sq, 5, 100.0, &dense, &nd, NULL), 0);
    struct geo_mpoly m = { 0 };
    assert_int_equal(geo_mpoly_add_ring(&m, 0, dense, nd, NULL), 0);
    double planar;
    assert_int_equal(geo_area_mpoly(ctx, &m, &planar, ours, NULL), 0);
    assert_true(fabs(planar - s * s) < 1e-6 * s * s);
    double *ll = malloc(nd * 2 * sizeof *ll);
    assert_int_equal(geo_area_to_lonlat(ctx, dense, nd, ll, NULL), 0);
    *theirs = geodesic_area(ll, nd - 1);
    free(ll);
    free(dense);
    geo_mpoly_free(&m);
    geo_area_ctx_free(ctx);
}

static void one_hectare_agrees_with_geographiclib(void **state)
{
    (void)state;
    double ours, theirs;
    compare_square(40598000.0, 3154000.0, 100.0, &ours, &theirs);
    assert_true(fabs(ours - theirs) < 0.01);
    /* about 98 km east of the central meridian the plane magnifies by k² ≈ 1.000237 */
    assert_true(fabs(ours - 9997.63) < 0.01);
}

static void thousand_km2_agrees_with_geographiclib(void **state)
{
    (void)state;
    double ours, theirs;
    compare_square(40500000.0, 3150000.0, 31622.7766, &ours, &theirs);
    assert_true(fabs(ours - theirs) / theirs < 1e-8);
}

/* A polygon with a hole and a second part: |outer| − |hole| + |part| */
static void holes_and_multipolygons(void **state)
{
    (void)state;
    struct geo_crs crs;
    assert_int_equal(geo_crs_from_epsg(4528, &crs, NULL), 0);
    struct geo_area_ctx *ctx;
    assert_int_equal(geo_area_ctx_new(&crs, &ctx, NULL), 0);
    double outer[] = { 40550000, 3300000, 40550100, 3300000, 40550100, 3300100, 40550000, 3300100 };
    double hole[] = { 40550020, 3300020, 40550020, 3300040, 40550040, 3300040, 40550040, 3300020 };
    double part[] = { 40551000, 3300000, 40551050, 3300000, 40551050, 3300050, 40551000, 3300050 };
    struct geo_mpoly whole = { 0 }, o = { 0 }, h = { 0 }, p = { 0 };
    geo_mpoly_add_ring(&whole, 0, outer, 4, NULL);
    geo_mpoly_add_ring(&whole, 0, hole, 4, NULL);
    geo_mpoly_add_ring(&whole, 1, part, 4, NULL);
    geo_mpoly_add_ring(&o, 0, outer, 4, NULL);
    geo_mpoly_add_ring(&h, 0, hole, 4, NULL);
    geo_mpoly_add_ring(&p, 0, part, 4, NULL);
    double pl, a, ao, ah, ap;
    assert_int_equal(geo_area_mpoly(ctx, &whole, &pl, &a, NULL), 0);
    assert_true(fabs(pl - (10000 - 400 + 2500)) < 1e-6);
    geo_area_mpoly(ctx, &o, &pl, &ao, NULL);
    geo_area_mpoly(ctx, &h, &pl, &ah, NULL);
    geo_area_mpoly(ctx, &p, &pl, &ap, NULL);
    assert_true(fabs(a - (ao - ah + ap)) < 1e-6);
    geo_mpoly_free(&whole);
    geo_mpoly_free(&o);
    geo_mpoly_free(&h);
    geo_mpoly_free(&p);
    geo_area_ctx_free(ctx);
}

/* Geographic input gives the same ellipsoidal area as its projected twin. */
static void geographic_input(void **state)
{
    (void)state;
    struct geo_crs gk, geo;
    geo_crs_from_epsg(4528, &gk, NULL);
    geo_crs_from_epsg(4490, &geo, NULL);
    struct geo_area_ctx *a, *b;
    geo_area_ctx_new(&gk, &a, NULL);
    geo_area_ctx_new(&geo, &b, NULL);
    double sq[] = { 40520000, 3200000, 40520300, 3200000, 40520300, 3200200, 40520000, 3200200 };
    double ll[8];
    assert_int_equal(geo_area_to_lonlat(a, sq, 4, ll, NULL), 0);
    struct geo_mpoly m1 = { 0 }, m2 = { 0 };
    geo_mpoly_add_ring(&m1, 0, sq, 4, NULL);
    geo_mpoly_add_ring(&m2, 0, ll, 4, NULL);
    double p1, e1, p2, e2;
    assert_int_equal(geo_area_mpoly(a, &m1, &p1, &e1, NULL), 0);
    assert_int_equal(geo_area_mpoly(b, &m2, &p2, &e2, NULL), 0);
    assert_true(fabs(e1 - e2) < 1e-6);
    assert_true(fabs(p1 - p2) < 1e-4); /* planar in the same 3° zone 40 */
    geo_mpoly_free(&m1);
    geo_mpoly_free(&m2);
    geo_area_ctx_free(a);
    geo_area_ctx_free(b);
}

static void untransformable_vertex_is_named(void **state)
{
    (void)state;
    struct geo_crs gk;
    geo_crs_from_epsg(4528, &gk, NULL);
    struct geo_area_ctx *a;
    geo_area_ctx_new(&gk, &a, NULL);
    double bad[] = { 40520000, 3200000, 40520300, 3200000, 1e30, 3200200 };
    struct geo_mpoly m = { 0 };
    geo_mpoly_add_ring(&m, 0, bad, 3, NULL);
    struct ls_err err = { 0 };
    double p, e;
    assert_int_equal(geo_area_mpoly(a, &m, &p, &e, &err), -LS_EINVAL);
    assert_string_equal(err.where, "vertex 3");
    geo_mpoly_free(&m);
    geo_area_ctx_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(coefficients_match_the_published_values),
        cmocka_unit_test(series_equals_closed_form_band),
        cmocka_unit_test(one_hectare_agrees_with_geographiclib),
        cmocka_unit_test(thousand_km2_agrees_with_geographiclib),
        cmocka_unit_test(holes_and_multipolygons),
        cmocka_unit_test(geographic_input),
        cmocka_unit_test(untransformable_vertex_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
