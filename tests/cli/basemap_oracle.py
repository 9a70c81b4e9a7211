#!/usr/bin/python3
"""Checks a tile of the county's own basemap against the county's rasters, independently of
Liangshan: for pixels of the Web Mercator tile Z/X/Y (the XYZ scheme's arithmetic done here)
whose point lies well inside one land-cover class (the 3x3 cells around it agree), the pixel's
colour must be that class's documented colour (docs/basemap.md) times one shade factor in
[0.55, 1.12], opaque; where neither the DEM nor the land cover has data, or off both
rasters, it must be transparent; where there is no class and the DEM is at or below 0 m, the sea's colour. Every
tile under TILES/Z/ for the zooms given is checked. Prints per tile that fails, then
"TILES MATCHED CLASS_PIXELS TRANSPARENT_OK OUTSIDE_PIXELS"; exits 1 when under 95 % of either
agrees in any tile.

usage: basemap_oracle.py COUNTY_DIR TILES_DIR Z [Z...]
"""
import os
import math
import sys

from osgeo import gdal, osr

# docs/basemap.md: the muted first-level colours (TD/T 1055-2019)
COLOURS = {1: (239, 228, 176), 2: (227, 208, 154), 3: (156, 197, 154), 4: (200, 222, 166),
           5: (230, 184, 176), 6: (217, 170, 168), 7: (232, 196, 188), 8: (224, 200, 200),
           9: (216, 192, 192), 10: (205, 205, 205), 11: (169, 207, 238), 12: (226, 226, 220)}
SEA = (170, 211, 223)
HALF = math.pi * 6378137.0


def same_colour(rgba, ref):
    r, g, b, a = rgba
    factors = [v / c for v, c in zip((r, g, b), ref) if v < 255]
    return a == 255 and factors and max(factors) - min(factors) < 0.04 and \
        0.54 <= min(factors) and max(factors) <= 1.13


class County:
    def __init__(self, data):
        lc = gdal.Open(f"{data}/landcover.tif")
        dem = gdal.Open(f"{data}/elevation.tif")
        self.lca, self.dema = lc.GetRasterBand(1).ReadAsArray(), dem.GetRasterBand(1).ReadAsArray()
        self.lnd, self.dnd = lc.GetRasterBand(1).GetNoDataValue(), dem.GetRasterBand(1).GetNoDataValue()
        self.gt = lc.GetGeoTransform()
        merc = osr.SpatialReference()
        merc.ImportFromEPSG(3857)
        county = osr.SpatialReference(wkt=lc.GetProjection())
        merc.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        county.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.ct = osr.CoordinateTransformation(merc, county)


def check_tile(c, z, x, y, png):
    tile = gdal.Open(png)
    bands = [tile.GetRasterBand(i + 1).ReadAsArray() for i in range(4)]
    lca, dema, lnd, dnd, gt = c.lca, c.dema, c.lnd, c.dnd, c.gt
    size = 2 * HALF / (1 << z)
    matched = inside = outside = transparent = 0
    for py in range(4, 256, 8):
        for px in range(4, 256, 8):
            mx = -HALF + x * size + (px + 0.5) * size / 256
            my = HALF - y * size - (py + 0.5) * size / 256
            cx, cy, _ = c.ct.TransformPoint(mx, my)
            col, row = int((cx - gt[0]) / gt[1]), int((cy - gt[3]) / gt[5])
            rgba = tuple(int(band[py, px]) for band in bands)
            fc, fr = (cx - gt[0]) / gt[1], (cy - gt[3]) / gt[5]
            if fc < -2 or fr < -2 or fc > lca.shape[1] + 2 or fr > lca.shape[0] + 2:
                outside += 1  # off the rasters (two cells clear of the edge's blending)
                transparent += rgba[3] == 0
                continue
            if not (1 <= col < lca.shape[1] - 1 and 1 <= row < lca.shape[0] - 1):
                continue
            block = lca[row - 1:row + 2, col - 1:col + 2]
            dblock = dema[row - 1:row + 2, col - 1:col + 2]
            if (block == lnd).all() and (dblock == dnd).all():
                outside += 1
                transparent += rgba[3] == 0
                continue
            if (block == lnd).all() and (dblock != dnd).all() and (dblock <= 0).all():
                ref = SEA
            else:
                code = int(block[1, 1])
                if code == lnd or not (block == code).all() or code // 100 not in COLOURS:
                    continue
                ref = COLOURS[code // 100]
            inside += 1
            matched += bool(same_colour(rgba, ref))
    return matched, inside, transparent, outside


def main():
    data, tiles, zooms = sys.argv[1], sys.argv[2], [int(z) for z in sys.argv[3:]]
    c = County(data)
    total = [0, 0, 0, 0]
    n = failed = 0
    for z in zooms:
        for x in sorted(os.listdir(f"{tiles}/{z}")):
            for name in sorted(os.listdir(f"{tiles}/{z}/{x}")):
                m, i, t, o = check_tile(c, z, int(x), int(name[:-4]), f"{tiles}/{z}/{x}/{name}")
                total = [a + b for a, b in zip(total, (m, i, t, o))]
                n += 1
                if m < 0.95 * i or t < 0.95 * o:
                    failed += 1
                    print(f"{z}/{x}/{name}: {m} of {i} coloured, {t} of {o} transparent")
    print(n, *total)
    sys.exit(1 if failed or not n or not total[1] else 0)


main()
