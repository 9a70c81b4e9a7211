/*
 * gep/terrain — the slope length-steepness factor LS of RUSLE from a DEM, as InVEST's SDR
 * model computes it (sdr.py, after Desmet & Govers 1996 and McCool et al.), so that soil
 * retention reproduces InVEST on the same inputs:
 *   DEM → priority-flood fill → MFD flow accumulation A (cells, counting the cell itself) and
 *   percent slope s (Horn's 3×3 differences; at the grid edge and beside nodata InVEST's rule:
 *   a missing corner is replaced by the inline middle cell, else by the centre with the
 *   difference scaled by √2) →
 *   θ = atan(s/100); S = 10.8 sin θ + 0.03 when s < 9 %, else 16.8 sin θ − 0.50;
 *   m = 0.2 (s ≤ 1 %), 0.3 (≤ 3.5 %), 0.4 (≤ 5 %), 0.5 (≤ 9 %), else β/(1+β) with
 *   β = (sin θ / 0.0896)/(3 sin^0.8 θ + 0.56);
 *   L = ((a + D²)^(m+1) − a^(m+1)) / (D^(m+2) · x^m · 22.13^m) with a = √((A − 1)·D²) and
 *   x = |sin θ| + |cos θ| (InVEST's "aspect" term uses the slope angle), L ≤ l_max.
 * Arrays are the caller's, row-major, NaN for nodata.
 */
#ifndef LS_GEP_TERRAIN_H
#define LS_GEP_TERRAIN_H

#include "raster/exec.h"

/* Percent slope of every cell of z (NaN on nodata). */
void gep_slope_percent(const struct rs_grid *g, const float *z, float *slope);

/* LS of one cell from percent slope, flow accumulation (cells) and cell side D (m). */
double gep_ls_cell(double slope_pct, double flow_acc, double d, double l_max);

/* LS for every cell from a filled DEM and its flow accumulation. */
void gep_ls_factor(const struct rs_grid *g, const float *z_filled, const double *flow_acc,
                   double l_max, float *ls);

/*
 * The whole chain from the DEM raster to an LS raster written at out_path (Float32), within
 * the memory budget of exec (14 bytes per cell at most while it runs).
 */
int gep_ls_from_dem(struct rs_source *dem, const char *out_path, double l_max,
                    const struct rs_exec_opts *exec, struct ls_err *err);

#endif
