#!/usr/bin/env python3
"""The demo sink's quantity computed apart from Liangshan: GDAL reads the GEP run's carbon
sequestration (t CO2 per cell) and OGR cuts every cell under the footprint by it, so each
cell counts by the share of it the footprint covers; less the buffer share, in kgCO2e.
usage: sink_oracle.py RASTER FOOTPRINT_WKT BUFFER  → prints the whole kgCO2e
       sink_oracle.py RASTER FOOTPRINT_WKT BUFFER covered  → the m² of it on valid cells"""
import math
import sys

from osgeo import gdal, ogr

gdal.PushErrorHandler("CPLQuietErrorHandler")  # a cell touching the footprint gives a line: area 0
ds = gdal.Open(sys.argv[1])
band = ds.GetRasterBand(1)
gt = ds.GetGeoTransform()
fp = ogr.CreateGeometryFromWkt(sys.argv[2])
buffer = float(sys.argv[3])
nodata = band.GetNoDataValue()
x0, x1, y0, y1 = fp.GetEnvelope()
c0, c1 = int(math.floor((x0 - gt[0]) / gt[1])), int(math.floor((x1 - gt[0]) / gt[1]))
r0, r1 = int(math.floor((y1 - gt[3]) / gt[5])), int(math.floor((y0 - gt[3]) / gt[5]))
cell = abs(gt[1] * gt[5])
total = 0.0
covered = 0.0
for r in range(r0, r1 + 1):
    for c in range(c0, c1 + 1):
        ax, ay = gt[0] + c * gt[1], gt[3] + r * gt[5]
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in ((ax, ay), (ax + gt[1], ay), (ax + gt[1], ay + gt[5]), (ax, ay + gt[5]), (ax, ay)):
            ring.AddPoint_2D(x, y)
        box = ogr.Geometry(ogr.wkbPolygon)
        box.AddGeometry(ring)
        share = fp.Intersection(box).GetArea() / cell
        if share <= 0:
            continue
        v = band.ReadAsArray(c, r, 1, 1)[0][0]
        if nodata is not None and v == nodata:
            continue
        total += share * float(v)
        covered += share * cell
if len(sys.argv) > 4 and sys.argv[4] == "covered":
    print(round(covered))
else:
    print(int(math.floor(total * 1000.0 * (1.0 - buffer))))
