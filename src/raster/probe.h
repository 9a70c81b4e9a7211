/*
 * raster/probe — the value of one cell of a raster under a point given in lon/lat (EPSG:4326,
 * longitude first): what a map's click on a GEP value layer shows. The point is transformed
 * into the raster's CRS with PROJ (through OGR), and the cell read through GDAL.
 */
#ifndef LS_RASTER_PROBE_H
#define LS_RASTER_PROBE_H

#include "base/err.h"

struct rs_probe {
    int inside;     /* the point lies on the raster */
    int nodata;     /* ... on a cell without data */
    double value;   /* band 1's value there */
    double cell_m2; /* the cell's area in the raster's units squared (m² for a projected CRS) */
    long col, row;
};

/* Fills p for the point (lon, lat); an unreadable raster is an error naming path. */
int rs_probe_at(const char *path, double lon, double lat, struct rs_probe *p, struct ls_err *err);

#endif
