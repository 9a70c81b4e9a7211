/*
 * raster/hydro — terrain routing over a DEM held in memory: priority-flood depression filling,
 * D8 and MFD flow directions, weighted flow accumulation, streams, watersheds from outlets
 * and downslope distance to stream.
 *
 * Conventions (the CLI documents them to users):
 * - cells are row-major, index = row·nx + col; nodata is NaN in the DEM;
 * - D8 codes 0..7 are E, NE, N, NW, W, SW, S, SE; RS_D8_OUTLET marks a cell that drains off
 *   the grid (an edge cell, or one beside nodata, with no lower neighbour); RS_D8_NODATA is
 *   outside the DEM;
 * - the drop to a diagonal neighbour is divided by the diagonal distance √(dx²+dy²);
 * - depressions are filled by priority-flood (Barnes et al. 2014) from the edges and the
 *   cells beside nodata; a cell on a flat drains along a shortest path, through cells of its
 *   elevation, to the nearest one with a way down (toward lower terrain; raster/route_band
 *   has the exact rule), so every cell reaches an outlet;
 * - accumulation counts each cell itself (or its weight) plus everything upstream, its
 *   donors added in D8 code order.
 * raster/tiled gives the same results streaming grids larger than memory.
 * Functions take caller-owned arrays of the grid's size; nothing here allocates a result.
 *
 * Elevations keep the DEM's precision: every function that reads them comes as _f32 (float)
 * and _f64 (double) — one source compiled twice (raster/elev) — and rs_elev_is_f64 says which
 * a DEM takes. Slopes and drops are compared in double either way.
 */
#ifndef LS_RASTER_HYDRO_H
#define LS_RASTER_HYDRO_H

#include <stddef.h>
#include <stdint.h>

#include <gdal.h>

#include "raster/grid.h"

#define RS_D8_OUTLET 8
#define RS_D8_NODATA 255

/* 1 when a DEM of this type is routed in double (Float64), 0 in float (every other type). */
static inline int rs_elev_is_f64(GDALDataType type)
{
    return type == GDT_Float64;
}

struct rs_fill_stats {
    size_t raised;    /* cells whose elevation the fill changed */
    double max_raise; /* largest change */
    size_t seeds;     /* edge and nodata-border cells the flood started from */
    size_t labels;    /* out of core: labels of the bands' edge cells, */
    size_t crossings; /* and the crossings between them (the graph kept in memory) */
};

/*
 * Fills z in place. epsilon=0: the lowest depression-free surface (flats stay flat);
 * epsilon=1: each raised cell is made the next representable value above the cell it was
 * reached from, so every cell keeps a strictly lower neighbour. One thread.
 */
int rs_fill_f32(const struct rs_grid *g, float *z, int epsilon, struct rs_fill_stats *stats,
                struct ls_err *err);
int rs_fill_f64(const struct rs_grid *g, double *z, int epsilon, struct rs_fill_stats *stats,
                struct ls_err *err);

/*
 * The same lowest depression-free surface as rs_fill (bit for bit), on `threads` bands of
 * rows at once (Barnes 2016, "Parallel Priority-Flood depression filling for trillion cell
 * digital elevation models"): each band is flooded from its own edges with every edge cell
 * labelled, the labels' spill elevations are solved over the graph of the bands' edges, and
 * each cell is raised to its label's level. Uses 8 more bytes per cell while it runs.
 */
int rs_fill_parallel_f32(const struct rs_grid *g, float *z, int threads,
                         struct rs_fill_stats *stats, struct ls_err *err);
int rs_fill_parallel_f64(const struct rs_grid *g, double *z, int threads,
                         struct rs_fill_stats *stats, struct ls_err *err);

/*
 * D8 directions on a filled DEM: the steepest drop. A cell on a flat (no lower neighbour)
 * at flat distance d from the nearest cell of its elevation that has a way down drains to its
 * first neighbour, in code order, of that elevation at distance d − 1 (so flats drain toward
 * lower terrain, along shortest paths); a cell with no way at all (a pit left unfilled) is
 * marked RS_D8_OUTLET. Edge cells
 * and cells beside nodata without a lower neighbour drain off the grid; with edges_outward
 * every such cell does, as GRASS r.watershed and ArcGIS's "force" option do. threads > 1
 * splits the rows.
 */
int rs_flowdir_d8_f32(const struct rs_grid *g, const float *z, int edges_outward, uint8_t *dir,
                      int threads, struct ls_err *err);
int rs_flowdir_d8_f64(const struct rs_grid *g, const double *z, int edges_outward, uint8_t *dir,
                      int threads, struct ls_err *err);

/* D8 accumulation: acc = weight (1 when weight is NULL; NaN weights count 0) + upstream. */
int rs_flowacc_d8(const struct rs_grid *g, const uint8_t *dir, const float *weight, double *acc,
                  size_t *nan_weights, struct ls_err *err);

/*
 * MFD accumulation on a filled DEM (Holmgren 1994 / Quinn 1991): a cell passes its total to
 * every lower neighbour in proportion to (drop / distance)^exponent; a cell without a lower
 * neighbour passes it all along `dir` (its D8 direction, which follows the flood on flats).
 */
int rs_flowacc_mfd_f32(const struct rs_grid *g, const float *z, const uint8_t *dir,
                       const float *weight, double exponent, double *acc, size_t *nan_weights,
                       struct ls_err *err);
int rs_flowacc_mfd_f64(const struct rs_grid *g, const double *z, const uint8_t *dir,
                       const float *weight, double exponent, double *acc, size_t *nan_weights,
                       struct ls_err *err);

/* Labels each cell with the 1-based index of the first outlet downstream of it (0: none). */
int rs_watershed(const struct rs_grid *g, const uint8_t *dir, const size_t *outlets,
                 size_t n_outlets, int32_t *label, struct ls_err *err);

/*
 * Distance in metres along the D8 path to the first stream cell (stream[i] != 0); 0 on
 * streams; NaN where the path leaves the grid without meeting a stream, and on nodata.
 */
int rs_downslope_distance(const struct rs_grid *g, const uint8_t *dir, const uint8_t *stream,
                          double *dist, struct ls_err *err);

/*
 * Turns −0 into +0. The fills start with it: a flood raising 0 to −0 (or a level solved as
 * either) would give results equal in value but not in bits, depending on the order of work.
 */
void rs_zero_sign_f32(float *z, size_t n);
void rs_zero_sign_f64(double *z, size_t n);

/* 1 when the valid cell (r, c) is on the grid's edge or beside nodata: water can leave there. */
int rs_drains_off_f32(const struct rs_grid *g, const float *z, long r, long c);
int rs_drains_off_f64(const struct rs_grid *g, const double *z, long r, long c);

/* The cell D8 drains cell i into; (size_t)-1 when it leaves the grid or enters nodata. */
size_t rs_d8_down(const struct rs_grid *g, const uint8_t *dir, size_t i);

/* Neighbour offsets of the D8 codes (dcol, drow). */
extern const int rs_d8_dx[8], rs_d8_dy[8];

#endif
