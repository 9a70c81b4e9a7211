/* gep/run — the account run: items prepared, inputs streamed once, sums by region × type. */
#include "gep/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gep/terrain.h"
#include "raster/zonal.h"
#include "raster/zone_shares.h"

#define IN_LANDCOVER 0
#define IN_ZONES     1

struct run_ctx {
    struct gep_result *res;
    int layer_input[GEP_L_COUNT]; /* job input index of each layer, -1 when not read */
    const char *layer_path[GEP_L_COUNT];
    unsigned needs;
    long **cls;      /* per worker: class index per cell of the strip, -1 outside */
    size_t *ncls;    /* capacity per worker */
    size_t *spatial; /* result item index of each spatial item */
    size_t n_spatial;
    double layer_sum[GEP_L_COUNT], layer_n[GEP_L_COUNT];
    /* cells a region's boundary crosses, shared among regions by area (zone_shares.h) */
    struct rs_zone_shares shares;
};

static int record_input(struct gep_result *res, const char *role, const char *path,
                        struct ls_err *err)
{
    struct gep_input_record *r = &res->inputs[res->n_inputs++];
    snprintf(r->role, sizeof r->role, "%s", role);
    snprintf(r->path, sizeof r->path, "%s", path);
    return ls_sha256_file(path, r->sha256, err);
}

static int kernel(const struct rs_block *b, void *vctx, struct ls_err *err)
{
    struct run_ctx *c = vctx;
    struct gep_result *res = c->res;
    size_t cells = (size_t)b->nx * (size_t)b->nrows;
    if (c->ncls[b->worker] < cells) {
        long *n = realloc(c->cls[b->worker], cells * sizeof *n);
        if (!n)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        c->cls[b->worker] = n;
        c->ncls[b->worker] = cells;
    }
    long *cls = c->cls[b->worker];
    const double *lc = b->in[IN_LANDCOVER], *zone = b->in[IN_ZONES];
    for (size_t i = 0; i < cells; i++) {
        cls[i] = -1;
        /* zone -k: a cell only partly inside the regions (its centre outside); computed
         * too, so that the part inside counts (the reduce shares it by area) */
        if (isnan(lc[i]) || isnan(zone[i]) || zone[i] == 0)
            continue;
        long k = gep_classes_find(&res->classes, (long)lc[i]);
        if (k < 0) {
            char where[64];
            snprintf(where, sizeof where, "row %ld, column %ld", b->row0 + (long)i / b->nx,
                     (long)i % b->nx);
            return ls_err_set(err, LS_EINVAL, res->account.landcover, where, "class",
                              "land class %.0f is not in the class table (%s)", lc[i],
                              res->classes.source);
        }
        if (res->classes.eco[k] != GEP_ECO_NONE)
            cls[i] = k;
    }
    for (int l = 0; l < GEP_L_COUNT; l++) {
        if (c->layer_input[l] < 0)
            continue;
        const double *v = b->in[c->layer_input[l]];
        for (size_t i = 0; i < cells; i++) {
            /* an input may stop at the regions' edge: a cell mostly outside them without a
             * value is left out, as before; inside, a missing value is the input's fault */
            if (cls[i] >= 0 && isnan(v[i]) && zone[i] < 0) {
                cls[i] = -1;
                continue;
            }
            if (cls[i] >= 0 && isnan(v[i])) {
                char where[64];
                long z = (long)zone[i];
                snprintf(where, sizeof where, "row %ld, column %ld", b->row0 + (long)i / b->nx,
                         (long)i % b->nx);
                return ls_err_set(err, LS_EINVAL, c->layer_path[l], where, gep_layer_key(l),
                                  "no value on land class %s in region \"%s\": the raster must "
                                  "cover every region of the account",
                                  res->classes.label[cls[i]],
                                  z >= 1 && (size_t)z <= res->n_regions ? res->region_names[z - 1]
                                                                        : "?");
            }
        }
    }
    for (long r = 0; r < b->nrows; r++) {
        struct gep_row row = { .n = b->nx,
                               .cell_m2 = rs_grid_cell_area(b->grid, b->row0 + r),
                               .cls = cls + r * b->nx };
        for (int l = 0; l < GEP_L_COUNT; l++)
            row.in[l] = c->layer_input[l] >= 0 ? b->in[c->layer_input[l]] + r * b->nx : NULL;
        for (size_t s = 0; s < c->n_spatial; s++) {
            const struct gep_item *it = &res->items[c->spatial[s]].item;
            double *phys = b->out[2 * s] + r * b->nx, *val = b->out[2 * s + 1] + r * b->nx;
            it->def->row(it, &row, phys);
            for (long x = 0; x < b->nx; x++)
                val[x] = phys[x] * it->unit_value;
        }
    }
    return 0;
}

/* Serial, in strip order: sums in raster order, so they do not depend on the strips. */
static int reduce(const struct rs_block *b, void *vctx, struct ls_err *err)
{
    (void)err;
    struct run_ctx *c = vctx;
    struct gep_result *res = c->res;
    const long *cls = c->cls[b->worker];
    const double *zone = b->in[IN_ZONES];
    const size_t ncl = res->classes.n;
    const struct rs_zone_shares *sh = &c->shares;
    size_t at = rs_zone_shares_seek(sh, (size_t)b->row0 * (size_t)b->nx);
    for (long r = 0; r < b->nrows; r++) {
        double area = rs_grid_cell_area(b->grid, b->row0 + r);
        for (long x = 0; x < b->nx; x++) {
            size_t i = (size_t)(r * b->nx + x), global = (size_t)b->row0 * (size_t)b->nx + i;
            /* a cell a boundary crosses counts in each region by the share of its area
             * inside; any other cell wholly in the region holding its centre */
            size_t first = at, last = at;
            while (last < sh->n && sh->v[last].cell == global)
                last++;
            at = last;
            int shared = last > first;
            if (!shared && (isnan(zone[i]) || zone[i] < 1)) {
                res->cells_outside++;
                continue;
            }
            if (cls[i] < 0)
                continue;
            for (size_t k = first; k < (shared ? last : first + 1); k++) {
                size_t z = shared ? sh->v[k].zone - 1 : (size_t)zone[i] - 1;
                double w = shared ? sh->v[k].frac : 1.0;
                size_t cell = z * GEP_ECO_COUNT + (size_t)res->classes.eco[cls[i]];
                res->area_m2[cell] += area * w;
                res->class_area_m2[z * ncl + (size_t)cls[i]] += area * w;
                for (size_t s = 0; s < c->n_spatial; s++) {
                    double v = b->out[2 * s][i];
                    if (!isnan(v))
                        res->items[c->spatial[s]].phys[cell] += v * w;
                }
            }
            for (int l = 0; l < GEP_L_COUNT; l++)
                if (c->layer_input[l] >= 0) {
                    c->layer_sum[l] += b->in[c->layer_input[l]][i];
                    c->layer_n[l] += 1;
                }
        }
    }
    return 0;
}

/*
 * Inputs in the wrong unit (metres of rain, PAWC in percent, K in US units) give plausible-
 * looking accounts that are wrong by orders of magnitude: the mean over the account's cells
 * must lie in the range the unit allows.
 */
static int check_units(const struct run_ctx *c, struct ls_err *err)
{
    static const struct {
        double lo, hi;
        const char *unit, *hint;
    } range[GEP_L_COUNT] = {
        [GEP_L_PRECIPITATION] = { 20, 12000, "mm per year", "metres or monthly figures?" },
        [GEP_L_ET0] = { 50, 3500, "mm per year", "metres or a daily figure?" },
        [GEP_L_SOIL_DEPTH] = { 5, 50000, "mm", "metres or centimetres?" },
        [GEP_L_PAWC] = { 0, 1, "as a fraction 0-1", "percent?" },
        [GEP_L_EROSIVITY] = { 0, 60000, "MJ·mm/(ha·h·a)", "another unit system?" },
        [GEP_L_ERODIBILITY] = { 0, 0.2, "t·ha·h/(ha·MJ·mm)", "US units (multiply by 0.1317)?" },
        [GEP_L_NPP] = { 0, 4000, "g C/(m²·a)", "kg or dry matter?" },
        [GEP_L_LS] = { 0, 1e9, "", "" },
        [GEP_L_WIND_FACTOR] = { 0, 1e5, "kg/m", "another unit?" },
        [GEP_L_SAND] = { 0, 100, "%", "a fraction 0-1 instead of percent?" },
        [GEP_L_SILT] = { 0, 100, "%", "a fraction 0-1 instead of percent?" },
        [GEP_L_CLAY] = { 0, 100, "%", "a fraction 0-1 instead of percent?" },
        [GEP_L_ORGANIC] = { 0, 60, "%", "g/kg instead of percent?" },
        [GEP_L_NDVI] = { -1, 1, "", "a scaled integer NDVI (divide by 10000)?" },
    };
    for (int l = 0; l < GEP_L_COUNT; l++) {
        if (c->layer_input[l] < 0 || c->layer_n[l] == 0)
            continue;
        double mean = c->layer_sum[l] / c->layer_n[l];
        if (mean < range[l].lo || mean > range[l].hi)
            return ls_err_set(err, LS_EINVAL, c->layer_path[l], NULL, gep_layer_key(l),
                              "mean %.4g over the account is outside %g-%g %s: %s", mean,
                              range[l].lo, range[l].hi, range[l].unit, range[l].hint);
    }
    return 0;
}

static int prepare_items(struct gep_result *res, struct ls_err *err)
{
    for (size_t j = 0; j < res->account.n_not_applicable; j++)
        if (!gep_method_find(&res->method, res->account.not_applicable[j].item))
            return ls_err_set(err, LS_EINVAL, res->account.path, "not_applicable",
                              res->account.not_applicable[j].item,
                              "method %s does not include this item", res->method.id);
    res->items = calloc(res->method.n_items, sizeof *res->items);
    if (!res->items)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t i = 0; i < res->method.n_items; i++) {
        const struct gep_method_item *mi = &res->method.items[i];
        const struct gep_item_def *def = gep_item_find(mi->id);
        if (!def)
            return ls_err_set(err, LS_EUNSUPP, res->method.origin, mi->id, "id",
                              "the method lists item \"%s\", which this version of Liangshan "
                              "does not compute",
                              mi->id);
        struct gep_result_item *ri = &res->items[res->n_items++];
        struct gep_item *it = &ri->item;
        it->def = def;
        it->mi = mi;
        for (size_t j = 0; j < res->account.n_not_applicable; j++)
            if (strcmp(res->account.not_applicable[j].item, mi->id) == 0)
                ri->not_applicable = res->account.not_applicable[j].reason;
        if (ri->not_applicable)
            continue;
        int rc = def->prepare(it, &res->method, &res->classes, err);
        if (!rc && mi->in_total && def->row && it->nparts == 0)
            rc = ls_err_set(err, LS_EINVAL, res->method.origin, mi->id, "prices",
                            "an item counted in GEP needs a price");
        if (rc)
            return rc;
    }
    return 0;
}

static int open_layers(struct gep_result *res, struct run_ctx *c, const char *out_dir,
                       struct rs_source *src, int *n_src, const struct gep_run_opts *o,
                       struct ls_err *err)
{
    const struct gep_account *a = &res->account;
    for (int l = 0; l < GEP_L_COUNT; l++) {
        c->layer_input[l] = -1;
        if (!(c->needs & GEP_NEEDS(l)))
            continue;
        if (!a->raster[l][0]) {
            const char *who = "?";
            for (size_t k = 0; k < res->n_items; k++)
                if (res->items[k].item.def->needs & GEP_NEEDS(l))
                    who = res->items[k].item.def->id;
            return ls_err_set(err, LS_EINVAL, a->path, "rasters", gep_layer_key(l),
                              "the raster is required by item %s", who);
        }
        int rc = record_input(res, gep_layer_key(l), a->raster[l], err);
        if (rc)
            return rc;
        const char *path = a->raster[l];
        char ls_path[GEP_PATH_MAX + 32];
        if (l == GEP_L_LS) {
            struct rs_source dem;
            rc = rs_source_open(path, 1, &dem, err);
            if (!rc && !rs_grid_same(&dem.grid, &src[IN_LANDCOVER].grid))
                rc = ls_err_set(err, LS_EINVAL, path, NULL, "grid",
                                "not on the land-cover grid of %s; align it first ('liangshan "
                                "raster align')",
                                a->landcover);
            const struct gep_method_item *sr = gep_method_find(&res->method, "soil_retention");
            snprintf(ls_path, sizeof ls_path, "%s/ls_factor.tif", out_dir);
            if (!rc)
                rc = gep_ls_from_dem(&dem, ls_path, sr ? gep_param_or(sr, "l_max", 122.0) : 122.0,
                                     &o->exec, err);
            if (dem.ds)
                rs_source_close(&dem);
            if (rc)
                return rc;
            path = ls_path;
        }
        rc = rs_source_open(path, 1, &src[*n_src], err);
        if (rc)
            return rc;
        c->layer_input[l] = (*n_src)++;
        c->layer_path[l] = a->raster[l];
        if (!rs_grid_same(&src[c->layer_input[l]].grid, &src[IN_LANDCOVER].grid))
            return ls_err_set(err, LS_EINVAL, a->raster[l], NULL, "grid",
                              "not on the land-cover grid of %s; align it first ('liangshan "
                              "raster align')",
                              a->landcover);
    }
    return 0;
}

static int make_sinks(struct gep_result *res, const struct run_ctx *c, const char *out_dir,
                      const struct rs_grid *g, int threads, struct rs_sink **sinks,
                      struct ls_err *err)
{
    for (size_t s = 0; s < c->n_spatial; s++) {
        const struct gep_item_def *d = res->items[c->spatial[s]].item.def;
        for (int v = 0; v < 2; v++) {
            char path[GEP_PATH_MAX + 64], units[64], desc[128];
            snprintf(path, sizeof path, "%s/%s_%s.tif", out_dir, d->id, v ? "value" : "physical");
            snprintf(units, sizeof units, "%s per cell", v ? "yuan" : d->unit);
            snprintf(desc, sizeof desc, "%s %s (%s)", d->zh, v ? "价值量" : "实物量", d->en);
            /* commits run in strip order on one thread at a time: GDAL's compression threads
             * keep the other cores busy meanwhile */
            struct rs_sink_opts so = { .type = GDT_Float32,
                                       .overwrite = 1,
                                       .threads = threads,
                                       .description = desc,
                                       .units = units };
            int rc = rs_sink_create(path, g, &so, &sinks[2 * s + (size_t)v], err);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static const char *stat_item_unit(const char *id, const void *ctx)
{
    const struct gep_result *res = ctx;
    for (size_t k = 0; k < res->n_items; k++)
        if (res->items[k].item.def->uses_stats && strcmp(res->items[k].item.def->id, id) == 0)
            return res->items[k].item.def->unit;
    return NULL;
}

/* Region slots: the polygons, then the account's region as a whole (county-level figures). */
static int setup_regions(struct gep_result *res, struct ls_err *err)
{
    res->n_polygons = res->n_regions;
    char(*names)[128] = realloc(res->region_names, (res->n_polygons + 1) * sizeof *names);
    if (!names)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    res->region_names = names;
    snprintf(names[res->n_polygons], sizeof names[0], "%s",
             res->account.region_name[0] ? res->account.region_name : "(whole account)");
    if (res->account.statistics[0]) {
        int rc = record_input(res, "statistics", res->account.statistics, err);
        if (!rc)
            rc = gep_stats_load(res->account.statistics, res->region_names, res->n_polygons,
                                res->account.region_name[0] ? res->account.region_name : NULL,
                                &res->method, stat_item_unit, res, &res->stats, err);
        if (rc)
            return rc;
    }
    size_t slots = res->n_polygons + 1;
    res->area_m2 = calloc(slots * GEP_ECO_COUNT, sizeof *res->area_m2);
    res->class_area_m2 = calloc(slots * res->classes.n + 1, sizeof *res->class_area_m2);
    if (!res->area_m2 || !res->class_area_m2)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t k = 0; k < res->n_items; k++)
        if (!(res->items[k].phys = calloc(slots * GEP_ECO_COUNT, sizeof(double))) ||
            !(res->items[k].value = calloc(slots * GEP_ECO_COUNT, sizeof(double))))
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    res->n_regions = res->n_polygons + (res->stats.county_level_used ? 1 : 0);
    return 0;
}

/* After the pass: values of spatial items, then the items computed from areas and tables. */
static int finish_items(struct gep_result *res, struct ls_err *err)
{
    size_t cells = (res->n_polygons + 1) * GEP_ECO_COUNT;
    for (size_t k = 0; k < res->n_items; k++) {
        struct gep_result_item *ri = &res->items[k];
        if (ri->not_applicable)
            continue;
        if (ri->item.def->row) {
            for (size_t i = 0; i < cells; i++)
                ri->value[i] = ri->phys[i] * ri->item.unit_value;
            continue;
        }
        struct gep_post p = { .account = &res->account,
                              .m = &res->method,
                              .cl = &res->classes,
                              .n_slots = res->n_polygons + 1,
                              .n_polygons = res->n_polygons,
                              .area_eco = res->area_m2,
                              .area_class = res->class_area_m2,
                              .stats = res->account.statistics[0] ? &res->stats : NULL,
                              .phys = ri->phys,
                              .value = ri->value,
                              .comp = &ri->comp,
                              .ncomp = &ri->ncomp };
        int rc = ri->item.def->post(&ri->item, &p, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int run_job(struct gep_result *res, const char *out_dir, const struct gep_run_opts *o,
                   struct ls_err *err)
{
    struct run_ctx c = { .res = res };
    c.spatial = calloc(res->n_items + 1, sizeof *c.spatial);
    for (size_t k = 0; c.spatial && k < res->n_items; k++) {
        if (res->items[k].not_applicable)
            continue;
        c.needs |= res->items[k].item.def->needs;
        if (res->items[k].item.def->row)
            c.spatial[c.n_spatial++] = k;
    }
    struct rs_source src[GEP_L_COUNT + 2];
    memset(src, 0, sizeof src);
    int n_src = 0;
    char zones_path[GEP_PATH_MAX + 32];
    snprintf(zones_path, sizeof zones_path, "%s/.regions-%ld.tif", out_dir, (long)getpid());
    struct rs_sink **sinks = calloc(2 * c.n_spatial + 1, sizeof *sinks);
    int threads = rs_exec_threads(&o->exec);
    c.cls = calloc((size_t)threads, sizeof *c.cls);
    c.ncls = calloc((size_t)threads, sizeof *c.ncls);
    int rc = sinks && c.cls && c.ncls && c.spatial
                 ? 0
                 : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "no memory");
    if (!rc)
        rc = record_input(res, "landcover", res->account.landcover, err);
    if (!rc)
        rc = rs_source_open(res->account.landcover, 1, &src[n_src++], err);
    if (!rc)
        rc = record_input(res, "regions", res->account.regions_path, err);
    if (!rc)
        rc = rs_zones_from_polygons(
            res->account.regions_path,
            res->account.regions_layer[0] ? res->account.regions_layer : NULL,
            res->account.regions_field[0] ? res->account.regions_field : NULL,
            &src[IN_LANDCOVER].grid, zones_path, &res->region_names, &res->n_regions, &c.shares,
            err);
    if (!rc && res->n_regions == 0)
        rc = ls_err_set(err, LS_EINVAL, res->account.regions_path, NULL, "regions",
                        "no region polygons");
    if (!rc)
        rc = rs_source_open(zones_path, 1, &src[n_src++], err);
    if (!rc)
        rc = setup_regions(res, err);
    if (!rc)
        rc = open_layers(res, &c, out_dir, src, &n_src, o, err);
    if (!rc && o->write_rasters)
        rc = make_sinks(res, &c, out_dir, &src[IN_LANDCOVER].grid, threads, sinks, err);
    if (!rc) {
        struct rs_job job = { .inputs = src,
                              .n_in = n_src,
                              .outputs = sinks,
                              .n_out = (int)(2 * c.n_spatial),
                              .kernel = kernel,
                              .reduce = reduce,
                              .ctx = &c };
        rc = rs_exec_run(&job, &src[IN_LANDCOVER].grid, &o->exec, err);
    }
    if (!rc)
        rc = check_units(&c, err);
    if (!rc)
        rc = finish_items(res, err);
    for (size_t k = 0; sinks && k < 2 * c.n_spatial; k++) {
        if (!sinks[k])
            continue;
        if (!rc)
            rc = rs_sink_commit(sinks[k], err);
        else
            rs_sink_abort(sinks[k]);
    }
    for (int i = 0; i < n_src; i++)
        rs_source_close(&src[i]);
    unlink(zones_path);
    if (!o->write_rasters && c.layer_input[GEP_L_LS] >= 0) {
        char ls_path[GEP_PATH_MAX + 32];
        snprintf(ls_path, sizeof ls_path, "%s/ls_factor.tif", out_dir);
        unlink(ls_path);
    }
    rs_zone_shares_free(&c.shares);
    for (int t = 0; c.cls && t < threads; t++)
        free(c.cls[t]);
    free(c.cls);
    free(c.ncls);
    free(c.spatial);
    free(sinks);
    return rc;
}

int gep_run(const struct gep_account *a, const char *out_dir, const struct gep_run_opts *o,
            struct gep_result *res, struct ls_err *err)
{
    memset(res, 0, sizeof *res);
    res->account = *a;
    int rc = gep_method_load(a->method, &res->method, err);
    if (!rc && a->price_index[0]) {
        rc = gep_price_index_load(a->price_index, &res->index, err);
        if (!rc)
            rc = record_input(res, "price_index", a->price_index, err);
    }
    if (!rc) {
        res->method.price_year = a->price_year;
        res->method.index = res->index.n ? &res->index : NULL;
        rc = strcmp(a->classes, "survey") == 0
                 ? gep_classes_survey(&res->classes, err)
                 : gep_classes_load_csv(a->classes, &res->classes, err);
    }
    if (!rc && strcmp(a->classes, "survey") != 0)
        rc = record_input(res, "classes", a->classes, err);
    if (!rc)
        rc = prepare_items(res, err);
    if (!rc)
        rc = run_job(res, out_dir, o, err);
    if (rc)
        gep_result_free(res);
    return rc;
}

static double sum_cells(const struct gep_result *r, const double *a, long region, int eco)
{
    double s = 0;
    for (size_t z = 0; z < r->n_regions; z++) {
        if (region >= 0 && (size_t)region != z)
            continue;
        for (int e = 0; e < GEP_ECO_COUNT; e++)
            if (eco < 0 || eco == e)
                s += a[z * GEP_ECO_COUNT + (size_t)e];
    }
    return s;
}

double gep_result_phys(const struct gep_result *r, size_t item, long region, int eco)
{
    return sum_cells(r, r->items[item].phys, region, eco);
}

double gep_result_value(const struct gep_result *r, size_t item, long region, int eco)
{
    return sum_cells(r, r->items[item].value, region, eco);
}

void gep_result_totals(const struct gep_result *r, struct gep_totals *t)
{
    memset(t, 0, sizeof *t);
    for (size_t k = 0; k < r->n_items; k++) {
        const struct gep_item *it = &r->items[k].item;
        if (!it->mi->in_total)
            continue;
        double v = gep_result_value(r, k, -1, -1);
        t->gep += v;
        if (it->def->category == GEP_PROVISIONING)
            t->provisioning += v;
        else if (it->def->category == GEP_REGULATING)
            t->regulating += v;
        else if (it->def->category == GEP_CULTURAL)
            t->cultural += v;
    }
}

void gep_result_free(struct gep_result *r)
{
    for (size_t k = 0; k < r->n_items; k++) {
        gep_item_release(&r->items[k].item);
        free(r->items[k].phys);
        free(r->items[k].value);
        free(r->items[k].comp);
    }
    free(r->items);
    free(r->region_names);
    free(r->area_m2);
    free(r->class_area_m2);
    gep_stats_free(&r->stats);
    gep_method_free(&r->method);
    gep_price_index_free(&r->index);
    gep_classes_free(&r->classes);
    memset(r, 0, sizeof *r);
}
