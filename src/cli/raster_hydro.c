/* cli/raster_hydro — raster fill, flowdir, flowacc, streams, watershed and distance. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/raster_cli.h"
#include "raster/dem.h"
#include "raster/hydro.h"
#include "raster/outlets.h"
#include "raster/routing.h"

/*
 * Opens and fills the DEM (raster/routing) within the budget, bytes_per_cell for the
 * command's own arrays (a Float32 DEM included): plain on every thread, or epsilon on one.
 */
static int load_filled(struct cli_raster_args *a, double bytes_per_cell, int epsilon,
                       struct rs_routing *r, struct ls_err *err)
{
    memset(r, 0, sizeof *r);
    struct rs_source src;
    int rc = rs_source_open(a->pos[0], 1, &src, err);
    if (rc)
        return rc;
    struct rs_mem_plan plan;
    rs_mem_plan(a->exec.mem_bytes, &plan);
    rc = rs_routing_fill(&src, rs_exec_threads(&a->exec), epsilon, bytes_per_cell, plan.grids,
                         a->sub, r, err);
    rs_source_close(&src);
    return rc;
}

/* load_filled, then D8 directions. */
static int load_routed(struct cli_raster_args *a, double bytes_per_cell, struct rs_routing *r,
                       struct ls_err *err)
{
    int rc = load_filled(a, bytes_per_cell, 0, r, err);
    if (!rc)
        rc = rs_routing_directions(r, a->edges_outward, rs_exec_threads(&a->exec), err);
    return rc;
}

static int write_out(struct cli_raster_args *a, const struct rs_grid *g, GDALDataType deftype,
                     GDALDataType memtype, const void *data, const char *desc, const char *units,
                     struct ls_err *err)
{
    if (a->sink.type == GDT_Unknown)
        a->sink.type = deftype;
    if (!a->sink.description)
        a->sink.description = desc;
    a->sink.units = units;
    struct rs_sink *s = NULL;
    int rc = rs_sink_create(a->pos[1], g, &a->sink, &s, err);
    if (!rc && (rc = rs_write_array(s, g, memtype, data, err)) != 0)
        rs_sink_abort(s);
    else if (!rc)
        rc = rs_sink_commit(s, err);
    return rc;
}

static void report(struct cli_raster_args *a, const struct rs_routing *r, json_t *extra)
{
    if (a->json) {
        json_t *o =
            json_pack("{s:s,s:s,s:s,s:I,s:I,s:{s:I,s:f,s:I}}", "operation", a->sub, "input",
                      a->pos[0], "output", a->pos[1], "columns", (json_int_t)r->g.nx, "rows",
                      (json_int_t)r->g.ny, "fill", "raised_cells", (json_int_t)r->fill.raised,
                      "max_raise", r->fill.max_raise, "seed_cells", (json_int_t)r->fill.seeds);
        if (extra)
            json_object_update(o, extra);
        cli_print_json(o);
    } else {
        printf("%s: %s -> %s (%ldx%ld cells); depressions: %zu cells raised, at most %.4g\n",
               a->sub, a->pos[0], a->pos[1], r->g.nx, r->g.ny, r->fill.raised, r->fill.max_raise);
    }
    json_decref(extra);
}

int cli_raster_fill(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "DEM.tif OUT.tif"))
        return 1;
    if (a->epsilon && a->out_of_core)
        return cli_usage_error("raster", "--epsilon fills in memory: its surface depends on the "
                                         "order of one flood over the whole grid");
    int tiled = 0;
    if (!a->epsilon && cli_raster_routes_out_of_core(a, RS_ROUTING_FILL_BYTES, &tiled))
        return 1;
    if (tiled)
        return cli_raster_route_ooc(a, CLI_ROUTE_FILL, NULL, "filled elevation");
    struct ls_err err = { 0 };
    struct rs_routing r;
    int rc = load_filled(a, 5, a->epsilon, &r, &err);
    if (!rc)
        rc = write_out(a, &r.g, r.elev_type, r.elev_type, r.z, "filled elevation", NULL, &err);
    if (!rc)
        report(a, &r, json_pack("{s:b,s:b}", "epsilon", a->epsilon, "out_of_core", 0));
    rs_routing_free(&r);
    return rc ? cli_fail(&err, a->json) : 0;
}

/* D8 codes in the encodings other tools read: ours, ESRI (powers of two clockwise from
 * east) and GRASS r.watershed (1..8 counter-clockwise from north-east). Off-grid: 0. */
static const uint8_t esri_codes[8] = { 1, 128, 64, 32, 16, 8, 4, 2 };
static const uint8_t grass_codes[8] = { 8, 1, 2, 3, 4, 5, 6, 7 };

int cli_raster_flowdir(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "DEM.tif OUT.tif"))
        return 1;
    const uint8_t *table = NULL;
    if (a->encoding && strcmp(a->encoding, "esri") == 0)
        table = esri_codes;
    else if (a->encoding && strcmp(a->encoding, "grass") == 0)
        table = grass_codes;
    else if (a->encoding && strcmp(a->encoding, "liangshan") != 0)
        return cli_usage_error("raster", "--encoding is liangshan, esri or grass");
    const char *desc = table == esri_codes    ? "D8 direction, ESRI codes; 0 = off the grid"
                       : table == grass_codes ? "D8 direction, GRASS codes; 0 = off the grid"
                                              : "D8 direction: 0..7 = E,NE,N,NW,W,SW,S,SE; "
                                                "8 = off the grid";
    a->sink.has_nodata = 1;
    a->sink.nodata = RS_D8_NODATA;
    int tiled = 0;
    if (cli_raster_routes_out_of_core(a, 7, &tiled))
        return 1;
    if (tiled)
        return cli_raster_route_ooc(a, CLI_ROUTE_DIR, table, desc);
    struct ls_err err = { 0 };
    struct rs_routing r;
    int rc = load_routed(a, 7, &r, &err);
    if (!rc && table) {
        size_t n = rs_grid_cells(&r.g);
        for (size_t i = 0; i < n; i++)
            if (r.dir[i] != RS_D8_NODATA)
                r.dir[i] = r.dir[i] < 8 ? table[r.dir[i]] : 0;
    }
    if (!rc)
        rc = write_out(a, &r.g, GDT_Byte, GDT_Byte, r.dir, desc, NULL, &err);
    if (!rc)
        report(a, &r, json_pack("{s:s}", "encoding", a->encoding ? a->encoding : "liangshan"));
    rs_routing_free(&r);
    return rc ? cli_fail(&err, a->json) : 0;
}

/* Loads an optional weight raster on the DEM's grid. */
static int load_weight(struct cli_raster_args *a, const struct rs_grid *g, float **w,
                       struct ls_err *err)
{
    *w = NULL;
    if (!a->weight)
        return 0;
    struct rs_source ws;
    int rc = rs_source_open(a->weight, 1, &ws, err);
    if (rc)
        return rc;
    if (!rs_grid_same(&ws.grid, g))
        rc = ls_err_set(err, LS_EINVAL, a->weight, NULL, "grid",
                        "not on the DEM's grid; align it first with 'liangshan raster align "
                        "--like %s'",
                        a->pos[0]);
    if (!rc)
        rc = rs_load_f32(&ws, w, err);
    rs_source_close(&ws);
    return rc;
}

static int accumulate(struct cli_raster_args *a, struct rs_routing *r, int mfd, struct ls_err *err)
{
    float *w = NULL;
    int rc = load_weight(a, &r->g, &w, err);
    if (!rc)
        rc = rs_routing_accumulate(r, w, mfd, a->exponent, err);
    free(w);
    return rc;
}

int cli_raster_flowacc(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "DEM.tif OUT.tif"))
        return 1;
    int mfd = cli_raster_mfd(a);
    if (a->method && !mfd && strcmp(a->method, "d8") != 0)
        return cli_usage_error("raster", "--method is d8 or mfd");
    if (!(a->exponent > 0))
        return cli_usage_error("raster", "--exponent must be positive");
    /* MFD in memory: the DEM, directions, totals, states, and each cell's sum of weights and
     * mask of receivers */
    double bytes = (mfd ? 24 : 11) + (a->weight ? 4 : 0);
    int tiled = 0;
    if (cli_raster_routes_out_of_core(a, bytes, &tiled))
        return 1;
    if (tiled)
        return cli_raster_route_ooc(a, CLI_ROUTE_ACC, NULL,
                                    a->weight ? "weighted flow accumulation"
                                              : "flow accumulation (cells)");
    struct ls_err err = { 0 };
    struct rs_routing r;
    int rc = load_routed(a, bytes, &r, &err);
    if (!rc)
        rc = accumulate(a, &r, mfd, &err);
    if (!rc)
        rc = write_out(a, &r.g, GDT_Float64, GDT_Float64, r.acc,
                       a->weight ? "weighted flow accumulation" : "flow accumulation (cells)", NULL,
                       &err);
    if (!rc)
        report(a, &r,
               json_pack("{s:s,s:f,s:I}", "method", mfd ? "mfd" : "d8", "exponent", a->exponent,
                         "nodata_weights_counted_as_zero", (json_int_t)r.nan_weights));
    rs_routing_free(&r);
    return rc ? cli_fail(&err, a->json) : 0;
}

static uint8_t *threshold_streams(const struct rs_routing *r, double threshold)
{
    size_t n = rs_grid_cells(&r->g);
    uint8_t *s = malloc(n);
    for (size_t i = 0; s && i < n; i++)
        s[i] = isnan(r->acc[i]) ? 255 : r->acc[i] >= threshold;
    return s;
}

/* Routes the DEM with D8, accumulates, and marks the cells at or above --threshold. */
static int routed_streams(struct cli_raster_args *a, struct rs_routing *r, uint8_t **s,
                          struct ls_err *err)
{
    int rc = load_routed(a, 12, r, err);
    if (!rc)
        rc = accumulate(a, r, 0, err);
    *s = rc ? NULL : threshold_streams(r, a->threshold);
    if (!rc && !*s)
        rc = ls_err_set(err, LS_ENOMEM, a->pos[0], NULL, NULL, "out of memory");
    return rc;
}

int cli_raster_streams(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "DEM.tif OUT.tif"))
        return 1;
    if (!(a->threshold > 0))
        return cli_usage_error("raster", "streams needs --threshold CELLS (> 0)");
    a->sink.has_nodata = 1;
    a->sink.nodata = 255;
    int tiled = 0;
    if (cli_raster_routes_out_of_core(a, 12, &tiled))
        return 1;
    if (tiled)
        return cli_raster_route_ooc(a, CLI_ROUTE_STREAMS, NULL,
                                    "stream (1) where accumulation >= threshold");
    struct ls_err err = { 0 };
    struct rs_routing r;
    uint8_t *s = NULL;
    int rc = routed_streams(a, &r, &s, &err);
    if (!rc)
        rc = write_out(a, &r.g, GDT_Byte, GDT_Byte, s, "stream (1) where accumulation >= threshold",
                       NULL, &err);
    if (!rc)
        report(a, &r, json_pack("{s:f}", "threshold_cells", a->threshold));
    free(s);
    rs_routing_free(&r);
    return rc ? cli_fail(&err, a->json) : 0;
}

int cli_raster_distance(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "DEM.tif OUT.tif"))
        return 1;
    if (!(a->threshold > 0))
        return cli_usage_error("raster",
                               "distance needs --threshold CELLS (> 0) to define streams");
    int tiled = 0;
    if (cli_raster_routes_out_of_core(a, 12, &tiled))
        return 1;
    if (tiled)
        return cli_raster_route_ooc(a, CLI_ROUTE_DISTANCE, NULL,
                                    "downslope distance to stream (m)");
    struct ls_err err = { 0 };
    struct rs_routing r;
    uint8_t *s = NULL;
    int rc = routed_streams(a, &r, &s, &err);
    if (!rc)
        rc = rs_downslope_distance(&r.g, r.dir, s, r.acc, &err); /* reuses acc for distance */
    if (!rc)
        rc = write_out(a, &r.g, GDT_Float32, GDT_Float64, r.acc, "downslope distance to stream (m)",
                       "metre", &err);
    if (!rc)
        report(a, &r, json_pack("{s:f}", "threshold_cells", a->threshold));
    free(s);
    rs_routing_free(&r);
    return rc ? cli_fail(&err, a->json) : 0;
}

int cli_raster_watershed(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "DEM.tif OUT.tif"))
        return 1;
    if (!a->outlets)
        return cli_usage_error("raster", "watershed needs --outlets POINTS");
    if (a->snap < 0 || a->snap > 1000)
        return cli_usage_error("raster", "--snap must be 0..1000 cells");
    a->sink.has_nodata = 1;
    a->sink.nodata = 0;
    int tiled = 0;
    if (cli_raster_routes_out_of_core(a, 23, &tiled))
        return 1;
    if (tiled)
        return cli_raster_route_ooc(a, CLI_ROUTE_WATERSHED, NULL, "watershed (outlet number)");
    struct ls_err err = { 0 };
    struct rs_routing r;
    struct rs_outlets o = { 0 };
    int rc = load_routed(a, 23, &r, &err); /* dir, acc, labels, and the walk's values and states */
    if (!rc)
        rc = accumulate(a, &r, 0, &err);
    if (!rc)
        rc = rs_outlets_read(a->outlets, &r.g, &o, &err);
    if (!rc) {
        rs_outlets_snap_rows(&o, &r.g, a->snap, 0, r.g.ny, r.acc);
        rc = rs_outlets_finish(&o, &r.g, a->outlets, &err);
    }
    int32_t *label = rc ? NULL : malloc(rs_grid_cells(&r.g) * sizeof *label);
    if (!rc && !label)
        rc = ls_err_set(&err, LS_ENOMEM, a->pos[0], NULL, NULL, "out of memory");
    if (!rc)
        rc = rs_watershed(&r.g, r.dir, o.cells, o.n, label, &err);
    if (!rc)
        rc = write_out(a, &r.g, GDT_Int32, GDT_Int32, label, "watershed (outlet number)", NULL,
                       &err);
    if (!rc)
        report(a, &r, json_pack("{s:o}", "outlets", cli_raster_outlets_report(&o, &r.g, !a->json)));
    free(label);
    rs_outlets_free(&o);
    rs_routing_free(&r);
    return rc ? cli_fail(&err, a->json) : 0;
}
