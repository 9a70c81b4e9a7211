/*
 * raster/zone_shares against hand-worked cases: the cells a polygon's boundary crosses and the
 * share of each inside it. On a grid of 10 m cells:
 * - a 20 m square offset by half a cell covers the 4 corner cells by a quarter, the 8 edge
 *   cells by a half and the one cell in the middle wholly (not a boundary cell);
 * - a square on the cell edges cuts no cell: it counts its 4 cells once;
 * - a right triangle: recorded shares plus the untouched interior cells add up to its area;
 * - two polygons side by side share their common cells to 1 exactly;
 * - a clockwise U with a hole drawn the same way round: each share is GEOS's clipped area;
 * - raster/zone_sums on a 3 × 3 grid worked by hand: whole cells to the zone holding their
 *   centre, a boundary cell split by its shares with the rest outside, a cell without a value
 *   counted nowhere, and per value raster the zones and the outside adding up to the total.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "geo/geos_bridge.h"
#include "raster/zone_shares.h"
#include "raster/zone_sums.h"

static const struct rs_grid grid = { .nx = 8, .ny = 8, .gt = { 0, 10, 0, 80, 0, -10 } };

static GEOSGeometry *wkt(GEOSContextHandle_t h, const char *text)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, text);
    GEOSWKTReader_destroy_r(h, r);
    assert_non_null(g);
    return g;
}

static double share_of(const struct rs_zone_shares *s, long row, long col, uint32_t zone)
{
    size_t cell = (size_t)row * (size_t)grid.nx + (size_t)col;
    for (size_t k = rs_zone_shares_seek(s, cell); k < s->n && s->v[k].cell == cell; k++)
        if (s->v[k].zone == zone)
            return s->v[k].frac;
    return 0;
}

static void offset_square_by_quarters_and_halves(void **state)
{
    (void)state;
    GEOSContextHandle_t h = geo_geos_new();
    /* x 5..35, y 45..75: rows 0.5..3.5, columns 0.5..3.5 — 3 × 3 cells fully, ring of 16 */
    GEOSGeometry *g = wkt(h, "POLYGON((5 45, 35 45, 35 75, 5 75, 5 45))");
    struct rs_zone_shares s = { 0 };
    assert_int_equal(rs_zone_shares_add(&s, &grid, h, g, 1, NULL), 0);
    rs_zone_shares_sort(&s);
    assert_int_equal(s.n, 12); /* 4 corners and 8 edge cells; the middle cell is not crossed */
    assert_true(fabs(share_of(&s, 0, 0, 1) - 0.25) < 1e-12);
    assert_true(fabs(share_of(&s, 3, 3, 1) - 0.25) < 1e-12);
    assert_true(fabs(share_of(&s, 0, 1, 1) - 0.5) < 1e-12);
    assert_true(fabs(share_of(&s, 2, 3, 1) - 0.5) < 1e-12);
    assert_true(share_of(&s, 1, 1, 1) == 0); /* inside, not on the boundary */
    double sum = 0;
    for (size_t k = 0; k < s.n; k++)
        sum += s.v[k].frac;
    /* 900 m² = 4 untouched cells + the shares */
    assert_true(fabs(sum + 4 - 9) < 1e-12);
    rs_zone_shares_free(&s);
    GEOSGeom_destroy_r(h, g);
    GEOS_finish_r(h);
}

/*
 * The cells a polygon counts for, as the GEP account counts them: a recorded share, else the
 * whole cell when the polygon holds its centre (the zone raster's rule).
 */
static double counted_cells(GEOSContextHandle_t h, const struct rs_zone_shares *s,
                            const GEOSGeometry *g, uint32_t zone)
{
    double sum = 0;
    for (long r = 0; r < grid.ny; r++)
        for (long c = 0; c < grid.nx; c++) {
            double f = share_of(s, r, c, zone);
            if (f > 0) {
                sum += f;
                continue;
            }
            GEOSGeometry *p =
                GEOSGeom_createPointFromXY_r(h, 5 + 10.0 * (double)c, 75 - 10.0 * (double)r);
            sum += GEOSContains_r(h, g, p) == 1;
            GEOSGeom_destroy_r(h, p);
        }
    return sum;
}

static void square_on_cell_edges_counts_its_four_cells(void **state)
{
    (void)state;
    GEOSContextHandle_t h = geo_geos_new();
    GEOSGeometry *g = wkt(h, "POLYGON((10 40, 30 40, 30 60, 10 60, 10 40))");
    struct rs_zone_shares s = { 0 };
    assert_int_equal(rs_zone_shares_add(&s, &grid, h, g, 1, NULL), 0);
    rs_zone_shares_sort(&s);
    /* a boundary along cell edges cuts no cell: what the walk records holds the whole cell */
    for (size_t k = 0; k < s.n; k++)
        assert_true(fabs(s.v[k].frac - 1) < 1e-12);
    /* 400 m² = 4 cells, each counted once */
    assert_true(fabs(counted_cells(h, &s, g, 1) - 4) < 1e-12);
    rs_zone_shares_free(&s);
    GEOSGeom_destroy_r(h, g);
    GEOS_finish_r(h);
}

static void triangle_shares_add_up_to_its_area(void **state)
{
    (void)state;
    GEOSContextHandle_t h = geo_geos_new();
    /* right triangle with legs of 57 m and 43 m: area 1225.5 m² = 12.255 cells */
    GEOSGeometry *g = wkt(h, "POLYGON((3 7, 60 7, 3 50, 3 7))");
    struct rs_zone_shares s = { 0 };
    assert_int_equal(rs_zone_shares_add(&s, &grid, h, g, 7, NULL), 0);
    rs_zone_shares_sort(&s);
    assert_true(fabs(counted_cells(h, &s, g, 7) - 12.255) < 1e-9);
    for (size_t k = 0; k < s.n; k++)
        assert_true(s.v[k].frac > 0 && s.v[k].frac <= 1 && s.v[k].zone == 7);
    rs_zone_shares_free(&s);
    GEOSGeom_destroy_r(h, g);
    GEOS_finish_r(h);
}

/* A clockwise U-shaped shell with a hole drawn the same way round (orientation may not be
 * trusted in data): every boundary cell's share is GEOS's area of the polygon within the
 * cell. */
static void non_convex_with_a_hole_against_geos(void **state)
{
    (void)state;
    GEOSContextHandle_t h = geo_geos_new();
    GEOSGeometry *g = wkt(h, "POLYGON((2 3, 2 77, 34 77, 34 21, 51 21, 51 77, 78 77, 78 3, 2 3),"
                             "(61 9, 61 33, 71 33, 71 9, 61 9))");
    struct rs_zone_shares s = { 0 };
    assert_int_equal(rs_zone_shares_add(&s, &grid, h, g, 3, NULL), 0);
    rs_zone_shares_sort(&s);
    assert_true(s.n > 20);
    for (size_t k = 0; k < s.n; k++) {
        long row = (long)(s.v[k].cell / (size_t)grid.nx),
             col = (long)(s.v[k].cell % (size_t)grid.nx);
        double x0 = (double)col * 10, y1 = 80 - (double)row * 10;
        GEOSGeometry *piece = GEOSClipByRect_r(h, g, x0, y1 - 10, x0 + 10, y1);
        double a = 0;
        assert_true(GEOSArea_r(h, piece, &a));
        if (fabs(s.v[k].frac - a / 100) > 1e-12)
            fail_msg("cell (%ld, %ld): share %.15g, GEOS %.15g", row, col, s.v[k].frac, a / 100);
        GEOSGeom_destroy_r(h, piece);
    }
    /* the hole's cells: (row 5, col 6) is cut by the hole's edge at x = 61 */
    assert_true(share_of(&s, 5, 6, 3) > 0 && share_of(&s, 5, 6, 3) < 1);
    rs_zone_shares_free(&s);
    GEOSGeom_destroy_r(h, g);
    GEOS_finish_r(h);
}

static void neighbours_share_their_cells_to_one(void **state)
{
    (void)state;
    GEOSContextHandle_t h = geo_geos_new();
    /* two townships split along a slanted line through the cells */
    GEOSGeometry *a = wkt(h, "POLYGON((0 0, 33 0, 47 80, 0 80, 0 0))");
    GEOSGeometry *b = wkt(h, "POLYGON((33 0, 80 0, 80 80, 47 80, 33 0))");
    struct rs_zone_shares s = { 0 };
    assert_int_equal(rs_zone_shares_add(&s, &grid, h, a, 1, NULL), 0);
    assert_int_equal(rs_zone_shares_add(&s, &grid, h, b, 2, NULL), 0);
    rs_zone_shares_sort(&s);
    int crossed = 0;
    for (size_t k = 0; k < s.n;) {
        size_t j = k;
        double sum = 0;
        while (j < s.n && s.v[j].cell == s.v[k].cell)
            sum += s.v[j++].frac;
        if (j - k == 2) {
            crossed++;
            assert_true(fabs(sum - 1) < 1e-12);
        }
        k = j;
    }
    assert_true(crossed >= 8); /* the line crosses every row */
    rs_zone_shares_free(&s);
    GEOSGeom_destroy_r(h, a);
    GEOSGeom_destroy_r(h, b);
    GEOS_finish_r(h);
}

static void zone_sums_by_hand(void **state)
{
    (void)state;
    static const struct rs_grid g3 = { .nx = 3, .ny = 3, .gt = { 0, 10, 0, 30, 0, -10 } };
    /* zones: 1 1 2 / 1 x 2 / 0 0 2, the middle cell a boundary cell */
    const double zone[9] = { 1, 1, 2, 1, -1, 2, 0, 0, 2 };
    const double v1[9] = { 1, 2, 3, 4, 100, 6, 7, 8, NAN };
    const double v2[9] = { 10, 10, 10, 10, 10, 10, 10, 10, 10 };
    struct rs_zone_share sv[2] = { { 4, 1, 0.25 }, { 4, 2, 0.5 } };
    struct rs_zone_shares sh = { sv, 2, 2 };
    struct rs_source z, vals[2];
    struct ls_err e = { 0 };
    assert_int_equal(rs_source_wrap("zones", &g3, GDT_Float64, zone, &z, &e), 0);
    assert_int_equal(rs_source_wrap("v1", &g3, GDT_Float64, v1, &vals[0], &e), 0);
    assert_int_equal(rs_source_wrap("v2", &g3, GDT_Float64, v2, &vals[1], &e), 0);
    double sums[4], outside[2], total[2];
    struct rs_zone_sums out = { sums, outside, total };
    assert_int_equal(rs_zone_sums(&z, &sh, 2, vals, 2, &out, &e), 0);
    /* zone 1: 1 + 2 + 4 + 100 · 0.25; zone 2: 3 + 6 + 100 · 0.5 (cell 8 has no value) */
    assert_true(fabs(sums[0] - 32.0) < 1e-12 && fabs(sums[2] - 59.0) < 1e-12);
    /* outside: cells 6 and 7, and the quarter of the middle cell in no zone */
    assert_true(fabs(outside[0] - (7 + 8 + 25.0)) < 1e-12 && fabs(total[0] - 131.0) < 1e-12);
    assert_true(fabs(sums[1] - 32.5) < 1e-12 && fabs(sums[3] - 35.0) < 1e-12);
    assert_true(fabs(sums[1] + sums[3] + outside[1] - total[1]) < 1e-12 && total[1] == 90.0);
    rs_source_close(&z);
    rs_source_close(&vals[0]);
    rs_source_close(&vals[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offset_square_by_quarters_and_halves),
        cmocka_unit_test(square_on_cell_edges_counts_its_four_cells),
        cmocka_unit_test(triangle_shares_add_up_to_its_area),
        cmocka_unit_test(neighbours_share_their_cells_to_one),
        cmocka_unit_test(non_convex_with_a_hole_against_geos),
        cmocka_unit_test(zone_sums_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
