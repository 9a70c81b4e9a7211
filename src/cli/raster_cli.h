/*
 * cli/raster_cli — the options shared by the `liangshan raster` subcommands, parsed once.
 * Each subcommand reads the fields it uses and refuses positional counts it does not take.
 */
#ifndef LS_CLI_RASTER_CLI_H
#define LS_CLI_RASTER_CLI_H

#include <stdint.h>

#include "raster/exec.h"

struct cli_raster_args {
    const char *sub;
    int npos;
    char **pos;
    int json;
    struct rs_exec_opts exec;
    struct rs_sink_opts sink;
    const char *letters[26]; /* calc: -A FILE ... */
    const char *expr, *table, *key, *value;
    const char *unit, *stat, *like, *extent, *crs, *resampling;
    double res, z_factor, exponent, threshold;
    int size, epsilon, snap, edges_outward, out_of_core;
    const char *zones, *zone_polygons, *layer, *label_field, *classes, *csv;
    const char *method, *weight, *outlets, *streams, *encoding;
};

int cli_raster_calc(struct cli_raster_args *a);
int cli_raster_reclass(struct cli_raster_args *a);
int cli_raster_slope(struct cli_raster_args *a);
int cli_raster_focal(struct cli_raster_args *a);
int cli_raster_align(struct cli_raster_args *a);
int cli_raster_zonal(struct cli_raster_args *a);
int cli_raster_fill(struct cli_raster_args *a);
int cli_raster_flowdir(struct cli_raster_args *a);
int cli_raster_flowacc(struct cli_raster_args *a);
int cli_raster_streams(struct cli_raster_args *a);
int cli_raster_watershed(struct cli_raster_args *a);
int cli_raster_distance(struct cli_raster_args *a);

/* Out-of-core routing (cli/raster_ooc.c). Sets *tiled when the DEM does not fit the budget
 * at bytes_per_cell (the fill's own need included) or --out-of-core asks for it; returns an
 * exit code > 0 (printed) when the DEM cannot be opened. */
int cli_raster_routes_out_of_core(struct cli_raster_args *a, double bytes_per_cell, int *tiled);

/* 1 when --method mfd was asked for. */
int cli_raster_mfd(const struct cli_raster_args *a);

enum cli_route_kind {
    CLI_ROUTE_FILL,
    CLI_ROUTE_DIR,
    CLI_ROUTE_ACC,
    CLI_ROUTE_STREAMS,
    CLI_ROUTE_DISTANCE,
    CLI_ROUTE_WATERSHED
};

/* Runs the command out of core into a->pos[1] (D8 codes through dir_table when not NULL),
 * prints the report; returns the exit code. */
int cli_raster_route_ooc(struct cli_raster_args *a, enum cli_route_kind kind,
                         const uint8_t *dir_table, const char *desc);

/* 0 when a has n positional arguments; else prints a usage error naming `what`, returns 1. */
int cli_raster_need_pos(const struct cli_raster_args *a, int n, const char *what);

/* Opens band 1 of path, or prints the error and returns the exit code (> 0). */
int cli_raster_open(const char *path, struct rs_source *src, int json);

/* The snapped outlets as JSON (raster/outlets), printed a line each when print. */
struct rs_outlets;
json_t *cli_raster_outlets_report(const struct rs_outlets *o, const struct rs_grid *g, int print);

#endif
