/*
 * compensation/run — one vertical allocation: a request names the scheme, the year, the pool and
 * the factor table (CSV, one row per region); the scheme's components become the kernel's
 * weighted columns, its adjustments the rewards and deductions, its floor and cap the bounds;
 * the result lists every factor, share, bound and rounding step so that a county can redo its
 * own line by hand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/date.h"
#include "base/hash.h"
#include "compensation/internal.h"

struct table {
    int n;    /* regions, by code */
    int *row; /* region i → CSV row */
    int nf;   /* factor columns needed */
    char ids[CMP_MAX_FACTORS][64];
    double *val; /* n × nf */
    struct ls_csv csv;
    int region_col, name_col;
};

static int need_factor(struct table *t, const char *id, const char *input, struct ls_err *err)
{
    for (int f = 0; f < t->nf; f++)
        if (!strcmp(t->ids[f], id))
            return f;
    if (t->nf == CMP_MAX_FACTORS)
        return ls_err_set(err, LS_EINVAL, input, NULL, "factors",
                          "a scheme uses at most %d factors", CMP_MAX_FACTORS);
    snprintf(t->ids[t->nf], sizeof t->ids[0], "%s", id);
    return t->nf++;
}

static const struct ls_csv *sort_csv;
static int sort_col;
static int by_code(const void *a, const void *b)
{
    return strcmp(sort_csv->rows[*(const int *)a][sort_col],
                  sort_csv->rows[*(const int *)b][sort_col]);
}

static int read_table(struct table *t, const char *path, struct ls_err *err)
{
    int rc = ls_csv_read(path, &t->csv, err);
    if (rc)
        return rc;
    if ((rc = ls_csv_need_col(&t->csv, "region", &t->region_col, err)))
        return rc;
    t->name_col = ls_csv_col(&t->csv, "name");
    if (!t->csv.nrows)
        return ls_err_set(err, LS_EINVAL, path, NULL, "region", "the factor table has no region");
    t->n = (int)t->csv.nrows;
    t->row = malloc((size_t)t->n * sizeof *t->row);
    t->val = malloc((size_t)t->n * (size_t)(t->nf ? t->nf : 1) * sizeof *t->val);
    if (!t->row || !t->val)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    for (int i = 0; i < t->n; i++) {
        t->row[i] = i;
        if (!*t->csv.rows[i][t->region_col]) {
            char where[32];
            snprintf(where, sizeof where, "line %ld", t->csv.line[i]);
            return ls_err_set(err, LS_EINVAL, path, where, "region", "a row without its region");
        }
    }
    /* regions in code order: the output, the ties of the rounding and the ledger's payload do
     * not depend on the order of the file */
    sort_csv = &t->csv;
    sort_col = t->region_col;
    qsort(t->row, (size_t)t->n, sizeof *t->row, by_code);
    for (int i = 1; i < t->n; i++)
        if (!strcmp(t->csv.rows[t->row[i]][t->region_col],
                    t->csv.rows[t->row[i - 1]][t->region_col])) {
            char where[32];
            snprintf(where, sizeof where, "line %ld", t->csv.line[t->row[i]]);
            return ls_err_set(err, LS_EINVAL, path, where, "region",
                              "rule compensation.region: region %s is listed twice",
                              t->csv.rows[t->row[i]][t->region_col]);
        }
    for (int f = 0; f < t->nf; f++) {
        int col = ls_csv_col(&t->csv, t->ids[f]);
        if (col < 0)
            return ls_err_set(err, LS_EINVAL, path, NULL, t->ids[f],
                              "rule compensation.factor_missing: the scheme needs factor %s and "
                              "the table has no such column",
                              t->ids[f]);
        for (int i = 0; i < t->n; i++) {
            size_t r = (size_t)t->row[i];
            char where[96];
            snprintf(where, sizeof where, "line %ld", t->csv.line[r]);
            if (!*t->csv.rows[r][col])
                return ls_err_set(err, LS_EINVAL, path, where, t->ids[f],
                                  "rule compensation.factor_missing: factor %s is missing for "
                                  "region %s",
                                  t->ids[f], t->csv.rows[r][t->region_col]);
            double v;
            if ((rc = ls_csv_number(&t->csv, r, col, &v, err)))
                return rc;
            if (v < 0)
                return ls_err_set(err, LS_EINVAL, path, where, t->ids[f],
                                  "rule compensation.factor: factor %s of region %s is %g, below "
                                  "0",
                                  t->ids[f], t->csv.rows[r][t->region_col], v);
            t->val[(size_t)i * (size_t)t->nf + (size_t)f] = v;
        }
    }
    return 0;
}

static void table_free(struct table *t)
{
    free(t->row);
    free(t->val);
    ls_csv_free(&t->csv);
}

static double val(const struct table *t, int i, int f)
{
    return t->val[(size_t)i * (size_t)t->nf + (size_t)f];
}

/* The kernel's columns: one per factor of a "factors" component (weight = its share of the pool
 * × the factor's weight), one per "need" component (its need per region). */
struct columns {
    int k;
    double w[CMP_MAX_FACTORS];
    double *x; /* n × k */
    int comp[CMP_MAX_FACTORS], factor[CMP_MAX_FACTORS];
    double colsum[CMP_MAX_FACTORS];
    char key[CMP_MAX_FACTORS][132]; /* "component/factor" */
};

static int need_of(const json_t *nd, const struct table *t, int i, int fb, int fg, int fr,
                   const char *input, double *need, json_t **step, struct ls_err *err)
{
    double g = val(t, i, fg);
    const json_t *band = cmp_band(json_object_get(nd, "grades"), g);
    if (!band)
        return ls_err_set(err, LS_EINVAL, input, NULL, cmp_str(nd, "grade_by"),
                          "rule compensation.grade: %s = %g of region %s falls in no grade",
                          cmp_str(nd, "grade_by"), g, t->csv.rows[t->row[i]][t->region_col]);
    double k = cmp_num(band, "k");
    double beta = cmp_num(json_object_get(nd, "redline"), "beta");
    double red = fr >= 0 ? val(t, i, fr) : 0;
    *need = val(t, i, fb) * k * (1 + beta * red);
    *step =
        json_pack("{s:f,s:f,s:s,s:f,s:f,s:f}", "base", val(t, i, fb), "grade_value", g, "grade",
                  cmp_str(band, "label"), "k", k, "redline_factor", 1 + beta * red, "need", *need);
    return 0;
}

static int build_columns(const json_t *scheme, struct table *t, struct columns *c, json_t *needs,
                         const char *input, struct ls_err *err)
{
    size_t ci;
    const json_t *comp;
    c->k = 0;
    json_array_foreach(json_object_get(scheme, "components"), ci, comp)
    {
        double ps = cmp_num(comp, "pool_share");
        if (!strcmp(cmp_str(comp, "method"), "factors")) {
            size_t fi;
            const json_t *f;
            json_array_foreach(json_object_get(comp, "factors"), fi, f)
            {
                c->comp[c->k] = (int)ci;
                c->factor[c->k] = need_factor(t, cmp_str(f, "id"), input, NULL);
                snprintf(c->key[c->k], sizeof c->key[0], "%.63s/%.63s", cmp_str(comp, "id"),
                         cmp_str(f, "id"));
                c->w[c->k++] = ps * cmp_num(f, "weight");
            }
        } else {
            c->comp[c->k] = (int)ci;
            c->factor[c->k] = -1;
            snprintf(c->key[c->k], sizeof c->key[0], "%.63s/need", cmp_str(comp, "id"));
            c->w[c->k++] = ps;
        }
    }
    c->x = malloc((size_t)t->n * (size_t)c->k * sizeof *c->x);
    if (!c->x)
        return ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
    for (int j = 0; j < c->k; j++) {
        const json_t *comp_j =
            json_array_get(json_object_get(scheme, "components"), (size_t)c->comp[j]);
        const json_t *nd = json_object_get(comp_j, "need");
        int fb = -1, fg = -1, fr = -1;
        if (c->factor[j] < 0) {
            fb = need_factor(t, cmp_str(nd, "base"), input, NULL);
            fg = need_factor(t, cmp_str(nd, "grade_by"), input, NULL);
            const json_t *rl = json_object_get(nd, "redline");
            fr = rl ? need_factor(t, cmp_str(rl, "factor"), input, NULL) : -1;
        }
        for (int i = 0; i < t->n; i++) {
            double v = 0;
            if (c->factor[j] >= 0) {
                v = val(t, i, c->factor[j]);
            } else {
                json_t *step = NULL;
                int rc = need_of(nd, t, i, fb, fg, fr, input, &v, &step, err);
                if (rc)
                    return rc;
                json_t *per = json_object_get(needs, cmp_str(comp_j, "id"));
                if (!per)
                    json_object_set_new(needs, cmp_str(comp_j, "id"), per = json_array());
                json_array_append_new(per, step);
            }
            c->x[(size_t)i * (size_t)c->k + (size_t)j] = v;
            c->colsum[j] += v;
        }
    }
    return 0;
}

/* Every factor id the scheme reads, in the scheme's order: so the table is checked whole before
 * anything is computed. */
static int collect_factors(const json_t *scheme, struct table *t, const char *input,
                           struct ls_err *err)
{
    size_t ci, fi;
    const json_t *comp, *f;
    int rc = 0;
    json_array_foreach(json_object_get(scheme, "components"), ci, comp)
    {
        json_array_foreach(json_object_get(comp, "factors"), fi, f)
        {
            if ((rc = need_factor(t, cmp_str(f, "id"), input, err)) < 0)
                return rc;
        }
        const json_t *nd = json_object_get(comp, "need");
        if (nd) {
            const char *ids[] = { cmp_str(nd, "base"), cmp_str(nd, "grade_by"),
                                  cmp_str(json_object_get(nd, "redline"), "factor") };
            for (int j = 0; j < 3; j++)
                if (*ids[j] && (rc = need_factor(t, ids[j], input, err)) < 0)
                    return rc;
        }
    }
    const json_t *adj = json_object_get(scheme, "adjustments");
    if (adj && ((rc = need_factor(t, cmp_str(adj, "before"), input, err)) < 0 ||
                (rc = need_factor(t, cmp_str(adj, "after"), input, err)) < 0))
        return rc;
    const json_t *fl = json_object_get(scheme, "floor");
    if (fl && (rc = need_factor(t, cmp_str(fl, "factor"), input, err)) < 0)
        return rc;
    return 0;
}

struct arrays {
    double *share, *adj, *base, *exact, *reward, *deduction, *floor, *cap;
    long long *wan;
    int *bound, *round_up;
};

static int arrays_new(struct arrays *a, int n)
{
    size_t z = (size_t)n;
    a->share = calloc(z, sizeof(double));
    a->adj = calloc(z, sizeof(double));
    a->base = calloc(z, sizeof(double));
    a->exact = calloc(z, sizeof(double));
    a->reward = calloc(z, sizeof(double));
    a->deduction = calloc(z, sizeof(double));
    a->floor = calloc(z, sizeof(double));
    a->cap = calloc(z, sizeof(double));
    a->wan = calloc(z, sizeof(long long));
    a->bound = calloc(z, sizeof(int));
    a->round_up = calloc(z, sizeof(int));
    return a->share && a->adj && a->base && a->exact && a->reward && a->deduction && a->floor &&
           a->cap && a->wan && a->bound && a->round_up;
}

static void arrays_free(struct arrays *a)
{
    free(a->share);
    free(a->adj);
    free(a->base);
    free(a->exact);
    free(a->reward);
    free(a->deduction);
    free(a->floor);
    free(a->cap);
    free(a->wan);
    free(a->bound);
    free(a->round_up);
}

/* Half away from zero, as a published amount is rounded by hand. */
static double whole(double v)
{
    return v < 0 ? -floor(-v + 0.5) : floor(v + 0.5);
}

static int check_request(const json_t *req, const char *input, int *year, double *pool,
                         struct ls_err *err)
{
    const char *id = cmp_str(req, "allocation");
    if (!*id || strlen(id) > 64 ||
        strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                   "0123456789-_.") != strlen(id))
        return ls_err_set(err, LS_EINVAL, input, NULL, "allocation",
                          "an allocation has an id of up to 64 letters, digits, '-', '_' or '.'");
    json_int_t y = json_integer_value(json_object_get(req, "year"));
    if (!json_is_integer(json_object_get(req, "year")) || y < 1990 || y > 2200)
        return ls_err_set(err, LS_EINVAL, input, NULL, "year",
                          "the allocation's year is a whole year between 1990 and 2200");
    *year = (int)y;
    const json_t *p = json_object_get(req, "pool_wan");
    *pool = json_number_value(p);
    if (!json_is_number(p) || !(*pool > 0) || *pool != floor(*pool) || *pool > 1e12)
        return ls_err_set(err, LS_EINVAL, input, NULL, "pool_wan",
                          "rule compensation.pool: the pool is a positive whole number of 万元, "
                          "not %g",
                          *pool);
    if (!*cmp_str(req, "scheme") || !*cmp_str(req, "factors"))
        return ls_err_set(err, LS_EINVAL, input, NULL,
                          *cmp_str(req, "scheme") ? "factors" : "scheme",
                          "an allocation names its scheme and its factor table");
    return 0;
}

/* The scheme, refused when not verified (unless allowed) or not yet valid in the year. */
static int scheme_for(const json_t *req, const char *input, const char *base_dir, int year,
                      const struct cmp_run_opts *o, struct cmp_scheme **s, struct ls_err *err)
{
    const char *name = cmp_str(req, "scheme");
    char path[1100];
    if (strchr(name, '/') || strstr(name, ".json"))
        snprintf(path, sizeof path, "%s%s%s", name[0] == '/' ? "" : base_dir,
                 name[0] == '/' ? "" : "/", name);
    else
        snprintf(path, sizeof path, "%s", name);
    int rc = cmp_scheme_load(path, s, err);
    if (rc)
        return rc;
    const json_t *sj = cmp_scheme_json(*s);
    if (!json_is_true(json_object_get(sj, "verified")) && !(o && o->allow_unverified))
        return ls_err_set(err, LS_EINVAL, input, NULL, "scheme",
                          "rule compensation.unverified: scheme %s %s has figures not checked "
                          "against the official text (%s); allow them explicitly to use it",
                          cmp_str(sj, "scheme"), cmp_str(sj, "version"), cmp_str(sj, "source"));
    char end[16];
    snprintf(end, sizeof end, "%04d-12-31", year);
    if (strcmp(cmp_str(sj, "valid_from"), end) > 0)
        return ls_err_set(err, LS_EINVAL, input, NULL, "scheme",
                          "rule compensation.scheme_valid: scheme %s %s is valid from %s, after "
                          "the year %d",
                          cmp_str(sj, "scheme"), cmp_str(sj, "version"), cmp_str(sj, "valid_from"),
                          year);
    return 0;
}

struct run {
    const json_t *req, *scheme;
    const char *input;
    int year;
    double pool;
    struct table t;
    struct columns c;
    struct arrays a;
    json_t *needs;
    const json_t **bands; /* n: each region's adjustment band */
};

/* Rewards and deductions by the change of the appraisal index, on each region's unbounded part
 * of the pool (compensation.md §1.2 奖惩), each rounded to whole units. */
static int adjustments(struct run *r, struct ls_err *err)
{
    const json_t *adj = json_object_get(r->scheme, "adjustments");
    if (!adj)
        return 0;
    r->bands = calloc((size_t)r->t.n, sizeof *r->bands);
    if (!r->bands)
        return ls_err_set(err, LS_ENOMEM, r->input, NULL, NULL, "out of memory");
    struct cmp_alloc_in in = {
        .n = r->t.n, .k = r->c.k, .x = r->c.x, .w = r->c.w, .pool = r->pool
    };
    struct cmp_alloc_out out = { r->a.share, r->a.adj,   r->a.base,     r->a.exact,
                                 r->a.wan,   r->a.bound, r->a.round_up, 0 };
    int rc = cmp_allocate(&in, &out, err);
    if (rc)
        return rc;
    int fb = need_factor(&r->t, cmp_str(adj, "before"), r->input, NULL);
    int fa = need_factor(&r->t, cmp_str(adj, "after"), r->input, NULL);
    for (int i = 0; i < r->t.n; i++) {
        double d = val(&r->t, i, fa) - val(&r->t, i, fb);
        const json_t *band = cmp_band(json_object_get(adj, "bands"), d);
        if (!band)
            return ls_err_set(err, LS_EINVAL, r->input, NULL, cmp_str(adj, "after"),
                              "rule compensation.band: the change %g of region %s falls in no "
                              "band",
                              d, r->t.csv.rows[r->t.row[i]][r->t.region_col]);
        r->bands[i] = band;
        double v = whole(cmp_num(band, "rate") * r->pool * r->a.share[i]);
        r->a.reward[i] = v > 0 ? v : 0;
        r->a.deduction[i] = v < 0 ? -v : 0;
    }
    return 0;
}

static void bounds(struct run *r)
{
    const json_t *fl = json_object_get(r->scheme, "floor"),
                 *cap = json_object_get(r->scheme, "cap");
    int ff = fl ? need_factor(&r->t, cmp_str(fl, "factor"), r->input, NULL) : -1;
    for (int i = 0; i < r->t.n; i++) {
        /* a floor of whole units: a fraction of a 万元 more would make the rounding break it */
        r->a.floor[i] = ff >= 0 ? ceil(cmp_num(fl, "ratio") * val(&r->t, i, ff) - 1e-9) : -1;
        r->a.cap[i] = cap ? floor(cmp_num(cap, "share_of_pool") * r->pool + 1e-9) : -1;
    }
}

static json_t *region_json(struct run *r, int i)
{
    const struct table *t = &r->t;
    size_t row = (size_t)t->row[i];
    json_t *factors = json_object();
    for (int f = 0; f < t->nf; f++)
        json_object_set_new(factors, t->ids[f], json_real(val(t, i, f)));
    /* each column's normalised share, keyed "component/factor" ("component/need" for a need
     * column); its weight is the component's pool share × the factor's, in "components" */
    json_t *parts = json_object();
    for (int j = 0; j < r->c.k; j++) {
        double colsum = r->c.colsum[j];
        double s = colsum > 0 ? r->c.x[(size_t)i * (size_t)r->c.k + (size_t)j] / colsum : 0;
        json_object_set_new_nocheck(parts, r->c.key[j], json_real(s));
    }
    const json_t *band = r->bands ? r->bands[i] : NULL;
    json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:f,s:f,s:f,s:f,s:f,s:f,s:s,s:f,s:I,s:b,s:I}", "region",
                          t->csv.rows[row][t->region_col], "name",
                          t->name_col >= 0 ? t->csv.rows[row][t->name_col] : "", "factors", factors,
                          "shares", parts, "share", r->a.share[i], "pool_part",
                          r->pool * r->a.share[i], "reward", r->a.reward[i], "deduction",
                          r->a.deduction[i], "base", r->a.base[i], "exact", r->a.exact[i], "bound",
                          r->a.bound[i] < 0   ? "floor"
                          : r->a.bound[i] > 0 ? "cap"
                                              : "",
                          "floor_wan", r->a.floor[i] < 0 ? 0.0 : r->a.floor[i], "rounded_down",
                          (json_int_t)(r->a.wan[i] - r->a.round_up[i]), "round_up",
                          r->a.round_up[i], "amount_wan", (json_int_t)r->a.wan[i]);
    if (band)
        json_object_set_new(o, "band", json_string(cmp_str(band, "label")));
    json_t *needs = NULL;
    const char *k;
    json_t *v;
    json_object_foreach(r->needs, k, v)
    {
        if (!needs)
            needs = json_object();
        json_object_set(needs, k, json_array_get(v, (size_t)i));
    }
    if (needs)
        json_object_set_new(o, "need", needs);
    return o;
}

static int result(struct run *r, const char *factors_path, json_t **out, struct ls_err *err)
{
    char sha[65];
    int rc = ls_sha256_file(factors_path, sha, err);
    if (rc)
        return rc;
    long long total = 0;
    double rewards = 0, deductions = 0;
    json_t *regions = json_array();
    for (int i = 0; i < r->t.n; i++) {
        total += r->a.wan[i];
        rewards += r->a.reward[i];
        deductions += r->a.deduction[i];
        json_array_append_new(regions, region_json(r, i));
    }
    long long want = llround(r->pool + rewards - deductions);
    const json_t *s = r->scheme;
    json_t *scheme =
        json_pack("{s:s,s:s,s:s,s:s,s:O,s:s,s:s}", "scheme", cmp_str(s, "scheme"), "version",
                  cmp_str(s, "version"), "valid_from", cmp_str(s, "valid_from"), "name",
                  cmp_str(s, "name"), "verified", json_object_get(s, "verified"), "source",
                  cmp_str(s, "source"), "sha256", cmp_str(s, "sha256"));
    *out = json_pack(
        "{s:s,s:i,s:s,s:o,s:O,s:O,s:O,s:O,s:f,s:I,s:f,s:f,s:I,s:s,s:s,s:o,s:{s:b,s:i}}",
        "allocation", cmp_str(r->req, "allocation"), "year", r->year, "region",
        cmp_str(r->req, "region"), "scheme", scheme, "components", json_object_get(s, "components"),
        "adjustments",
        json_object_get(s, "adjustments") ? json_object_get(s, "adjustments") : json_null(),
        "floor", json_object_get(s, "floor") ? json_object_get(s, "floor") : json_null(), "cap",
        json_object_get(s, "cap") ? json_object_get(s, "cap") : json_null(), "pool_wan", r->pool,
        "regions_n", (json_int_t)r->t.n, "rewards_wan", rewards, "deductions_wan", deductions,
        "total_wan", (json_int_t)total, "unit", "万元", "factors_sha256", sha, "regions", regions,
        "checks", "sum_equals_pool", total == want, "bound_passes", 0);
    if (!*out)
        return ls_err_set(err, LS_ENOMEM, r->input, NULL, NULL, "out of memory");
    if (total != want)
        return ls_err_set(err, LS_EINTERNAL, r->input, NULL, "total",
                          "the parts sum to %lld 万元, not the %lld the pool and adjustments give",
                          total, want);
    return 0;
}

int cmp_run(const json_t *request, const char *input, const char *base_dir,
            const struct cmp_run_opts *o, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct run *r = calloc(1, sizeof *r);
    if (!r)
        return ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
    r->req = request;
    r->input = input;
    struct cmp_scheme *s = NULL;
    int rc = check_request(request, input, &r->year, &r->pool, err);
    if (!rc)
        rc = scheme_for(request, input, base_dir ? base_dir : ".", r->year, o, &s, err);
    char path[1100];
    const char *fp = cmp_str(request, "factors");
    snprintf(path, sizeof path, "%s%s%s", fp[0] == '/' ? "" : (base_dir ? base_dir : "."),
             fp[0] == '/' ? "" : "/", fp);
    if (!rc) {
        r->scheme = cmp_scheme_json(s);
        rc = collect_factors(r->scheme, &r->t, input, err);
        rc = rc < 0 ? rc : 0;
    }
    if (!rc)
        rc = read_table(&r->t, path, err);
    r->needs = json_object();
    if (!rc)
        rc = build_columns(r->scheme, &r->t, &r->c, r->needs, path, err);
    if (!rc && !arrays_new(&r->a, r->t.n))
        rc = ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
    if (!rc)
        rc = adjustments(r, err);
    if (!rc) {
        bounds(r);
        struct cmp_alloc_in in = { .n = r->t.n,
                                   .k = r->c.k,
                                   .x = r->c.x,
                                   .w = r->c.w,
                                   .pool = r->pool,
                                   .reward = r->a.reward,
                                   .deduction = r->a.deduction,
                                   .floor = r->a.floor,
                                   .cap = r->a.cap };
        struct cmp_alloc_out ao = { r->a.share, r->a.adj,   r->a.base,     r->a.exact,
                                    r->a.wan,   r->a.bound, r->a.round_up, 0 };
        rc = cmp_allocate(&in, &ao, err);
        /* the deduction as applied: no more than the region's part */
        for (int i = 0; !rc && i < r->t.n; i++)
            r->a.deduction[i] = r->a.reward[i] - r->a.adj[i];
        if (!rc)
            rc = result(r, path, out, err);
        if (!rc)
            json_object_set_new(json_object_get(*out, "checks"), "bound_passes",
                                json_integer(ao.passes));
    }
    if (rc && err && !err->input[0])
        snprintf(err->input, sizeof err->input, "%s", input ? input : "");
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(r->needs);
    free(r->bands);
    arrays_free(&r->a);
    free(r->c.x);
    table_free(&r->t);
    cmp_scheme_free(s);
    free(r);
    return rc;
}
