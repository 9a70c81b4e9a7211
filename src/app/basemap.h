/*
 * app/basemap — the county's own basemap as a cache of XYZ tiles, the use case behind
 * /api/v1/basemap/tiles and `liangshan basemap`: the composite (raster/basemap) is made from
 * DATA/elevation.tif and DATA/landcover.tif into TILES/basemap.tif when missing or older than
 * either, which empties the tile cache; a tile is drawn on first request into
 * TILES/Z/X/Y.png and read from there afterwards. Seeding draws every tile over the county
 * for a range of zooms ahead of use, as MapProxy's seed does, for a bureau without network.
 *
 * app_basemap_prepare must not run in two threads at once (the server holds a mutex);
 * app_basemap_tile may (each tile is written through its own temporary file).
 */
#ifndef LS_APP_BASEMAP_H
#define LS_APP_BASEMAP_H

#include <stddef.h>

#include "base/err.h"

/* Makes TILES/basemap.tif when missing or stale. LS_ENOENT naming elevation.tif or
 * landcover.tif when the county folder lacks one. */
int app_basemap_prepare(const char *data, const char *tiles, struct ls_err *err);

/* The cached tile's path into path, drawing it first (*drawn) when it is not cached (a tile outside
 * the county is transparent). LS_EINVAL naming z, x or y for a tile not in the scheme. */
int app_basemap_tile(const char *tiles, int z, long x, long y, char *path, size_t size, int *drawn,
                     struct ls_err *err);

/* Draws every tile over the county from zoom zmin to zmax; *drawn counts those drawn now,
 * *cached those already there. */
int app_basemap_seed(const char *data, const char *tiles, int zmin, int zmax, long *drawn,
                     long *cached, struct ls_err *err);

#endif
