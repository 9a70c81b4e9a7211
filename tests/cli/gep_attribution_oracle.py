#!/usr/bin/env python3
# Independent truth for `liangshan gep attribute` (tests/cli/test_gep_attribution_cli.sh):
# writes a small grid of two value rasters and the account document, then, for each unit
# polygon given as WKT, sums every cell's value times the area of the cell's square
# intersected with the polygon (OGR geometry Intersection) over the cell's area — cell by cell
# over the whole grid, no zone raster, no boundary walk.
#   gep_attribution_oracle.py make DIR
#   gep_attribution_oracle.py expect DIR UNITS.tsv   (code<TAB>WKT per line) → code item value
import sys
from osgeo import gdal, ogr, osr

NX, NY, X0, Y0, CELL = 20, 16, 40501990.0, 3170310.0, 30.0
ITEMS = {"water_conservation": lambda i, j: ((i * 7 + j * 3) % 11) + 0.5,
         "gep_total": lambda i, j: ((i * 5 + j * 13) % 17) * 2.25 + 1.0}
NODATA = -9999.0


def make(d):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4528)
    for name, f in ITEMS.items():
        ds = gdal.GetDriverByName("GTiff").Create(f"{d}/{name}_value.tif", NX, NY, 1, gdal.GDT_Float64)
        ds.SetGeoTransform((X0, CELL, 0, Y0, 0, -CELL))
        ds.SetProjection(srs.ExportToWkt())
        b = ds.GetRasterBand(1)
        b.SetNoDataValue(NODATA)
        import numpy
        a = numpy.array([[f(i, j) for i in range(NX)] for j in range(NY)], dtype="float64")
        a[3][4] = NODATA  # a cell without a value, inside the first unit
        b.WriteArray(a)
        ds = None
    with open(f"{d}/account.json", "w") as fh:
        fh.write('{"account": {"name": "test", "year": 2023}, "totals": {"gep_yuan": 0},'
                 ' "items": [{"item": "water_conservation", "in_total": true},'
                 ' {"item": "soil_retention", "in_total": true}]}\n')


def expect(d, units):
    for line in open(units):
        code, wkt = line.rstrip("\n").split("\t")
        poly = ogr.CreateGeometryFromWkt(wkt)
        for name, f in ITEMS.items():
            total = 0.0
            for j in range(NY):
                for i in range(NX):
                    v = f(i, j)
                    if (j, i) == (3, 4):
                        continue
                    x, y = X0 + i * CELL, Y0 - j * CELL
                    cell = ogr.CreateGeometryFromWkt(
                        f"POLYGON(({x} {y},{x + CELL} {y},{x + CELL} {y - CELL},{x} {y - CELL},{x} {y}))")
                    inter = poly.Intersection(cell)
                    # touching along an edge or at a corner is no area
                    if inter is not None and not inter.IsEmpty() and inter.GetDimension() == 2:
                        total += v * inter.GetArea() / (CELL * CELL)
            print(code, "gep" if name == "gep_total" else name, f"{total:.6f}")


if __name__ == "__main__":
    make(sys.argv[2]) if sys.argv[1] == "make" else expect(sys.argv[2], sys.argv[3])
