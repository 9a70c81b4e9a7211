/*
 * cli/raster_cli — the options shared by the `liangshan raster` subcommands, parsed once.
 * Each subcommand reads the fields it uses and refuses positional counts it does not take.
 */
#ifndef LS_CLI_RASTER_CLI_H
#define LS_CLI_RASTER_CLI_H

#include <stdint.h>

#include "raster/exec.h"

struct raster_args {
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

int raster_calc(struct raster_args *a);
int raster_reclass(struct raster_args *a);
int raster_slope(struct raster_args *a);
int raster_focal(struct raster_args *a);
int raster_align(struct raster_args *a);
int raster_zonal(struct raster_args *a);
int raster_fill(struct raster_args *a);
int raster_flowdir(struct raster_args *a);
int raster_flowacc(struct raster_args *a);
int raster_streams(struct raster_args *a);
int raster_watershed(struct raster_args *a);
int raster_distance(struct raster_args *a);

/* Bytes per cell the in-memory fill holds on several threads: the DEM, the labels, the
 * original elevations and the flood's queues. */
#define RASTER_IN_MEMORY_FILL_BYTES 16

/* Out-of-core routing (cli/raster_ooc.c). Sets *tiled when the DEM does not fit the budget
 * at bytes_per_cell (the fill's own need included) or --out-of-core asks for it; returns an
 * exit code > 0 (printed) when the DEM cannot be opened. */
int raster_routes_out_of_core(struct raster_args *a, double bytes_per_cell, int *tiled);

/* 1 when --method mfd was asked for. */
int raster_mfd(const struct raster_args *a);

enum raster_route_kind {
    RASTER_ROUTE_FILL,
    RASTER_ROUTE_DIR,
    RASTER_ROUTE_ACC,
    RASTER_ROUTE_STREAMS,
    RASTER_ROUTE_DISTANCE,
    RASTER_ROUTE_WATERSHED
};

/* Runs the command out of core into a->pos[1] (D8 codes through dir_table when not NULL),
 * prints the report; returns the exit code. */
int raster_route_ooc(struct raster_args *a, enum raster_route_kind kind, const uint8_t *dir_table,
                     const char *desc);

/* 0 when a has n positional arguments; else prints a usage error naming `what`, returns 1. */
int raster_need_pos(const struct raster_args *a, int n, const char *what);

/* Opens band 1 of path, or prints the error and returns the exit code (> 0). */
int raster_open(const char *path, struct rs_source *src, int json);

#endif
