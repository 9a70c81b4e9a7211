/* app/gep_attribution — see gep_attribution.h. */
#include "app/gep_attribution.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gdal.h>
#include <jansson.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "app/registry.h"
#include "raster/zonal.h"
#include "raster/zone_sums.h"

/* The units written to a temporary GeoPackage layer "units" (the zone rasterizer reads OGR). */
struct export
{
    OGRLayerH lyr;
    OGRFeatureDefnH defn;
    char(*codes)[64];
    size_t n, cap;
};

static int add_unit(void *ctx, const char *code, const char *type, const unsigned char *wkb,
                    size_t n, struct ls_err *err)
{
    (void)type;
    struct export *x = ctx;
    if (!wkb || !n)
        return 0; /* a unit without a drawn boundary has no area to attribute */
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 4096;
        char(*c)[64] = realloc(x->codes, cap * sizeof *c);
        if (!c)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        x->codes = c;
        x->cap = cap;
    }
    OGRGeometryH g = NULL;
    if (OGR_G_CreateFromWkb(wkb, NULL, &g, (int)n) != OGRERR_NONE)
        return ls_err_set(err, LS_EINVAL, NULL, code, "geom", "the unit's geometry is not WKB");
    OGRFeatureH f = OGR_F_Create(x->defn);
    OGR_F_SetFieldString(f, 0, code);
    OGR_F_SetGeometryDirectly(f, g);
    int bad = OGR_L_CreateFeature(x->lyr, f) != OGRERR_NONE;
    OGR_F_Destroy(f);
    if (bad)
        return ls_err_set(err, LS_EIO, NULL, code, NULL, "cannot write the unit to the work file");
    snprintf(x->codes[x->n++], 64, "%s", code);
    return 0;
}

static int export_units(const char *store, const char *layer, const char *path, struct export *x,
                        struct ls_err *err)
{
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    int rc = app_registry_open(store, &st, &r, err);
    if (rc)
        return rc;
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, st_srid(st));
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    /* a work file read once in FID order: no spatial index to keep up */
    const char *lco[] = { "SPATIAL_INDEX=NO", NULL };
    x->lyr =
        ds ? GDALDatasetCreateLayer(ds, "units", srs, wkbMultiPolygon, (char **)(void *)lco) : NULL;
    OSRDestroySpatialReference(srs);
    if (!x->lyr)
        rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create the work file");
    if (!rc) {
        OGRFieldDefnH fd = OGR_Fld_Create("unit_code", OFTString);
        OGR_L_CreateField(x->lyr, fd, 1);
        OGR_Fld_Destroy(fd);
        x->defn = OGR_L_GetLayerDefn(x->lyr);
        /* one transaction for the work file: a commit per unit would take minutes */
        if (OGR_L_StartTransaction(x->lyr) != OGRERR_NONE)
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the work file");
        /* every unit read once, end to end: a small page cache (st_scan_mode) */
        if (!rc && !(rc = st_scan_mode(st, 1, err)))
            rc = st_begin_read(st, err);
        if (!rc)
            rc = reg_units_in_force(r, layer, add_unit, x, err);
        st_rollback(st);
        if (OGR_L_CommitTransaction(x->lyr) != OGRERR_NONE && !rc)
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the work file");
    }
    if (ds)
        GDALClose(ds);
    app_registry_close(st, r);
    return rc;
}

/* The account's spatial items counted in GEP that have a value raster, then "gep". */
static int account_items(struct app_gep_attribution *a, const char *dir, struct ls_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/account.json", dir);
    json_error_t je;
    json_t *acc = json_load_file(path, 0, &je);
    if (!acc)
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL, "not a GEP account (%s)", je.text);
    json_t *items = json_object_get(acc, "items");
    a->items = calloc(json_array_size(items) + 1, sizeof *a->items);
    if (!a->items) {
        json_decref(acc);
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    }
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *id = json_string_value(json_object_get(it, "item"));
        snprintf(path, sizeof path, "%s/%s_value.tif", dir, id ? id : "");
        if (id && json_is_true(json_object_get(it, "in_total")) && access(path, R_OK) == 0)
            snprintf(a->items[a->n_items++], 48, "%s", id);
    }
    snprintf(a->items[a->n_items++], 48, "gep");
    const json_t *ac = json_object_get(acc, "account");
    snprintf(a->account, sizeof a->account, "%s %lld",
             json_string_value(json_object_get(ac, "name"))
                 ? json_string_value(json_object_get(ac, "name"))
                 : "",
             (long long)json_integer_value(json_object_get(ac, "year")));
    a->account_gep = json_number_value(json_object_get(json_object_get(acc, "totals"), "gep_yuan"));
    json_decref(acc);
    return 0;
}

int app_gep_attribute(const struct app_gep_attribution_opts *o, struct app_gep_attribution *a,
                      struct ls_err *err)
{
    memset(a, 0, sizeof *a);
    const char *layer = o->layer ? o->layer : "surface";
    int rc = account_items(a, o->account_dir, err);
    struct rs_source *vals = rc ? NULL : calloc(a->n_items, sizeof *vals);
    if (!rc && !vals)
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    size_t opened = 0;
    for (; !rc && opened < a->n_items; opened++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s_value.tif", o->account_dir,
                 !strcmp(a->items[opened], "gep") ? "gep_total" : a->items[opened]);
        rc = rs_source_open(path, 1, &vals[opened], err);
        if (rc)
            break;
    }
    /* work files in the temporary folder: an account folder may be published read-only */
    const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char work[1200], zpath[1200];
    snprintf(work, sizeof work, "%s/liangshan-attribution-units-%ld.gpkg", tmp, (long)getpid());
    snprintf(zpath, sizeof zpath, "%s/liangshan-attribution-zones-%ld.tif", tmp, (long)getpid());
    struct export x = { 0 };
    if (!rc)
        rc = export_units(o->store, layer, work, &x, err);
    struct rs_zone_shares shares = { 0 };
    char(*labels)[128] = NULL;
    size_t nlab = 0;
    if (!rc && x.n)
        rc = rs_zones_from_polygons(work, "units", "unit_code", &vals[0].grid, zpath, &labels,
                                    &nlab, &shares, err);
    free(labels);
    struct rs_source zones = { 0 };
    int zones_open = 0;
    if (!rc && x.n) {
        rc = rs_source_open(zpath, 1, &zones, err);
        zones_open = !rc;
    }
    if (!rc) {
        a->n_units = x.n;
        a->units = x.codes;
        x.codes = NULL;
        a->sums = calloc(a->n_units * a->n_items + 1, sizeof *a->sums);
        a->outside = calloc(a->n_items, sizeof *a->outside);
        a->total = calloc(a->n_items, sizeof *a->total);
        if (!a->sums || !a->outside || !a->total)
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    if (!rc && zones_open) {
        struct rs_zone_sums zs = { a->sums, a->outside, a->total };
        rc = rs_zone_sums(&zones, &shares, a->n_units, vals, a->n_items, &zs, err);
    }
    if (zones_open)
        rs_source_close(&zones);
    for (size_t k = 0; vals && k < opened; k++)
        rs_source_close(&vals[k]);
    free(vals);
    free(x.codes);
    rs_zone_shares_free(&shares);
    unlink(work);
    unlink(zpath);
    if (rc)
        app_gep_attribution_free(a);
    return rc;
}

void app_gep_attribution_free(struct app_gep_attribution *a)
{
    free(a->units);
    free(a->items);
    free(a->sums);
    free(a->outside);
    free(a->total);
    memset(a, 0, sizeof *a);
}

double app_gep_attribution_closure(const struct app_gep_attribution *a)
{
    double worst = 0;
    for (size_t k = 0; k < a->n_items; k++) {
        double in = 0;
        for (size_t u = 0; u < a->n_units; u++)
            in += a->sums[u * a->n_items + k];
        double d =
            fabs(in + a->outside[k] - a->total[k]) / (a->total[k] != 0 ? fabs(a->total[k]) : 1);
        if (d > worst)
            worst = d;
    }
    return worst;
}

/* (party, unit, share) gathered from the registry, then sorted by party and summed */
struct claim {
    char party[64];
    size_t unit;
    double share;
};

struct claims {
    const struct app_gep_attribution *a;
    struct claim *v;
    size_t n, cap;
};

static int unit_index(const struct app_gep_attribution *a, const char *code, size_t *at)
{
    size_t lo = 0, hi = a->n_units;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(a->units[mid], code);
        if (!c) {
            *at = mid;
            return 1;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int add_claim(void *ctx, const char *unit, const char *party, double share,
                     struct ls_err *err)
{
    struct claims *c = ctx;
    size_t at;
    /* a unit without a drawn boundary was not attributed: nothing to hand on */
    if (!unit_index(c->a, unit, &at))
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4096;
        struct claim *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        c->v = v;
        c->cap = cap;
    }
    struct claim *k = &c->v[c->n++];
    snprintf(k->party, sizeof k->party, "%s", party);
    k->unit = at;
    k->share = share;
    return 0;
}

static int by_party(const void *x, const void *y)
{
    const struct claim *a = x, *b = y;
    int c = strcmp(a->party, b->party);
    return c ? c : (a->unit > b->unit) - (a->unit < b->unit);
}

int app_gep_attribution_holders(const struct app_gep_attribution *a, const char *store,
                                const char *layer, struct app_gep_holders *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    int rc = app_registry_open(store, &st, &r, err);
    if (rc)
        return rc;
    struct claims c = { a, NULL, 0, 0 };
    rc = st_begin_read(st, err);
    if (!rc)
        rc = reg_unit_holders(r, layer ? layer : "surface", add_claim, &c, err);
    st_rollback(st);
    app_registry_close(st, r);
    if (!rc && c.n)
        qsort(c.v, c.n, sizeof *c.v, by_party);
    size_t parties = 0;
    for (size_t i = 0; !rc && i < c.n; i++)
        parties += !i || strcmp(c.v[i].party, c.v[i - 1].party);
    out->n_items = a->n_items;
    out->party = calloc(parties + 1, sizeof *out->party);
    out->sums = calloc((parties + 1) * a->n_items, sizeof *out->sums);
    if (!rc && (!out->party || !out->sums))
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < c.n; i++) {
        if (!i || strcmp(c.v[i].party, c.v[i - 1].party))
            snprintf(out->party[out->n++], 64, "%s", c.v[i].party);
        double *row = out->sums + (out->n - 1) * a->n_items;
        const double *unit = a->sums + c.v[i].unit * a->n_items;
        for (size_t k = 0; k < a->n_items; k++)
            row[k] += unit[k] * c.v[i].share;
    }
    free(c.v);
    if (rc)
        app_gep_holders_free(out);
    return rc;
}

void app_gep_holders_free(struct app_gep_holders *h)
{
    free(h->party);
    free(h->sums);
    memset(h, 0, sizeof *h);
}

static int rows_csv(const struct app_gep_attribution *a, const char *head, char (*names)[64],
                    const double *sums, size_t n, const char *path, struct ls_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the table");
    fputs(head, f);
    for (size_t k = 0; k + 1 < a->n_items; k++)
        fprintf(f, ",%s", a->items[k]);
    fputs(",statistics,gep\n", f);
    for (size_t u = 0; u < n; u++) {
        const double *row = sums + u * a->n_items;
        double spatial = 0;
        fputs(names[u], f);
        for (size_t k = 0; k + 1 < a->n_items; k++) {
            fprintf(f, ",%.2f", row[k]);
            spatial += row[k];
        }
        fprintf(f, ",%.2f,%.2f\n", row[a->n_items - 1] - spatial, row[a->n_items - 1]);
    }
    return fclose(f) ? ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the table") : 0;
}

int app_gep_holders_csv(const struct app_gep_attribution *a, const struct app_gep_holders *h,
                        const char *path, struct ls_err *err)
{
    return rows_csv(a, "party", h->party, h->sums, h->n, path, err);
}

int app_gep_attribution_csv(const struct app_gep_attribution *a, const char *path,
                            struct ls_err *err)
{
    return rows_csv(a, "unit", a->units, a->sums, a->n_units, path, err);
}
