/* cli/raster_local — raster align, calc, reclass, slope, focal and zonal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "base/fsutil.h"
#include "cli/cli.h"
#include "cli/raster_cli.h"
#include "geo/crs.h"
#include "raster/align.h"
#include "raster/expr.h"
#include "raster/focal.h"
#include "raster/lut.h"
#include "raster/zonal.h"

static int report_output(const struct cli_raster_args *a, const char *out, const struct rs_grid *g)
{
    if (a->json)
        cli_print_json(json_pack("{s:s,s:s,s:I,s:I,s:i}", "operation", a->sub, "output", out,
                                 "columns", (json_int_t)g->nx, "rows", (json_int_t)g->ny, "threads",
                                 rs_exec_threads(&a->exec)));
    else
        printf("%s: wrote %s (%ldx%ld cells)\n", a->sub, out, g->nx, g->ny);
    return 0;
}

struct calc_ctx {
    const struct rs_expr *e;
    unsigned used;
    int slot[26];       /* input index of each letter, -1 when unused */
    double *pos[64][4]; /* per worker: x, y, col, row of the strip when used */
    size_t cap[64];
};

static int calc_kernel(const struct rs_block *b, void *vctx, struct ls_err *err)
{
    struct calc_ctx *c = vctx;
    const double *vars[RS_EXPR_NVAR] = { 0 };
    const float *vars32[26] = { 0 };
    for (int k = 0; k < 26; k++)
        if (c->slot[k] >= 0 && b->in32)
            vars32[k] = b->in32[c->slot[k]];
        else if (c->slot[k] >= 0)
            vars[k] = b->in[c->slot[k]];
    size_t n = (size_t)b->nx * (size_t)b->nrows;
    for (int k = 0; k < 4; k++) {
        if (!(c->used & (1u << (RS_EXPR_X + k))))
            continue;
        double **p = &c->pos[b->worker][k];
        if (n > c->cap[b->worker]) {
            for (int j = 0; j < 4; j++) {
                free(c->pos[b->worker][j]);
                c->pos[b->worker][j] = NULL;
            }
            c->cap[b->worker] = n;
        }
        if (!*p && !(*p = malloc(n * sizeof **p)))
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        for (long r = 0; r < b->nrows; r++)
            for (long x = 0; x < b->nx; x++) {
                double v = k == 0 ? b->grid->gt[0] + ((double)x + 0.5) * b->grid->gt[1]
                           : k == 1
                               ? b->grid->gt[3] + ((double)(b->row0 + r) + 0.5) * b->grid->gt[5]
                           : k == 2 ? (double)x
                                    : (double)(b->row0 + r);
                (*p)[(size_t)r * (size_t)b->nx + (size_t)x] = v;
            }
        vars[RS_EXPR_X + k] = *p;
    }
    if (b->in32 ? rs_expr_eval_f32(c->e, vars32, vars, n, b->out[0])
                : rs_expr_eval(c->e, vars, n, b->out[0]))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    return 0;
}

int cli_raster_calc(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 1, "OUT.tif"))
        return 1;
    if (!a->expr)
        return cli_usage_error("raster", "calc needs --expr");
    struct ls_err err = { 0 };
    struct rs_expr *e = NULL;
    unsigned used = 0;
    if (rs_expr_compile(a->expr, &e, &used, &err))
        return cli_fail(&err, a->json);
    struct rs_source src[26];
    struct calc_ctx ctx = { .e = e, .used = used };
    int n = 0, rc = 0;
    for (int k = 0; k < 26; k++) {
        ctx.slot[k] = -1;
        if (!(used & (1u << k)))
            continue;
        if (!a->letters[k]) {
            rc = cli_usage_error("raster", "the expression uses %c but no -%c FILE was given",
                                 'A' + k, 'A' + k);
            break;
        }
        if ((rc = cli_raster_open(a->letters[k], &src[n], a->json)) != 0)
            break;
        ctx.slot[k] = n++;
    }
    /* an expression of the position alone (x, y, col, row) takes its grid from the first
     * raster given */
    for (int k = 0; !rc && n == 0 && k < 26; k++)
        if (a->letters[k] && (rc = cli_raster_open(a->letters[k], &src[n], a->json)) == 0)
            n = 1;
    if (!rc && n == 0)
        rc = cli_usage_error("raster", "calc needs a raster for its grid (-A FILE ...)");
    for (int i = 1; !rc && i < n; i++)
        if (!rs_grid_same(&src[i].grid, &src[0].grid)) {
            ls_err_set(&err, LS_EINVAL, src[i].path, NULL, "grid",
                       "not on the grid of %s (%ldx%ld vs %ldx%ld, or another origin, cell or "
                       "CRS); align it first with 'liangshan raster align --like'",
                       src[0].path, src[i].grid.nx, src[i].grid.ny, src[0].grid.nx, src[0].grid.ny);
            rc = cli_fail(&err, a->json);
        }
    struct rs_job job = { .inputs = src, .n_in = n, .kernel = calc_kernel, .ctx = &ctx };
    /* inputs Float32 holds exactly are read as Float32: half the bytes, the same values */
    job.in_f32 = n > 0;
    for (int i = 0; i < n; i++)
        job.in_f32 &= rs_type_fits_f32(src[i].type);
    if (!rc && rs_exec_to_file(&job, &src[0].grid, a->pos[0], &a->sink, &a->exec, &err))
        rc = cli_fail(&err, a->json);
    if (!rc)
        report_output(a, a->pos[0], &src[0].grid);
    for (int i = 0; i < n; i++)
        rs_source_close(&src[i]);
    rs_expr_free(e);
    for (int w = 0; w < 64; w++)
        for (int k = 0; k < 4; k++)
            free(ctx.pos[w][k]);
    return rc;
}

int cli_raster_reclass(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "CLASSES.tif OUT.tif"))
        return 1;
    if (!a->table || !a->key || !a->value)
        return cli_usage_error("raster", "reclass needs --table, --key and --value");
    struct ls_err err = { 0 };
    struct rs_lut lut;
    if (rs_lut_load_csv(a->table, a->key, a->value, &lut, &err))
        return cli_fail(&err, a->json);
    struct rs_source src;
    int rc = cli_raster_open(a->pos[0], &src, a->json);
    if (!rc && rs_reclass(&src, &lut, a->pos[1], &a->sink, &a->exec, &err))
        rc = cli_fail(&err, a->json);
    if (!rc)
        report_output(a, a->pos[1], &src.grid);
    rs_source_close(&src);
    rs_lut_free(&lut);
    return rc;
}

int cli_raster_slope(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "DEM.tif OUT.tif"))
        return 1;
    enum rs_slope_unit u = RS_SLOPE_DEGREES;
    if (a->unit && strcmp(a->unit, "percent") == 0)
        u = RS_SLOPE_PERCENT;
    else if (a->unit && strcmp(a->unit, "aspect") == 0)
        u = RS_ASPECT;
    else if (a->unit && strcmp(a->unit, "degrees") != 0)
        return cli_usage_error("raster", "--unit is degrees, percent or aspect");
    struct ls_err err = { 0 };
    struct rs_source src;
    int rc = cli_raster_open(a->pos[0], &src, a->json);
    if (rc)
        return rc;
    if (!a->sink.description)
        a->sink.description = u == RS_ASPECT ? "aspect" : "slope";
    a->sink.units = u == RS_SLOPE_PERCENT ? "percent" : "degrees";
    if (rs_slope(&src, u, a->z_factor, a->pos[1], &a->sink, &a->exec, &err))
        rc = cli_fail(&err, a->json);
    else
        report_output(a, a->pos[1], &src.grid);
    rs_source_close(&src);
    return rc;
}

int cli_raster_focal(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "IN.tif OUT.tif"))
        return 1;
    enum rs_focal_stat st = RS_FOCAL_MEAN;
    if (a->stat && strcmp(a->stat, "sum") == 0)
        st = RS_FOCAL_SUM;
    else if (a->stat && strcmp(a->stat, "mean") != 0)
        return cli_usage_error("raster", "--stat is mean or sum");
    struct ls_err err = { 0 };
    struct rs_source src;
    int rc = cli_raster_open(a->pos[0], &src, a->json);
    if (rc)
        return rc;
    if (rs_focal(&src, st, a->size, a->pos[1], &a->sink, &a->exec, &err))
        rc = cli_fail(&err, a->json);
    else
        report_output(a, a->pos[1], &src.grid);
    rs_source_close(&src);
    return rc;
}

/* WKT of a CRS given as EPSG code, Chinese/ESRI name, WKT or PROJ string. */
static int crs_wkt(const char *text, char *wkt, size_t size, struct ls_err *err)
{
    struct geo_crs crs;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OGRErr e;
    if (geo_crs_parse(text, &crs, NULL) == 0 && crs.epsg > 0)
        e = OSRImportFromEPSG(srs, crs.epsg);
    else
        e = OSRSetFromUserInput(srs, text);
    char *out = NULL;
    if (e == OGRERR_NONE)
        e = OSRExportToWkt(srs, &out);
    OSRDestroySpatialReference(srs);
    if (e != OGRERR_NONE || !out || strlen(out) >= size) {
        CPLFree(out);
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs", "unknown CRS \"%s\"", text);
    }
    snprintf(wkt, size, "%s", out);
    CPLFree(out);
    return 0;
}

int cli_raster_align(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 2, "IN.tif OUT.tif"))
        return 1;
    struct ls_err err = { 0 };
    static struct rs_grid target;
    if (a->like) {
        struct rs_source ref;
        int rc = cli_raster_open(a->like, &ref, a->json);
        if (rc)
            return rc;
        target = ref.grid;
        rs_source_close(&ref);
    } else if (a->extent && a->res > 0) {
        double b[4];
        if (sscanf(a->extent, "%lf,%lf,%lf,%lf", &b[0], &b[1], &b[2], &b[3]) != 4)
            return cli_usage_error("raster", "--extent is XMIN,YMIN,XMAX,YMAX");
        static char wkt[RS_WKT_MAX];
        wkt[0] = '\0';
        if (a->crs && crs_wkt(a->crs, wkt, sizeof wkt, &err))
            return cli_fail(&err, a->json);
        if (!a->crs) {
            struct rs_source in;
            int rc = cli_raster_open(a->pos[0], &in, a->json);
            if (rc)
                return rc;
            snprintf(wkt, sizeof wkt, "%s", in.grid.wkt);
            rs_source_close(&in);
        }
        if (rs_grid_from_extent(b, a->res, wkt, &target, &err))
            return cli_fail(&err, a->json);
    } else {
        return cli_usage_error("raster", "align needs --like REF.tif, or --extent and --res");
    }
    struct rs_align_report rep;
    if (rs_align(a->pos[0], &target, a->resampling, a->pos[1], &a->sink, rs_exec_threads(&a->exec),
                 &rep, &err))
        return cli_fail(&err, a->json);
    if (a->json)
        cli_print_json(json_pack(
            "{s:s,s:s,s:s,s:b,s:{s:I,s:I,s:f,s:f},s:{s:I,s:I,s:f,s:f},s:f}", "input", a->pos[0],
            "output", a->pos[1], "resampling", rep.resampling, "reprojected", rep.reprojected,
            "input_grid", "columns", (json_int_t)rep.in_nx, "rows", (json_int_t)rep.in_ny, "res_x",
            rep.in_res_x, "res_y", rep.in_res_y, "target_grid", "columns", (json_int_t)target.nx,
            "rows", (json_int_t)target.ny, "res_x", target.gt[1], "res_y", -target.gt[5],
            "overlap_fraction", rep.overlap_fraction));
    else
        printf("align: %s (%ldx%ld, %gx%g) -> %s (%ldx%ld, %gx%g)\n"
               "  resampling %s%s; the input covers %.1f%% of the target extent\n",
               a->pos[0], rep.in_nx, rep.in_ny, rep.in_res_x, rep.in_res_y, a->pos[1], target.nx,
               target.ny, target.gt[1], -target.gt[5], rep.resampling,
               rep.reprojected ? ", reprojected" : "", rep.overlap_fraction * 100);
    return 0;
}

static json_t *num_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static int zonal_output(const struct cli_raster_args *a, const struct rs_zonal_result *z,
                        int has_cls, struct ls_err *err)
{
    FILE *csv = NULL;
    char tmp[1100];
    if (a->csv) {
        if (ls_refuse_existing(a->csv, a->sink.overwrite, "csv", err))
            return -1;
        snprintf(tmp, sizeof tmp, "%s.tmp-%ld", a->csv, (long)getpid());
        csv = fopen(tmp, "w");
        if (!csv)
            return ls_err_set(err, LS_EIO, a->csv, NULL, NULL, "cannot create");
        fprintf(csv, "zone,label%s,count,nodata_cells,area_m2,sum,mean,area_weighted_sum,min,max\n",
                has_cls ? ",class" : "");
    }
    size_t empty = 0; /* polygon zones that received no cell */
    for (size_t k = 0, i = 0; k < z->n_labels; k++) {
        while (i < z->n && z->rows[i].zone < (long)k + 1)
            i++;
        empty += i == z->n || z->rows[i].zone != (long)k + 1;
    }
    json_t *rows = json_array();
    if (!a->json && !csv)
        printf("%8s %-16s%s %10s %10s %16s %18s %14s %18s %12s %12s\n", "zone", "label",
               has_cls ? "    class" : "", "count", "nodata", "area_m2", "sum", "mean",
               "area_weighted_sum", "min", "max");
    for (size_t i = 0; i < z->n; i++) {
        const struct rs_zonal_row *r = &z->rows[i];
        double mean = r->count ? r->sum / (double)r->count : NAN;
        const char *label = z->labels && r->zone >= 1 && (size_t)r->zone <= z->n_labels
                                ? z->labels[r->zone - 1]
                                : "";
        if (csv) {
            fprintf(csv, "%ld,\"%s\"", r->zone, label);
            if (has_cls && r->cls == RS_ZONAL_NO_CLASS)
                fprintf(csv, ",");
            else if (has_cls)
                fprintf(csv, ",%ld", r->cls);
            fprintf(csv, ",%ld,%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", r->count, r->nodata,
                    r->area_m2, r->sum, mean, r->sum_area_weighted, r->min, r->max);
        } else if (a->json) {
            json_t *o =
                json_pack("{s:I,s:s,s:I,s:I,s:f,s:f,s:o,s:f,s:o,s:o}", "zone", (json_int_t)r->zone,
                          "label", label, "count", (json_int_t)r->count, "nodata_cells",
                          (json_int_t)r->nodata, "area_m2", r->area_m2, "sum", r->sum, "mean",
                          num_or_null(mean), "area_weighted_sum", r->sum_area_weighted, "min",
                          num_or_null(r->min), "max", num_or_null(r->max));
            if (has_cls)
                json_object_set_new(
                    o, "class", r->cls == RS_ZONAL_NO_CLASS ? json_null() : json_integer(r->cls));
            json_array_append_new(rows, o);
        } else {
            printf("%8ld %-16s", r->zone, label);
            if (has_cls && r->cls == RS_ZONAL_NO_CLASS)
                printf(" %8s", "nodata");
            else if (has_cls)
                printf(" %8ld", r->cls);
            printf(" %10ld %10ld %16.2f %18.6g %14.6g %18.6g %12.6g %12.6g\n", r->count, r->nodata,
                   r->area_m2, r->sum, mean, r->sum_area_weighted, r->min, r->max);
        }
    }
    if (csv) {
        int bad = ferror(csv);
        bad |= fclose(csv) != 0;
        if (bad || rename(tmp, a->csv) != 0) {
            unlink(tmp);
            json_decref(rows);
            return ls_err_set(err, LS_EIO, a->csv, NULL, NULL, "cannot write");
        }
    }
    if (a->json)
        cli_print_json(json_pack("{s:s,s:o,s:I}", "value", a->pos[0], "zones", rows,
                                 "zones_without_cells", (json_int_t)empty));
    else
        json_decref(rows);
    if (csv && !a->json)
        printf("zonal: %zu rows written to %s\n", z->n, a->csv);
    if (empty && !a->json)
        printf("zonal: %zu polygon(s) contain no cell centre and have no row (smaller than a "
               "cell, or covered by a later polygon)\n",
               empty);
    return 0;
}

int cli_raster_zonal(struct cli_raster_args *a)
{
    if (cli_raster_need_pos(a, 1, "VALUE.tif"))
        return 1;
    if (!a->zones == !a->zone_polygons)
        return cli_usage_error("raster", "zonal needs either --zones Z.tif or --zone-polygons V");
    struct ls_err err = { 0 };
    struct rs_source val = { 0 }, zones = { 0 }, cls = { 0 };
    int rc = cli_raster_open(a->pos[0], &val, a->json), have_zones = 0, have_cls = 0;
    char tmp[1100] = "";
    struct rs_zonal_result res = { 0 };
    char(*labels)[128] = NULL;
    size_t n_labels = 0;
    if (!rc && a->zone_polygons) {
        const char *dir = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/liangshan-zones-%ld.tif", dir && *dir ? dir : "/tmp",
                 (long)getpid());
        if (rs_zones_from_polygons(a->zone_polygons, a->layer, a->label_field, &val.grid, tmp,
                                   &labels, &n_labels, NULL, &err))
            rc = cli_fail(&err, a->json);
        else
            rc = cli_raster_open(tmp, &zones, a->json);
        have_zones = !rc;
    } else if (!rc) {
        rc = cli_raster_open(a->zones, &zones, a->json);
        have_zones = !rc;
    }
    if (!rc && a->classes) {
        rc = cli_raster_open(a->classes, &cls, a->json);
        have_cls = !rc;
    }
    for (int k = 0; !rc && k < 2; k++) {
        const struct rs_source *s = k ? (have_cls ? &cls : NULL) : &zones;
        if (s && !rs_grid_same(&s->grid, &val.grid)) {
            ls_err_set(&err, LS_EINVAL, s->path, NULL, "grid",
                       "not on the grid of %s; align it first with 'liangshan raster align "
                       "--like %s' (nearest neighbour for zones and classes)",
                       val.path, val.path);
            rc = cli_fail(&err, a->json);
        }
    }
    if (!rc && rs_zonal(&val, &zones, have_cls ? &cls : NULL, &a->exec, &res, &err))
        rc = cli_fail(&err, a->json);
    res.labels = labels;
    res.n_labels = n_labels;
    labels = NULL;
    if (!rc && zonal_output(a, &res, have_cls, &err))
        rc = cli_fail(&err, a->json);
    rs_zonal_free(&res);
    free(labels);
    if (have_cls)
        rs_source_close(&cls);
    if (have_zones)
        rs_source_close(&zones);
    if (tmp[0])
        unlink(tmp);
    rs_source_close(&val);
    return rc;
}
