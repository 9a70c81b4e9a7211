/*
 * raster/basemap — a basemap the server draws from the county's own data, for a map with no
 * network (and no 天地图 key): land cover coloured by its first-level class (TD/T 1055—2019,
 * the landcover raster holds DLBM as an integer, 0101 → 101), shaded by a hillshade of the
 * DEM (GDAL's gdaldem, multidirectional). It is composed once into an RGBA GeoTIFF in the
 * county's CRS with overviews, then cut into 256-pixel Web Mercator (EPSG:3857) XYZ tiles by
 * GDALWarp, the scheme Leaflet, OpenLayers and 天地图's _w services use.
 *
 * Ownership: *png is the caller's to free.
 */
#ifndef LS_RASTER_BASEMAP_H
#define LS_RASTER_BASEMAP_H

#include <stddef.h>

#include "base/err.h"

#define RS_TILE_PX       256
#define RS_TILE_MAX_ZOOM 20

/* Writes the composed basemap to out (all or nothing). The two rasters must share one grid:
 * otherwise LS_EINVAL naming landcover. */
int rs_basemap_compose(const char *elevation, const char *landcover, const char *out,
                       struct ls_err *err);

/* 0 when z/x/y is a tile of the XYZ scheme; else LS_EINVAL naming z, x or y. */
int rs_tile_check(int z, long x, long y, struct ls_err *err);

/* The XYZ tile z/x/y of a composed basemap as PNG (fully transparent outside the county).
 * LS_EINVAL naming z, x or y when the tile does not exist in the scheme (z 0..RS_TILE_MAX_ZOOM,
 * x and y 0..2^z−1). */
int rs_basemap_tile(const char *composite, int z, long x, long y, unsigned char **png, size_t *len,
                    struct ls_err *err);

#endif
