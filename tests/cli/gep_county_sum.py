#!/usr/bin/python3
"""The sum of a per-cell GEP raster over a polygon layer, computed independently of
Liangshan with GDAL/OGR and numpy: a cell wholly inside counts once, a cell the boundary
crosses counts by the exact area of its square inside the polygons (OGR intersection).
Boundary cells are found by rasterizing the polygons 8 times finer (64 samples a cell) and
taking every cell within one of a partly covered one. Used by test_gep_cli.sh to check that
an account counts every cell of the county once, boundary cells by area.

usage: gep_county_sum.py RASTER VECTOR LAYER
prints: the sum, the cells counted, the cells counted in part
"""
import sys

import numpy as np
from osgeo import gdal, ogr

FINE = 8


def surface(g):
    """The area of the polygons of g (an intersection may also hold lines and points)."""
    if g is None or g.IsEmpty():
        return 0.0
    flat = ogr.GT_Flatten(g.GetGeometryType())
    if flat in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
        return g.GetArea()
    if flat == ogr.wkbGeometryCollection:
        return sum(surface(g.GetGeometryRef(i)) for i in range(g.GetGeometryCount()))
    return 0.0


def main(raster, vector, layer):
    gdal.UseExceptions()
    ogr.UseExceptions()
    src = gdal.Open(raster)
    band = src.GetRasterBand(1)
    values = band.ReadAsArray().astype(np.float64)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        values[values == nodata] = np.nan
    gt = src.GetGeoTransform()
    nx, ny = src.RasterXSize, src.RasterYSize
    fine = gdal.GetDriverByName("MEM").Create("", nx * FINE, ny * FINE, 1, gdal.GDT_Byte)
    fine.SetGeoTransform((gt[0], gt[1] / FINE, 0, gt[3], 0, gt[5] / FINE))
    fine.SetProjection(src.GetProjection())
    ds = ogr.Open(vector)
    lyr = ds.GetLayerByName(layer)
    gdal.RasterizeLayer(fine, [1], lyr, burn_values=[1])
    frac = fine.GetRasterBand(1).ReadAsArray().astype(np.float64)
    frac = frac.reshape(ny, FINE, nx, FINE).mean(axis=(1, 3))
    part = (frac > 0) & (frac < 1)
    near = part.copy()
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            near |= np.roll(np.roll(part, dr, axis=0), dc, axis=1)
    union = ogr.Geometry(ogr.wkbMultiPolygon)
    for f in lyr:
        union = union.Union(f.GetGeometryRef())
    cell_area = abs(gt[1] * gt[5])
    for r, c in zip(*np.nonzero(near)):
        x0, y0 = gt[0] + c * gt[1], gt[3] + r * gt[5]
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in ((x0, y0), (x0 + gt[1], y0), (x0 + gt[1], y0 + gt[5]), (x0, y0 + gt[5]),
                     (x0, y0)):
            ring.AddPoint_2D(x, y)
        sq = ogr.Geometry(ogr.wkbPolygon)
        sq.AddGeometry(ring)
        frac[r, c] = surface(union.Intersection(sq)) / cell_area
    ok = np.isfinite(values) & (frac > 0)
    print("%.6f %d %d" % (float(np.sum(values[ok] * frac[ok])), int(np.sum(ok)),
                          int(np.sum(ok & (frac < 1)))))


if __name__ == "__main__":
    main(*sys.argv[1:4])
