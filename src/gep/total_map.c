/*
 * gep/total_map — the account's GEP as one map (GEP 空间分布图), in yuan per cell.
 *
 * An item counted in GEP either has a value raster (the spatial items) or a value per region
 * (products, tourism and the other items from statistics). The map adds the former cell by
 * cell, and spreads the latter evenly over its region's cells: a township's value over the
 * township, a county-level figure over the whole county. Cells outside every region carry no
 * data. The map therefore sums to GEP, less what spatial items counted in boundary cells whose
 * centre lies outside every region (the run shares those cells; the map gives a cell to the
 * region holding its centre). tests/cli/test_gep_cli.sh measures that difference.
 */
#include "gep/total_map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>

#include "raster/io.h"
#include "raster/zonal.h"

#define STRIP        256
#define TOTAL_NODATA (-9999.0)

struct spread {
    double *per_cell; /* yuan per cell of each zone (1-based; [0] unused) */
    double county;    /* yuan per cell of the county-level figures, on every cell in a zone */
};

/* cells per zone (zones 1..nz) */
static int count_zones(GDALRasterBandH zb, long nx, long ny, long nz, long *cells)
{
    int32_t *row = malloc((size_t)nx * STRIP * sizeof *row);
    int rc = row ? 0 : -1;
    for (long y = 0; !rc && y < ny; y += STRIP) {
        int rows = (int)(ny - y < STRIP ? ny - y : STRIP);
        rc = GDALRasterIO(zb, GF_Read, 0, (int)y, (int)nx, rows, row, (int)nx, rows, GDT_Int32, 0,
                          0) == CE_None
                 ? 0
                 : -1;
        for (size_t i = 0; !rc && i < (size_t)nx * (size_t)rows; i++)
            if (row[i] > 0 && row[i] <= nz)
                cells[row[i]]++;
    }
    free(row);
    return rc;
}

static int spread_regions(const struct gep_result *r, const long *cells, struct spread *s)
{
    long nz = (long)r->n_polygons, inside = 0;
    s->per_cell = calloc((size_t)nz + 1, sizeof *s->per_cell);
    if (!s->per_cell)
        return -1;
    for (long z = 1; z <= nz; z++)
        inside += cells[z];
    for (size_t k = 0; k < r->n_items; k++) {
        const struct gep_result_item *ri = &r->items[k];
        if (!ri->item.mi->in_total || ri->not_applicable || ri->item.def->row)
            continue; /* spatial items come as rasters */
        for (long z = 1; z <= nz; z++)
            if (cells[z])
                s->per_cell[z] += gep_result_value(r, k, z - 1, -1) / (double)cells[z];
        /* the county-level region follows the polygons (gep/run.h) */
        if (r->n_regions > r->n_polygons && inside)
            s->county += gep_result_value(r, k, (long)r->n_polygons, -1) / (double)inside;
    }
    return 0;
}

int gep_write_total_map(const struct gep_result *r, const char *dir, struct ls_err *err)
{
    struct rs_source lc;
    memset(&lc, 0, sizeof lc);
    int rc = rs_source_open(r->account.landcover, 1, &lc, err);
    if (rc)
        return rc;
    long nx = lc.grid.nx, ny = lc.grid.ny;
    char zpath[GEP_PATH_MAX + 64], out[GEP_PATH_MAX + 64], tmp[GEP_PATH_MAX + 80];
    snprintf(zpath, sizeof zpath, "%s/.total-zones-%ld.tif", dir, (long)getpid());
    snprintf(out, sizeof out, "%s/gep_total_value.tif", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid());
    char(*labels)[128] = NULL;
    size_t nlab = 0;
    rc = rs_zones_from_polygons(r->account.regions_path,
                                r->account.regions_layer[0] ? r->account.regions_layer : NULL, NULL,
                                &lc.grid, zpath, &labels, &nlab, NULL, err);
    free(labels);
    long nz = (long)r->n_polygons;
    long *cells = calloc((size_t)nz + 1, sizeof *cells);
    struct spread s = { 0 };
    GDALDatasetH zds = rc ? NULL : GDALOpen(zpath, GA_ReadOnly), dst = NULL;
    GDALRasterBandH zb = zds ? GDALGetRasterBand(zds, 1) : NULL;
    /* the spatial items' value rasters, each on the landcover's grid (the run wrote them so) */
    GDALDatasetH *vals = calloc(r->n_items + 1, sizeof *vals);
    size_t nv = 0;
    for (size_t k = 0; !rc && vals && k < r->n_items; k++) {
        const struct gep_result_item *ri = &r->items[k];
        if (!ri->item.mi->in_total || ri->not_applicable || !ri->item.def->row)
            continue;
        char p[GEP_PATH_MAX + 64];
        snprintf(p, sizeof p, "%s/%s_value.tif", dir, ri->item.def->id);
        if (!(vals[nv] = GDALOpen(p, GA_ReadOnly)))
            rc = ls_err_set(err, LS_EIO, p, NULL, NULL, "cannot open the item's value raster");
        else
            nv++;
    }
    if (!rc && (!zb || !cells || !vals || count_zones(zb, nx, ny, nz, cells) ||
                spread_regions(r, cells, &s)))
        rc = ls_err_set(err, LS_EIO, zpath, NULL, NULL, "cannot read the regions raster");
    if (!rc) {
        const char *co[] = { "TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3", NULL };
        GDALDriverH gt = GDALGetDriverByName("GTiff");
        dst =
            gt ? GDALCreate(gt, tmp, (int)nx, (int)ny, 1, GDT_Float64, (char **)(void *)co) : NULL;
        if (!dst)
            rc = ls_err_set(err, LS_EIO, out, NULL, NULL, "cannot create the map");
    }
    if (dst) {
        GDALSetGeoTransform(dst, lc.grid.gt);
        GDALSetProjection(dst, lc.grid.wkt);
        GDALSetRasterNoDataValue(GDALGetRasterBand(dst, 1), TOTAL_NODATA);
    }
    double *acc = malloc((size_t)nx * STRIP * sizeof *acc),
           *v = malloc((size_t)nx * STRIP * sizeof *v);
    int32_t *zr = malloc((size_t)nx * STRIP * sizeof *zr);
    if (!rc && (!acc || !v || !zr))
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (long y = 0; !rc && y < ny; y += STRIP) {
        int rows = (int)(ny - y < STRIP ? ny - y : STRIP);
        size_t n = (size_t)nx * (size_t)rows;
        if (GDALRasterIO(zb, GF_Read, 0, (int)y, (int)nx, rows, zr, (int)nx, rows, GDT_Int32, 0,
                         0) != CE_None) {
            rc = ls_err_set(err, LS_EIO, zpath, NULL, NULL, "cannot read rows %ld–%ld", y,
                            y + rows - 1);
            break;
        }
        for (size_t i = 0; i < n; i++)
            acc[i] = zr[i] > 0 && zr[i] <= nz ? s.per_cell[zr[i]] + s.county : TOTAL_NODATA;
        for (size_t k = 0; !rc && k < nv; k++) {
            GDALRasterBandH b = GDALGetRasterBand(vals[k], 1);
            int has_nd = 0;
            double nd = GDALGetRasterNoDataValue(b, &has_nd);
            if (GDALRasterIO(b, GF_Read, 0, (int)y, (int)nx, rows, v, (int)nx, rows, GDT_Float64, 0,
                             0) != CE_None) {
                rc = ls_err_set(err, LS_EIO, GDALGetDescription(vals[k]), NULL, NULL,
                                "cannot read rows %ld–%ld", y, y + rows - 1);
                break;
            }
            for (size_t i = 0; i < n; i++)
                if (acc[i] != TOTAL_NODATA && isfinite(v[i]) && !(has_nd && v[i] == nd))
                    acc[i] += v[i];
        }
        if (!rc && GDALRasterIO(GDALGetRasterBand(dst, 1), GF_Write, 0, (int)y, (int)nx, rows, acc,
                                (int)nx, rows, GDT_Float64, 0, 0) != CE_None)
            rc = ls_err_set(err, LS_EIO, out, NULL, NULL, "cannot write rows %ld–%ld", y,
                            y + rows - 1);
    }
    if (dst)
        GDALClose(dst);
    if (!rc && rename(tmp, out) != 0)
        rc = ls_err_set(err, LS_EIO, out, NULL, NULL, "cannot move the map into place");
    if (rc)
        remove(tmp);
    for (size_t k = 0; vals && k < nv; k++)
        GDALClose(vals[k]);
    if (zds)
        GDALClose(zds);
    remove(zpath);
    rs_source_close(&lc);
    free(vals);
    free(cells);
    free(s.per_cell);
    free(acc);
    free(v);
    free(zr);
    return rc;
}
