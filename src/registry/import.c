/* registry/import — parties, units and rights from files, all or nothing. */
#include "registry/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "base/csv.h"
#include "base/hash.h"
#include "geo/vector.h"

struct run {
    struct reg *r;
    struct ls_store *st;
    const struct reg_import_opts *o;
    struct reg_import_report *rep;
};

/*
 * A rejection names the file and the row: a right's refusal says "R.csv line N" (its
 * source), a unit's says the feature and its code.
 */
static void reject(struct run *u, const struct ls_err *e, const char *input, const char *where)
{
    char in[600], at[300];
    snprintf(in, sizeof in, "%s", *e->input ? e->input : input);
    snprintf(at, sizeof at, "%s", *e->where ? e->where : where);
    const char *rights = u->o->rights_csv;
    size_t rn = rights ? strlen(rights) : 0;
    if (rn && !strncmp(e->where, rights, rn) && e->where[rn] == ' ') {
        snprintf(in, sizeof in, "%s", rights);
        snprintf(at, sizeof at, "%s", e->where + rn + 1);
    } else if (*e->where && strcmp(e->where, where)) {
        snprintf(at, sizeof at, "%s, %s", where, e->where);
    }
    u->rep->rejected++;
    json_array_append_new(u->rep->rejections,
                          json_pack("{s:s, s:s, s:s, s:s}", "input", in, "where", at, "field",
                                    e->field, "message", e->msg));
}

/*
 * One application: 1 recorded, 0 rejected (reported), < 0 fatal. A refusal has written
 * nothing (reg_submit checks everything first), so no savepoint is needed around it.
 */
static int try_submit(struct run *u, json_t *app, const char *input, const char *where,
                      struct ls_err *err)
{
    struct ls_err e = { 0 };
    struct reg_submit_opts so = { u->o->actor, u->o->recorded };
    long long seq = 0;
    int rc = reg_submit(u->r, app, &so, input, &seq, &e);
    if (rc == -LS_EINVAL || rc == -LS_ENOENT) {
        reject(u, &e, input, where);
        return 0;
    }
    if (rc) {
        if (err)
            *err = e;
        return rc;
    }
    if (!u->rep->first_seq)
        u->rep->first_seq = seq;
    u->rep->last_seq = seq;
    return 1;
}

static const char *field(const struct ls_csv *t, size_t row, const char *name)
{
    int c = ls_csv_col(t, name);
    return c >= 0 ? t->rows[row][c] : "";
}

static int import_parties(struct run *u, struct ls_err *err)
{
    struct ls_csv t;
    int rc = ls_csv_read(u->o->parties_csv, &t, err);
    int col;
    if (!rc)
        rc = ls_csv_need_col(&t, "party_id", &col, err);
    if (!rc)
        rc = ls_csv_need_col(&t, "name", &col, err);
    if (!rc)
        rc = ls_csv_need_col(&t, "kind", &col, err);
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        char where[32];
        snprintf(where, sizeof where, "line %ld", t.line[i]);
        json_t *app = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "type", "party", "date",
                                *field(&t, i, "date") ? field(&t, i, "date") : u->o->date, "party",
                                "id", field(&t, i, "party_id"), "name", field(&t, i, "name"),
                                "kind", field(&t, i, "kind"), "id_code", field(&t, i, "id_code"),
                                "acts_for", field(&t, i, "acts_for"));
        rc = try_submit(u, app, u->o->parties_csv, where, err);
        json_decref(app);
        if (rc == 1) {
            u->rep->parties++;
            rc = 0;
        }
    }
    ls_csv_free(&t);
    return rc;
}

/* Rights rows sorted by unit code, so each unit finds its rows by binary search. */
struct rights_index {
    struct ls_csv t;
    size_t *order;
    int unit_col;
    char *used;
};

static const struct ls_csv *sort_table;
static int sort_col;
static int by_unit(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sort_table->rows[x][sort_col], sort_table->rows[y][sort_col]);
    return c ? c : (x < y ? -1 : x > y);
}

static int rights_load(struct rights_index *ix, const char *path, struct ls_err *err)
{
    memset(ix, 0, sizeof *ix);
    int rc = ls_csv_read(path, &ix->t, err);
    int col;
    if (!rc)
        rc = ls_csv_need_col(&ix->t, "unit_code", &ix->unit_col, err);
    if (!rc)
        rc = ls_csv_need_col(&ix->t, "type", &col, err);
    if (rc)
        return rc;
    ix->order = malloc((ix->t.nrows + 1) * sizeof *ix->order);
    ix->used = calloc(ix->t.nrows + 1, 1);
    if (!ix->order || !ix->used)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    for (size_t i = 0; i < ix->t.nrows; i++)
        ix->order[i] = i;
    sort_table = &ix->t; /* qsort has no context argument; imports run one at a time */
    sort_col = ix->unit_col;
    qsort(ix->order, ix->t.nrows, sizeof *ix->order, by_unit);
    return 0;
}

static void rights_free(struct rights_index *ix)
{
    ls_csv_free(&ix->t);
    free(ix->order);
    free(ix->used);
}

static json_t *holders_of(const char *spec)
{
    json_t *a = json_array();
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        char *colon = strchr(tok, ':');
        if (colon)
            *colon = '\0';
        json_t *h = json_pack("{s:s}", "party", tok);
        if (colon)
            json_object_set_new(h, "share", json_string(colon + 1));
        json_array_append_new(a, h);
    }
    return a;
}

static void set_if(json_t *o, const char *k, const char *v)
{
    if (v && *v)
        json_object_set_new(o, k, json_string(v));
}

static void set_number_if(json_t *o, const char *k, const char *v)
{
    char *end = NULL;
    if (!v || !*v)
        return;
    double d = strtod(v, &end);
    if (end && !*end)
        json_object_set_new(o, k, json_real(d));
    else
        json_object_set_new(o, k, json_string(v)); /* refused with its field named */
}

static json_t *rights_of(struct rights_index *ix, const char *code, const char *path)
{
    json_t *a = json_array();
    size_t lo = 0, hi = ix->t.nrows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(ix->t.rows[ix->order[mid]][ix->unit_col], code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < ix->t.nrows && !strcmp(ix->t.rows[ix->order[k]][ix->unit_col], code);
         k++) {
        size_t i = ix->order[k];
        ix->used[i] = 1;
        const struct ls_csv *t = &ix->t;
        json_t *x = json_object();
        char src[600];
        snprintf(src, sizeof src, "%s line %ld", path, t->line[i]);
        json_object_set_new(x, "source", json_string(src));
        set_if(x, "id", field(t, i, "right_id"));
        set_if(x, "type", field(t, i, "type"));
        set_if(x, "layer", field(t, i, "layer"));
        set_number_if(x, "z_min", field(t, i, "z_min"));
        set_number_if(x, "z_max", field(t, i, "z_max"));
        set_if(x, "term_start", field(t, i, "term_start"));
        set_if(x, "term_end", field(t, i, "term_end"));
        set_if(x, "exercised_by", field(t, i, "exercised_by"));
        set_if(x, "description", field(t, i, "description"));
        set_if(x, "source_doc", field(t, i, "source_doc"));
        set_if(x, "geometry", field(t, i, "geometry_wkt"));
        if (*field(t, i, "holders"))
            json_object_set_new(x, "holders", holders_of(field(t, i, "holders")));
        json_array_append_new(a, x);
    }
    return a;
}

static char *feature_text(struct geo_vsource *s, OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 && strlen(name) > 10) {
        /* a Shapefile cuts field names to 10 characters: resource_type → resource_t */
        char cut[11];
        snprintf(cut, sizeof cut, "%.10s", name);
        i = OGR_F_GetFieldIndex(f, cut);
    }
    char *v = NULL;
    if (i >= 0)
        geo_vsource_field_utf8(s, f, i, &v, NULL);
    return v;
}

static int import_units(struct run *u, struct rights_index *ix, struct ls_err *err)
{
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(u->o->units_path, u->o->units_layer, &s, err);
    if (rc)
        return rc;
    if (!s->has_crs || s->crs_rc || s->crs.epsg != st_srid(u->st)) {
        rc = ls_err_set(err, LS_EINVAL, u->o->units_path, NULL, "crs",
                        "the units layer is in %s, the store in EPSG:%d; convert it first "
                        "(liangshan convert --to-crs EPSG:%d)",
                        s->has_crs && !s->crs_rc ? s->crs.name : "an unknown CRS", st_srid(u->st),
                        st_srid(u->st));
        geo_vsource_close(s);
        return rc;
    }
    OGRFeatureH f;
    long n = 0, total = (long)OGR_L_GetFeatureCount(s->layer, 1);
    static const char *const texts[] = { "code",  "name",          "class",  "resource_type",
                                         "layer", "quantity_unit", "quality" };
    static const char *const numbers[] = { "z_min", "z_max", "quantity" };
    while (!rc && (f = geo_vsource_next(s))) {
        n++;
        json_t *unit = json_object();
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
            char *v = feature_text(s, f, texts[k]);
            set_if(unit, texts[k], v);
            free(v);
        }
        for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
            char *v = feature_text(s, f, numbers[k]);
            set_number_if(unit, numbers[k], v);
            free(v);
        }
        char *date = feature_text(s, f, "date"), *doc = feature_text(s, f, "source_doc");
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int wn = g ? OGR_G_WkbSize(g) : 0;
        unsigned char *wkb = wn > 0 ? malloc((size_t)wn) : NULL;
        char *hex = wkb ? malloc(2 * (size_t)wn + 1) : NULL;
        if (hex && OGR_G_ExportToIsoWkb(g, wkbNDR, wkb) == OGRERR_NONE) {
            ls_hex(wkb, (size_t)wn, hex);
            json_object_set_new(unit, "geometry", json_pack("{s:s}", "wkb", hex));
        }
        free(wkb);
        free(hex);
        const char *code = json_string_value(json_object_get(unit, "code"));
        json_t *rights = ix ? rights_of(ix, code ? code : "", u->o->rights_csv) : json_array();
        u->rep->rights += (long)json_array_size(rights);
        json_t *app = json_pack("{s:s, s:s, s:s, s:o, s:o}", "type", "first", "date",
                                date && *date ? date
                                : u->o->date  ? u->o->date
                                              : "",
                                "source_doc", doc ? doc : "", "unit", unit, "rights", rights);
        free(date);
        free(doc);
        char where[96];
        snprintf(where, sizeof where, "feature %ld", n);
        rc = try_submit(u, app, u->o->units_path, where, err);
        json_decref(app);
        OGR_F_Destroy(f);
        if (rc == 1) {
            u->rep->units++;
            rc = 0;
        }
        if (u->o->progress && n % 10000 == 0)
            u->o->progress(n, total);
        /* PostgreSQL plans from table statistics, which a bulk import into empty tables
           leaves far behind: refresh them as the tables grow (ANALYZE sees this
           transaction's rows), or the spatial lookups fall back to scans */
        if (!rc && st_kind(u->st) == ST_POSTGRES && (n == 1000 || n % 20000 == 0))
            rc = st_exec(u->st, "ANALYZE reg_unit, reg_rrr, reg_holder, reg_party, ledger_event",
                         err);
    }
    /* a units file read short would register part of a county and call it whole */
    if (!rc)
        rc = geo_vsource_finish(s, err);
    geo_vsource_close(s);
    return rc;
}

int reg_import(struct reg *r, struct ls_store *st, const struct reg_import_opts *o,
               struct reg_import_report *rep, struct ls_err *err)
{
    memset(rep, 0, sizeof *rep);
    rep->rejections = json_array();
    struct run u = { r, st, o, rep };
    struct rights_index ix;
    memset(&ix, 0, sizeof ix);
    int have_rights = o->rights_csv != NULL;
    if (have_rights && !o->units_path)
        return ls_err_set(err, LS_EINVAL, o->rights_csv, NULL, "units",
                          "rights are imported with the units they belong to (--units)");
    int rc = have_rights ? rights_load(&ix, o->rights_csv, err) : 0;
    if (!rc)
        rc = st_begin_write(st, err);
    if (rc) {
        if (have_rights)
            rights_free(&ix);
        return rc;
    }
    if (o->parties_csv)
        rc = import_parties(&u, err);
    if (!rc && o->units_path)
        rc = import_units(&u, have_rights ? &ix : NULL, err);
    for (size_t i = 0; !rc && have_rights && i < ix.t.nrows; i++) {
        if (ix.used[i])
            continue;
        char where[32];
        snprintf(where, sizeof where, "line %ld", ix.t.line[i]);
        struct ls_err e = { 0 };
        ls_err_set(&e, LS_EINVAL, o->rights_csv, where, "unit_code",
                   "unit %s is not in the units layer of this import", ix.t.rows[i][ix.unit_col]);
        reject(&u, &e, o->rights_csv, where);
    }
    if (have_rights)
        rights_free(&ix);
    if (rc || o->dry_run || rep->rejected) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st, err);
}
