/* app/value_units — see value_units.h. */
#include "app/value_units.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/registry.h"
#include "base/date.h"
#include "base/fsutil.h"
#include "base/hash.h"
#include "geo/geos_bridge.h"
#include "geo/interior.h"
#include "geo/zones.h"
#include "valuation/valuation.h"

/* the fields each base map is read with */
static const char *const GRADE_FIELDS[] = { "grade",      "commercial", "residential",
                                            "industrial", "public",     NULL };
static const char *const STAND_FIELDS[] = { "species", "age", "age_class", "volume_m3_ha", NULL };
static const char *const SEA_FIELDS[] = { "class", NULL };
static const char *const PATCH_FIELDS[] = { "DLBM", "GDDB", NULL };

struct kind_total {
    long long units;
    double area_m2, value;
};

struct run {
    struct val_mass *mass;
    GEOSContextHandle_t h;
    GEOSWKBReader *rd;
    struct geo_zones grades, stands, sea, patches;
    int have_grades, have_stands, have_sea, have_patches;
    /* the rows, sorted by unit code before they are written and summed */
    struct row {
        char *line;
        double area, value;
        int kind; /* -1 unvalued */
    } * rows;
    size_t nrows, caprows;
    long long units, valued;
    double total;
    struct kind_total kinds[VAL_MASS_FOREST_LAND + 1];
    json_t *unvalued; /* reason -> count */
};

static const char *const KIND[] = { "none", "construction", "farmland", "forest", "sea", "forest" };

static void count_reason(struct run *x, const char *reason)
{
    json_object_set_new(x->unvalued, reason,
                        json_integer(json_integer_value(json_object_get(x->unvalued, reason)) + 1));
}

/* a base map's number, 0 when empty or not one */
static long whole(const char *text)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    return end != text ? v : 0;
}
static double real(const char *text)
{
    char *end = NULL;
    double v = strtod(text, &end);
    return end != text ? v : 0;
}

static long zone_at(const struct geo_zones *z, int have, const double pt[2])
{
    return have ? geo_zones_find(z, pt[0], pt[1]) : -1;
}

/* The basis of a unit from the base maps at a point inside it. */
static void basis_at(struct run *x, enum val_mass_kind k, const double pt[2],
                     struct val_mass_basis *b)
{
    if (k == VAL_MASS_CONSTRUCTION) {
        long z = zone_at(&x->grades, x->have_grades, pt);
        if (z >= 0) {
            b->grade = (int)whole(geo_zones_value(&x->grades, (size_t)z, 0));
            for (size_t u = 0; u < 4; u++)
                b->bench[u] = real(geo_zones_value(&x->grades, (size_t)z, u + 1));
        }
    }
    if (k == VAL_MASS_CONSTRUCTION || k == VAL_MASS_FARMLAND) {
        long p = zone_at(&x->patches, x->have_patches, pt);
        if (p >= 0) {
            snprintf(b->dlbm, sizeof b->dlbm, "%s", geo_zones_value(&x->patches, (size_t)p, 0));
            b->gddb = (int)whole(geo_zones_value(&x->patches, (size_t)p, 1));
        }
    }
    if (k == VAL_MASS_FOREST) {
        long s = zone_at(&x->stands, x->have_stands, pt);
        if (s >= 0) {
            snprintf(b->species, sizeof b->species, "%s",
                     geo_zones_value(&x->stands, (size_t)s, 0));
            b->age = (int)whole(geo_zones_value(&x->stands, (size_t)s, 1));
            snprintf(b->age_class, sizeof b->age_class, "%s",
                     geo_zones_value(&x->stands, (size_t)s, 2));
            b->volume = real(geo_zones_value(&x->stands, (size_t)s, 3));
        }
    }
    if (k == VAL_MASS_SEA) {
        long s = zone_at(&x->sea, x->have_sea, pt);
        if (s >= 0)
            b->sea_class = (int)whole(geo_zones_value(&x->sea, (size_t)s, 0));
    }
}

static const char *refusal_of(const struct run *x, size_t basis)
{
    return json_string_value(
        json_object_get(json_array_get(val_mass_reports(x->mass), basis), "refused"));
}

static const char *key_of(const struct run *x, size_t basis)
{
    return json_string_value(
        json_object_get(json_array_get(val_mass_reports(x->mass), basis), "key"));
}

static int add_row(struct run *x, double area, double value, int kind, struct ls_err *err,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int add_row(struct run *x, double area, double value, int kind, struct ls_err *err,
                   const char *fmt, ...)
{
    if (x->nrows == x->caprows) {
        size_t nc = x->caprows ? 2 * x->caprows : 4096;
        struct row *nr = realloc(x->rows, nc * sizeof *nr);
        if (!nr)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        x->rows = nr;
        x->caprows = nc;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    struct row *r = &x->rows[x->nrows];
    if (!(r->line = strdup(buf)))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    r->area = area;
    r->value = value;
    r->kind = kind;
    x->nrows++;
    return 0;
}

static int unvalued(struct run *x, const struct reg_unit_in_force *u, const char *kind,
                    const char *reason, struct ls_err *err)
{
    count_reason(x, reason);
    return add_row(x, u->area_m2, 0, -1, err, "%s,%s,%s,,%.2f,,,\"%s\"\n", u->code, u->use_right,
                   kind, u->area_m2, reason);
}

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const struct row *)a)->line, ((const struct row *)b)->line);
}

/* Sorted by unit code (each line starts with it), written, and summed in that order. */
static int write_rows(struct run *x, FILE *csv)
{
    if (x->nrows)
        qsort(x->rows, x->nrows, sizeof *x->rows, cmp_row);
    for (size_t i = 0; i < x->nrows; i++) {
        const struct row *r = &x->rows[i];
        if (fputs(r->line, csv) < 0)
            return -1;
        if (r->kind < 0)
            continue;
        x->valued++;
        x->total += r->value;
        x->kinds[r->kind].units++;
        x->kinds[r->kind].area_m2 += r->area;
        x->kinds[r->kind].value += r->value;
    }
    return 0;
}

static int visit(void *ctx, const struct reg_unit_in_force *u, struct ls_err *err)
{
    struct run *x = ctx;
    x->units++;
    enum val_mass_kind k = val_mass_kind_of(x->mass, u->use_right);
    if (k == VAL_MASS_NONE) {
        char why[96];
        snprintf(why, sizeof why, "no default method for %s",
                 u->use_right[0]       ? u->use_right
                 : u->resource_type[0] ? u->resource_type
                                       : "ownership alone");
        return unvalued(x, u, "none", why, err);
    }
    /* a point inside the boundary, straight from its WKB; GEOS when that finds no width */
    double pt[2];
    if (!geo_wkb_interior_point(u->wkb, u->n, &pt[0], &pt[1])) {
        GEOSGeometry *g = GEOSWKBReader_read_r(x->h, x->rd, u->wkb, u->n);
        GEOSGeometry *p = g ? GEOSPointOnSurface_r(x->h, g) : NULL;
        int got = p && !GEOSisEmpty_r(x->h, p) && GEOSGeomGetX_r(x->h, p, &pt[0]) &&
                  GEOSGeomGetY_r(x->h, p, &pt[1]);
        if (g)
            GEOSGeom_destroy_r(x->h, g);
        if (p)
            GEOSGeom_destroy_r(x->h, p);
        if (!got)
            return unvalued(x, u, KIND[k], "no point inside its boundary", err);
    }
    struct val_mass_basis b = { .right_type = u->use_right };
    basis_at(x, k, pt, &b);
    double rate = 0, land = 0;
    size_t at = 0, land_at = 0;
    int rc = 0;
    int stand = k != VAL_MASS_FOREST || b.species[0];
    if (stand)
        rc = val_mass_rate(x->mass, k, &b, &rate, &at, err);
    /* a forest right carries its land too, valued apart from the trees */
    if (!rc && k == VAL_MASS_FOREST)
        rc = val_mass_rate(x->mass, VAL_MASS_FOREST_LAND, &b, &land, &land_at, err);
    if (rc)
        return rc;
    if ((stand && isnan(rate)) || isnan(land))
        return unvalued(x, u, KIND[k], refusal_of(x, stand && isnan(rate) ? at : land_at), err);
    double per_m2 = (stand ? rate : 0) + land, value = round(per_m2 * u->area_m2 * 100) / 100;
    char basis[200];
    snprintf(basis, sizeof basis, "%s%s%s", stand ? key_of(x, at) : "",
             stand && k == VAL_MASS_FOREST ? "+" : "",
             k == VAL_MASS_FOREST ? key_of(x, land_at) : "");
    return add_row(x, u->area_m2, value, (int)k, err, "%s,%s,%s,%s,%.2f,%.4f,%.2f,\n", u->code,
                   u->use_right, KIND[k], basis, u->area_m2, per_m2, value);
}

static int load(const char *path, const char *layer, const char *const *fields, struct geo_zones *z,
                int *have, struct ls_err *err)
{
    if (!layer)
        return 0;
    int rc = geo_zones_open(path, layer, fields, z, err);
    *have = !rc;
    return rc;
}

static json_t *summary_of(const struct run *x, const char *date, const char *scheme_sha,
                          const char *scheme_id, json_t *defaults, const char *sha[3])
{
    json_t *kinds = json_object();
    for (int k = VAL_MASS_CONSTRUCTION; k <= VAL_MASS_SEA; k++)
        json_object_set_new(kinds, KIND[k],
                            json_pack("{s:I, s:f, s:f}", "units", (json_int_t)x->kinds[k].units,
                                      "area_m2", round(x->kinds[k].area_m2 * 100) / 100,
                                      "value_yuan", round(x->kinds[k].value * 100) / 100));
    return json_pack(
        "{s:s, s:{s:s, s:s}, s:{s:O, s:s}, s:s, s:s, s:I, s:I, s:f, s:o, s:O, s:I}", "date", date,
        "scheme", "id", scheme_id, "sha256", scheme_sha, "parameters", "id",
        json_object_get(defaults, "id") ? json_object_get(defaults, "id") : json_null(), "sha256",
        sha[0], "base_sha256", sha[1], "survey_sha256", sha[2], "units", (json_int_t)x->units,
        "valued", (json_int_t)x->valued, "value_yuan", round(x->total * 100) / 100, "kinds", kinds,
        "unvalued", x->unvalued, "bases", (json_int_t)json_array_size(val_mass_reports(x->mass)));
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int app_value_units(const struct app_value_units_opts *o, json_t **summary,
                    struct app_value_units_timing *timing, struct ls_err *err)
{
    struct app_value_units_timing tm = { 0 };
    double t0 = now();
    *summary = NULL;
    json_error_t je;
    json_t *defaults = json_load_file(o->defaults, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(defaults)) {
        json_decref(defaults);
        return ls_err_set(err, LS_EINVAL, o->defaults, NULL, NULL, "line %d: %s", je.line,
                          je.text[0] ? je.text : "not a JSON object");
    }
    const char *date = o->date ? o->date : json_string_value(json_object_get(defaults, "date"));
    const char *scheme_id = o->scheme ? o->scheme
                            : json_string_value(json_object_get(defaults, "scheme"))
                                ? json_string_value(json_object_get(defaults, "scheme"))
                                : "cn-2021";
    char base[1200];
    if (o->base)
        snprintf(base, sizeof base, "%s", o->base);
    else {
        const char *b = json_string_value(json_object_get(defaults, "base"));
        const char *slash = strrchr(o->defaults, '/');
        snprintf(base, sizeof base, "%.*s%s", slash ? (int)(slash - o->defaults + 1) : 0,
                 o->defaults, b ? b : "base.gpkg");
    }
    struct run x = { 0 };
    struct val_scheme *scheme = NULL;
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    struct ls_staged_dir sd;
    int staged = 0;
    char sha[3][LS_SHA256_HEX], csv[1300];
    const char *shas[3] = { sha[0], sha[1], sha[2] };
    int rc = ls_date_valid(date) ? 0
                                 : ls_err_set(err, LS_EINVAL, o->defaults, NULL, "date",
                                              "the valuation date is YYYY-MM-DD (--date)");
    if (!rc)
        rc = val_scheme_load(scheme_id, &scheme, err);
    if (!rc)
        rc = val_mass_open(scheme, defaults, date, &x.mass, err);
    if (!rc)
        rc = ls_sha256_file(o->defaults, sha[0], err);
    if (!rc)
        rc = ls_sha256_file(base, sha[1], err);
    if (!rc)
        rc = ls_sha256_file(o->survey, sha[2], err);
    tm.hash_s = now() - t0;
    t0 = now();
    if (!rc && !(x.h = geo_geos_new()))
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (!rc && !(x.rd = GEOSWKBReader_create_r(x.h)))
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (!rc)
        rc = load(base, val_mass_layer(x.mass, VAL_MASS_CONSTRUCTION), GRADE_FIELDS, &x.grades,
                  &x.have_grades, err);
    if (!rc)
        rc = load(base, val_mass_layer(x.mass, VAL_MASS_FOREST), STAND_FIELDS, &x.stands,
                  &x.have_stands, err);
    if (!rc)
        rc = load(base, val_mass_layer(x.mass, VAL_MASS_SEA), SEA_FIELDS, &x.sea, &x.have_sea, err);
    if (!rc)
        rc = load(o->survey, "landuse_patch", PATCH_FIELDS, &x.patches, &x.have_patches, err);
    if (!rc)
        rc = app_registry_open(o->store, &st, &r, err);
    if (!rc && !(rc = ls_dir_stage(o->out, o->force, "out", &sd, err)))
        staged = 1;
    x.unvalued = json_object();
    tm.load_s = now() - t0;
    t0 = now();
    if (!rc) {
        if (!(rc = st_scan_mode(st, 1, err)) && !(rc = st_begin_read(st, err)))
            rc = reg_units_with_use(r, visit, &x, err);
        st_rollback(st);
        struct ls_err ignored = { 0 };
        st_scan_mode(st, 0, &ignored); /* the store is closed next anyway */
    }
    tm.value_s = now() - t0;
    t0 = now();
    FILE *f = NULL;
    if (!rc) {
        snprintf(csv, sizeof csv, "%s/units.csv", sd.tmp);
        if (!(f = fopen(csv, "w")))
            rc = ls_err_set(err, LS_EIO, csv, NULL, NULL, "cannot write");
    }
    if (!rc &&
        (fputs("unit,use_right,kind,basis,area_m2,rate_yuan_m2,value_yuan,unvalued\n", f) < 0 ||
         write_rows(&x, f)))
        rc = ls_err_set(err, LS_EIO, csv, NULL, NULL, "cannot write");
    if (f && fclose(f) && !rc)
        rc = ls_err_set(err, LS_EIO, csv, NULL, NULL, "cannot write");
    if (!rc) {
        json_t *sj = val_scheme_json(scheme);
        *summary = summary_of(&x, date, json_string_value(json_object_get(sj, "sha256")), scheme_id,
                              defaults, shas);
        json_decref(sj);
        char path[1300];
        snprintf(path, sizeof path, "%s/summary.json", sd.tmp);
        if (json_dump_file(*summary, path, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_ENSURE_ASCII))
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
        snprintf(path, sizeof path, "%s/bases.json", sd.tmp);
        if (!rc && json_dump_file(val_mass_reports(x.mass), path,
                                  JSON_INDENT(1) | JSON_SORT_KEYS | JSON_ENSURE_ASCII))
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    }
    if (staged)
        rc = rc ? (ls_dir_discard(&sd), rc) : ls_dir_publish(&sd, err);
    tm.write_s = now() - t0;
    if (timing)
        *timing = tm;
    if (rc) {
        json_decref(*summary);
        *summary = NULL;
    }
    if (st)
        app_registry_close(st, r);
    geo_zones_free(&x.grades);
    geo_zones_free(&x.stands);
    geo_zones_free(&x.sea);
    geo_zones_free(&x.patches);
    if (x.rd)
        GEOSWKBReader_destroy_r(x.h, x.rd);
    if (x.h)
        GEOS_finish_r(x.h);
    json_decref(x.unvalued);
    for (size_t i = 0; i < x.nrows; i++)
        free(x.rows[i].line);
    free(x.rows);
    val_mass_free(x.mass);
    val_scheme_free(scheme);
    json_decref(defaults);
    return rc;
}
