/* Test helpers: small GeoTIFFs from arrays, and reading a whole raster back. */
#ifndef LS_TEST_RASTER_FIXTURE_H
#define LS_TEST_RASTER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "raster/io.h"

static char fixture_dir[512];

static inline const char *fixture_path(const char *name)
{
    static char buf[8][1024];
    static int k;
    if (!fixture_dir[0]) {
        const char *t = getenv("LS_TEST_TMP");
        snprintf(fixture_dir, sizeof fixture_dir, "%s/raster.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(fixture_dir))
            abort();
    }
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", fixture_dir, name);
    return buf[k];
}

/* A 30 m grid in EPSG:4528 (CGCS2000 3° GK zone 40), or EPSG:4490 with cell size in degrees. */
static inline struct rs_grid fixture_grid(long nx, long ny, int geographic, double cell)
{
    struct rs_grid g;
    memset(&g, 0, sizeof g);
    g.nx = nx;
    g.ny = ny;
    double gt[6] = {
        geographic ? 0 : 40500000, cell, 0, geographic ? cell * (double)ny : 3200000, 0, -cell
    };
    memcpy(g.gt, gt, sizeof gt);
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(s, geographic ? 4490 : 4528);
    char *wkt = NULL;
    OSRExportToWkt(s, &wkt);
    rs_grid_set_crs(&g, wkt, NULL, NULL);
    CPLFree(wkt);
    OSRDestroySpatialReference(s);
    return g;
}

/* Writes values (NaN = nodata) to name as `type`; returns the path. */
static inline const char *fixture_write(const char *name, const struct rs_grid *g, const double *v,
                                        GDALDataType type)
{
    const char *path = fixture_path(name);
    struct rs_sink_opts o = { .type = type, .overwrite = 1 };
    struct rs_sink *s = NULL;
    struct ls_err err = { 0 };
    if (rs_sink_create(path, g, &o, &s, &err) || rs_sink_write(s, 0, 0, g->nx, g->ny, v, &err) ||
        rs_sink_commit(s, &err)) {
        fprintf(stderr, "fixture_write %s: %s\n", path, err.msg);
        abort();
    }
    return path;
}

/* Reads band 1 of path into a new array (NaN = nodata); *g receives the grid. */
static inline double *fixture_read(const char *path, struct rs_grid *g)
{
    struct rs_source s;
    struct ls_err err = { 0 };
    if (rs_source_open(path, 1, &s, &err))
        return NULL;
    double *v = malloc(rs_grid_cells(&s.grid) * sizeof *v);
    if (rs_source_read(&s, 0, 0, s.grid.nx, s.grid.ny, v, &err)) {
        free(v);
        v = NULL;
    }
    if (g)
        *g = s.grid;
    rs_source_close(&s);
    return v;
}

#endif
