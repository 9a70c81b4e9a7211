/*
 * cli/raster_ooc — fill, flowdir, flowacc (D8 and MFD), streams, watershed and distance when the
 * DEM is streamed from its file in bands (raster/tiled) rather than held in memory: the planning of
 * bands from the budget, and the sinks the routed rows are written to.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/raster_cli.h"
#include "raster/dem.h"
#include "raster/outlets.h"
#include "raster/routing.h"
#include "raster/tiled.h"

int cli_raster_mfd(const struct cli_raster_args *a)
{
    return a->method && strcmp(a->method, "mfd") == 0;
}

int cli_raster_routes_out_of_core(struct cli_raster_args *a, double bytes_per_cell, int *tiled)
{
    struct ls_err err = { 0 };
    struct rs_source src;
    if (rs_source_open(a->pos[0], 1, &src, &err))
        return cli_fail(&err, a->json);
    struct rs_mem_plan plan;
    rs_mem_plan(a->exec.mem_bytes, &plan);
    double need = (double)rs_grid_cells(&src.grid) *
                  (fmax(bytes_per_cell, RS_ROUTING_FILL_BYTES) + rs_routing_elev_extra(src.type));
    *tiled = a->out_of_core || need > (double)plan.grids;
    rs_source_close(&src);
    return 0;
}

/* The bands in flight get what raster/dem's memory plan leaves them. */
/* Shared with the in-memory watershed (raster_hydro.c). */
json_t *cli_raster_outlets_report(const struct rs_outlets *o, const struct rs_grid *g, int print)
{
    json_t *arr = rs_outlets_json(o, g);
    size_t k;
    json_t *x;
    json_array_foreach(arr, k, x)
    {
        if (print)
            printf("outlet %zu: row %lld column %lld, %.0f upstream cells\n", k + 1,
                   (long long)json_integer_value(json_object_get(x, "row")),
                   (long long)json_integer_value(json_object_get(x, "column")),
                   json_number_value(json_object_get(x, "upstream_cells")));
    }
    return arr;
}

static int plan_bands(struct cli_raster_args *a, const struct rs_grid *g, double bytes_per_cell,
                      struct rs_tiled_opts *o, struct ls_err *err)
{
    struct rs_mem_plan plan;
    rs_mem_plan(a->exec.mem_bytes, &plan);
    o->threads = rs_exec_threads(&a->exec);
    if (a->exec.strip_rows) {
        o->band_rows = a->exec.strip_rows;
        return 0;
    }
    return rs_tiled_band_rows(g, plan.bands, o->threads, bytes_per_cell, &o->band_rows, err);
}

struct out_rows {
    struct rs_sink *sink;
    long nx;
    const uint8_t *table; /* D8 codes → another encoding */
    double threshold;     /* streams */
    double *row;          /* one row of converted values */
    const struct rs_grid *g;
    struct rs_outlets outlets; /* watershed */
    long snap;
    const char *outlets_path;
};

static int fill_rows(void *ctx, long row0, long nrows, const float *rows, struct ls_err *err)
{
    struct out_rows *o = ctx;
    return rs_sink_write_f32(o->sink, 0, row0, o->nx, nrows, rows, err);
}

static int fill_rows_f64(void *ctx, long row0, long nrows, const double *rows, struct ls_err *err)
{
    struct out_rows *o = ctx;
    return rs_sink_write(o->sink, 0, row0, o->nx, nrows, rows, err);
}

/* Byte outputs go through the sink's row buffer one row at a time, so GDAL receives whole
 * blocks in order whatever the band height and the file's bytes do not depend on it. */
static int dir_rows(void *ctx, long row0, long nrows, const uint8_t *rows, struct ls_err *err)
{
    struct out_rows *o = ctx;
    int rc = 0;
    for (long r = 0; r < nrows && !rc; r++) {
        const uint8_t *in = rows + (size_t)r * (size_t)o->nx;
        for (long c = 0; c < o->nx; c++)
            o->row[c] = !o->table || in[c] == RS_D8_NODATA ? in[c]
                        : in[c] < 8                        ? o->table[in[c]]
                                                           : 0;
        rc = rs_sink_write(o->sink, 0, row0 + r, o->nx, 1, o->row, err);
    }
    return rc;
}

static int acc_rows(void *ctx, long row0, long nrows, const double *rows, struct ls_err *err)
{
    struct out_rows *o = ctx;
    return rs_sink_write(o->sink, 0, row0, o->nx, nrows, rows, err);
}

static int stream_rows(void *ctx, long row0, long nrows, const double *rows, struct ls_err *err)
{
    struct out_rows *o = ctx;
    int rc = 0;
    for (long r = 0; r < nrows && !rc; r++) {
        const double *in = rows + (size_t)r * (size_t)o->nx;
        for (long c = 0; c < o->nx; c++)
            o->row[c] = isnan(in[c]) ? 255 : in[c] >= o->threshold;
        rc = rs_sink_write(o->sink, 0, row0 + r, o->nx, 1, o->row, err);
    }
    return rc;
}

static int no_rows(void *ctx, long row0, long nrows, const double *rows, struct ls_err *err)
{
    (void)ctx, (void)row0, (void)nrows, (void)rows, (void)err;
    return 0;
}

static int snap_rows(void *ctx, long row0, long nrows, const double *rows, struct ls_err *err)
{
    (void)err;
    struct out_rows *o = ctx;
    rs_outlets_snap_rows(&o->outlets, o->g, o->snap, row0, nrows, rows);
    return 0;
}

static int snapped_outlets(void *ctx, const size_t **cells, size_t *n, struct ls_err *err)
{
    struct out_rows *o = ctx;
    int rc = rs_outlets_finish(&o->outlets, o->g, o->outlets_path, err);
    *cells = o->outlets.cells;
    *n = o->outlets.n;
    return rc;
}

static int open_weight(struct cli_raster_args *a, const struct rs_grid *g, struct rs_source *ws,
                       struct ls_err *err)
{
    int rc = rs_source_open(a->weight, 1, ws, err);
    if (!rc && !rs_grid_same(&ws->grid, g)) {
        rc = ls_err_set(err, LS_EINVAL, a->weight, NULL, "grid",
                        "not on the DEM's grid; align it first with 'liangshan raster align "
                        "--like %s'",
                        a->pos[0]);
        rs_source_close(ws);
    }
    return rc;
}

static void report(const struct cli_raster_args *a, const struct rs_grid *g,
                   const struct rs_route_stats *st, long rows, enum cli_route_kind kind,
                   const struct rs_outlets *outlets)
{
    if (!a->json && kind == CLI_ROUTE_WATERSHED)
        json_decref(cli_raster_outlets_report(outlets, g, 1));
    if (a->json) {
        json_t *o = json_pack(
            "{s:s,s:s,s:s,s:I,s:I,s:{s:I,s:f,s:I,s:I,s:I},s:b,s:{s:I,s:I,s:I,s:I}}", "operation",
            a->sub, "input", a->pos[0], "output", a->pos[1], "columns", (json_int_t)g->nx, "rows",
            (json_int_t)g->ny, "fill", "raised_cells", (json_int_t)st->fill.raised, "max_raise",
            st->fill.max_raise, "seed_cells", (json_int_t)st->fill.seeds, "labels",
            (json_int_t)st->fill.labels, "crossings", (json_int_t)st->fill.crossings, "out_of_core",
            1, "bands", "count", (json_int_t)st->bands, "rows", (json_int_t)rows,
            "direction_visits", (json_int_t)st->dir_visits, "accumulation_visits",
            (json_int_t)st->acc_visits);
        if (kind == CLI_ROUTE_FILL)
            json_object_set_new(o, "epsilon", json_false());
        if (kind == CLI_ROUTE_DIR)
            json_object_set_new(o, "encoding",
                                json_string(a->encoding ? a->encoding : "liangshan"));
        if (kind == CLI_ROUTE_ACC) {
            json_object_set_new(o, "method", json_string(cli_raster_mfd(a) ? "mfd" : "d8"));
            json_object_set_new(o, "exponent", json_real(a->exponent));
            json_object_set_new(o, "nodata_weights_counted_as_zero",
                                json_integer((json_int_t)st->nan_weights));
        }
        if (kind == CLI_ROUTE_STREAMS || kind == CLI_ROUTE_DISTANCE)
            json_object_set_new(o, "threshold_cells", json_real(a->threshold));
        if (kind == CLI_ROUTE_DISTANCE || kind == CLI_ROUTE_WATERSHED)
            json_object_set_new(json_object_get(o, "bands"), "downstream_visits",
                                json_integer((json_int_t)st->down_visits));
        if (kind == CLI_ROUTE_WATERSHED)
            json_object_set_new(o, "outlets", cli_raster_outlets_report(outlets, g, 0));
        cli_print_json(o);
    } else {
        printf("%s: %s -> %s (%ldx%ld cells, out of core in %ld bands); depressions: %zu cells "
               "raised, at most %.4g\n",
               a->sub, a->pos[0], a->pos[1], g->nx, g->ny, st->bands, st->fill.raised,
               st->fill.max_raise);
    }
}

int cli_raster_route_ooc(struct cli_raster_args *a, enum cli_route_kind kind,
                         const uint8_t *dir_table, const char *desc)
{
    struct ls_err err = { 0 };
    struct rs_source dem, ws;
    struct rs_tiled_opts o;
    struct rs_route_stats st = { 0 };
    struct out_rows out = {
        .table = dir_table, .threshold = a->threshold, .snap = a->snap, .outlets_path = a->outlets
    };
    int has_w = 0;
    int rc = rs_source_open(a->pos[0], 1, &dem, &err);
    if (rc)
        return cli_fail(&err, a->json);
    const struct rs_grid *g = &dem.grid;
    int f64 = rs_elev_is_f64(dem.type), ebytes = f64 ? 8 : 4;
    out.nx = g->nx;
    out.g = g;
    if (kind == CLI_ROUTE_WATERSHED)
        rc = rs_outlets_read(a->outlets, g, &out.outlets, &err);
    if (!rc && !(out.row = malloc((size_t)g->nx * sizeof *out.row)))
        rc = ls_err_set(&err, LS_ENOMEM, a->pos[0], NULL, NULL, "out of memory");
    if (!rc)
        rc = plan_bands(a, g,
                        kind == CLI_ROUTE_FILL                       ? RS_TILED_FILL_BYTES(ebytes)
                        : kind == CLI_ROUTE_ACC && cli_raster_mfd(a) ? RS_TILED_MFD_BYTES(ebytes)
                                                                     : RS_TILED_ROUTE_BYTES(ebytes),
                        &o, &err);
    if (!rc && kind != CLI_ROUTE_FILL && kind != CLI_ROUTE_DIR && a->weight &&
        !(rc = open_weight(a, g, &ws, &err)))
        has_w = 1;
    GDALDataType type = kind == CLI_ROUTE_FILL        ? (f64 ? GDT_Float64 : GDT_Float32)
                        : kind == CLI_ROUTE_DISTANCE  ? GDT_Float32
                        : kind == CLI_ROUTE_ACC       ? GDT_Float64
                        : kind == CLI_ROUTE_WATERSHED ? GDT_Int32
                                                      : GDT_Byte;
    if (a->sink.type == GDT_Unknown)
        a->sink.type = type;
    if (!a->sink.description)
        a->sink.description = desc;
    if (kind == CLI_ROUTE_DISTANCE)
        a->sink.units = "metre";
    if (!rc)
        rc = rs_sink_create(a->pos[1], g, &a->sink, &out.sink, &err);
    if (!rc && kind == CLI_ROUTE_FILL) {
        rc = f64 ? rs_fill_tiled_f64(&dem, &o, fill_rows_f64, &out, &st.fill, &err)
                 : rs_fill_tiled_f32(&dem, &o, fill_rows, &out, &st.fill, &err);
        st.bands = (g->ny + o.band_rows - 1) / o.band_rows;
    } else if (!rc) {
        struct rs_route_job job = { .dem = &dem,
                                    .weight = has_w ? &ws : NULL,
                                    .scratch_near = a->pos[1],
                                    .outward = a->edges_outward,
                                    .dir_rows = kind == CLI_ROUTE_DIR ? dir_rows : NULL,
                                    .acc_rows = kind == CLI_ROUTE_ACC         ? acc_rows
                                                : kind == CLI_ROUTE_STREAMS   ? stream_rows
                                                : kind == CLI_ROUTE_DISTANCE  ? no_rows
                                                : kind == CLI_ROUTE_WATERSHED ? snap_rows
                                                                              : NULL,
                                    .ctx = &out,
                                    .down = kind == CLI_ROUTE_DISTANCE    ? RS_ROUTE_DOWN_DISTANCE
                                            : kind == CLI_ROUTE_WATERSHED ? RS_ROUTE_DOWN_LABELS
                                                                          : RS_ROUTE_DOWN_NONE,
                                    .stream_threshold = a->threshold,
                                    .mfd = kind == CLI_ROUTE_ACC && cli_raster_mfd(a),
                                    .exponent = a->exponent,
                                    .outlets = snapped_outlets,
                                    .down_rows = acc_rows };
        rc = rs_route_tiled(&job, &o, &st, &err);
    }
    if (out.sink && rc)
        rs_sink_abort(out.sink);
    else if (out.sink)
        rc = rs_sink_commit(out.sink, &err);
    if (!rc)
        report(a, g, &st, o.band_rows, kind, &out.outlets);
    free(out.row);
    rs_outlets_free(&out.outlets);
    if (has_w)
        rs_source_close(&ws);
    rs_source_close(&dem);
    return rc ? cli_fail(&err, a->json) : 0;
}
