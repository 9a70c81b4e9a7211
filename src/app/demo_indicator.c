/*
 * app/demo_indicator — the demo county's part of the resource-rights indicators (issue 19),
 * recorded into DIR/store.gpkg after the register: the source projects demo/survey_sites
 * chose (DIR/indicator/projects.json) registered and accepted against the two surveys
 * (county.gpkg and county-2022.gpkg) — the failing ones rejected with their check — the
 * accepted ones issued (cropland and red-line scale into the county reserve 县级储备库, the
 * shoreline to the province), a mining expansion onto cropland checked and its cropland
 * balance recorded as an obligation, the reserve's units transferred to the miner and
 * retired against it, and part of the red-line scale locked for a listing. Each step is
 * what `liangshan indicator` does; the dates are fixed, so the store is byte-identical.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check.h"
#include "app/demo.h"
#include "app/indicator.h"

#define RESERVE "reserve:331099"

struct demo_ind {
    struct ls_store *st;
    struct ind *in;
    struct app_accept_data d;
    struct app_demo_register *out;
    struct ls_err *err;
};

static int apply(struct demo_ind *x, json_t *req, const char *date, json_t **out)
{
    char recorded[32];
    snprintf(recorded, sizeof recorded, "%sT09:00:00Z", date);
    json_t *res = NULL;
    int rc = app_indicator_apply(x->st, x->in, req, "demo-registrar", recorded,
                                 "indicator/projects.json", 0, &res, x->err);
    if (out)
        *out = res;
    else
        json_decref(res);
    return rc;
}

/* The first failed rule of a check, "" when it passed. */
static const char *failed_rule(json_t *check)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(check, "rules"), i, r)
    {
        if (!json_is_true(json_object_get(r, "passed")))
            return json_string_value(json_object_get(r, "rule"));
    }
    return "";
}

static int one_project(struct demo_ind *x, json_t *site)
{
    json_t *req = json_object_get(site, "request");
    const char *no = json_string_value(json_object_get(req, "project"));
    const char *expect = json_string_value(json_object_get(site, "expect"));
    int rc = apply(x, req, "2023-03-01", NULL);
    if (rc)
        return rc;
    x->out->ind_projects++;
    json_t *check = NULL;
    rc = app_indicator_accept(x->st, x->in, &x->d, no, "2023-06-30", "demo-reviewer",
                              "2023-06-30T09:00:00Z", &check, x->err);
    const char *failed = check ? failed_rule(check) : "";
    if (!rc && !strcmp(expect, "accepted")) {
        x->out->ind_accepted++;
        json_decref(check);
        const char *cls = json_string_value(json_object_get(req, "class"));
        json_t *issue =
            json_pack("{s:s, s:s, s:s, s:s}", "type", "issue", "date", "2023-07-01", "project", no,
                      "holder", strcmp(cls, "shoreline") ? RESERVE : "ZJ-NR");
        json_t *res = NULL;
        rc = apply(x, issue, "2023-07-01", &res);
        json_decref(issue);
        if (!rc)
            x->out->ind_batches += (long)json_array_size(
                json_object_get(json_array_get(json_object_get(res, "results"), 0), "batches"));
        json_decref(res);
        return rc;
    }
    /* a project the demo meant to fail must fail by the rule it was made for */
    if (rc == -LS_EINVAL && !strncmp(expect, "rejected: ", 10) && !strcmp(failed, expect + 10)) {
        json_t *r = NULL;
        size_t i;
        json_array_foreach(json_object_get(check, "rules"), i, r)
        {
            if (!strcmp(json_string_value(json_object_get(r, "rule")), failed))
                break;
        }
        json_t *rej = json_pack("{s:s, s:s, s:s, s:O, s:s}", "type", "reject", "date", "2023-06-30",
                                "project", no, "check", check, "reason",
                                json_string_value(json_object_get(r, "zh")));
        json_decref(check);
        x->out->ind_rejected++;
        rc = apply(x, rej, "2023-06-30", NULL);
        json_decref(rej);
        return rc;
    }
    json_decref(check);
    return ls_err_set(x->err, LS_EINTERNAL, "indicator/projects.json", no, NULL,
                      "the demo expected %s, the check %s (%s)", expect,
                      rc ? "refused it" : "passed it", rc ? x->err->msg : failed);
}

static long long balance(struct demo_ind *x, const char *holder, const char *account)
{
    json_t *h = NULL;
    if (app_indicator_holdings(x->st, x->in, holder, &h, NULL))
        return 0;
    long long v = json_integer_value(
        json_object_get(json_object_get(json_object_get(h, "accounts"), account), "active"));
    json_decref(h);
    return v;
}

/* A mining expansion (category mining) onto a dry-land patch of general cropland whose
 * cropland balance the reserve can meet: the first such patch in survey order. */
static int occupation(struct demo_ind *x, json_t **check)
{
    *check = NULL;
    const struct zn_data *d = x->d.current;
    const struct zn_rules *r = x->d.rules;
    int cat = -1;
    for (size_t i = 0; i < r->n_categories; i++)
        if (!strcmp(r->categories[i].id, "mining"))
            cat = (int)i;
    if (cat < 0 || d->patches < 0)
        return ls_err_set(x->err, LS_EINTERNAL, NULL, NULL, NULL, "no mining category or patches");
    long long have_q = balance(x, RESERVE, "CRQ"), have_c = balance(x, RESERVE, "CRC"),
              have_p = balance(x, RESERVE, "CRP");
    const struct zn_layer *l = &d->layers[d->patches];
    for (size_t i = 0; i < l->n && !*check; i++) {
        double a = 0;
        if (strcmp(l->f[i].dlbm, "0103") || !GEOSArea_r(d->geos, l->f[i].g, &a) || a < 3000 ||
            a > 12000)
            continue;
        struct zn_check_result res;
        int rc = zn_check(d, r, x->d.area, l->f[i].g, "两山萤石矿扩建", cat, &res, x->err);
        if (rc)
            return rc;
        json_t *j = zn_check_json(r, &res);
        zn_check_free(&res);
        json_object_set_new(j, "label", json_string("两山萤石矿扩建项目"));
        json_t *o = json_array_get(json_object_get(j, "obligations"), 0);
        const char *kind = json_string_value(json_object_get(o, "obligation"));
        if (json_array_size(json_object_get(j, "obligations")) == 1 && kind &&
            !strcmp(kind, "cropland_supplement") &&
            ceil(json_number_value(json_object_get(o, "area_m2"))) <= (double)have_q &&
            ceil(json_number_value(json_object_get(o, "grain_capacity_kg"))) <= (double)have_c &&
            ceil(json_number_value(json_object_get(o, "paddy_m2"))) <= (double)have_p)
            *check = j;
        else
            json_decref(j);
    }
    return *check ? 0
                  : ls_err_set(x->err, LS_ENOENT, NULL, NULL, NULL,
                               "no dry-land patch whose balance the demo reserve can meet");
}

static int trades(struct demo_ind *x)
{
    json_t *check = NULL;
    int rc = occupation(x, &check);
    if (rc == -LS_ENOENT) /* a seed whose reserve meets no occupation: no trade to show */
        return 0;
    json_t *req = NULL;
    if (!rc)
        rc = app_indicator_obligation_from_check(check, "ZD20230001", "331099", "2023-08-01", &req,
                                                 x->err);
    json_decref(check);
    if (!rc)
        rc = apply(x, req, "2023-08-01", NULL);
    json_t *units = rc ? NULL : json_deep_copy(json_object_get(req, "required"));
    json_decref(req);
    if (rc)
        return rc;
    x->out->ind_obligations++;
    /* the reserve allocates the balance to the miner (补充耕地指标 交易), who retires it */
    json_t *t = json_pack("{s:s, s:s, s:s, s:s, s:O}", "type", "transfer", "date", "2023-08-15",
                          "from", RESERVE, "to", "E03", "units", units);
    rc = apply(x, t, "2023-08-15", NULL);
    json_decref(t);
    json_t *ret = json_pack("{s:s, s:s, s:s, s:s, s:o}", "type", "retire", "date", "2023-09-01",
                            "holder", "E03", "obligation", "ZD20230001", "units", units);
    if (!rc)
        rc = apply(x, ret, "2023-09-01", NULL);
    json_decref(ret);
    /* half the red-line scale listed for sale: locked in escrow (the trading issue sells it) */
    long long rlw = balance(x, RESERVE, "RLW");
    if (!rc && rlw > 1) {
        json_t *lock = json_pack("{s:s, s:s, s:s, s:s, s:{s:I}}", "type", "lock", "date",
                                 "2023-10-01", "holder", RESERVE, "reason", "挂牌出让（待成交）",
                                 "units", "RLW", (json_int_t)(rlw / 2));
        rc = apply(x, lock, "2023-10-01", NULL);
        json_decref(lock);
    }
    return rc;
}

int app_demo_indicators(const char *dir, struct app_demo_register *out, struct ls_err *err)
{
    char store[1200], county[1200], base[1200], sites[1200];
    snprintf(store, sizeof store, "%s/store.gpkg", dir);
    snprintf(county, sizeof county, "%s/county.gpkg", dir);
    snprintf(base, sizeof base, "%s/county-2022.gpkg", dir);
    snprintf(sites, sizeof sites, "%s/indicator/projects.json", dir);
    json_error_t je;
    json_t *list = json_load_file(sites, 0, &je);
    if (!json_is_array(list)) {
        json_decref(list);
        return ls_err_set(err, LS_EINTERNAL, sites, NULL, NULL, "not a list: %s", je.text);
    }
    struct demo_ind x = { NULL, NULL, { 0 }, out, err };
    struct reg *r = NULL;
    struct zn_rules rules;
    struct zn_data cur, bl;
    static const char *const base_layers[] = { "landuse_patch", "shoreline", NULL };
    int have_rules = 0, have_cur = 0, have_bl = 0;
    int rc = app_indicator_open(store, &x.st, &r, &x.in, err);
    if (!rc && !(rc = app_rules_open("cn-national-2024", &rules, err)))
        have_rules = 1;
    if (!rc && !(rc = zn_data_open(county, &rules, &cur, err)))
        have_cur = 1;
    if (!rc && !(rc = zn_data_open_layers(base, &rules, base_layers, &bl, err)))
        have_bl = 1;
    if (!rc)
        rc = geo_area_ctx_new(&cur.crs, &x.d.area, err);
    x.d.current = &cur;
    x.d.baseline = &bl;
    x.d.rules = &rules;
    x.d.withdrawal_k = app_indicator_withdrawal_k("331099");
    size_t i;
    json_t *site;
    json_array_foreach(list, i, site)
    {
        if (rc)
            break;
        rc = one_project(&x, site);
    }
    if (!rc)
        rc = trades(&x);
    if (!rc)
        rc = lg_head(x.st, &out->events, out->head, err);
    json_decref(list);
    geo_area_ctx_free(x.d.area);
    if (have_bl)
        zn_data_free(&bl);
    if (have_cur)
        zn_data_free(&cur);
    if (have_rules)
        zn_rules_free(&rules);
    if (x.in)
        app_indicator_close(x.st, r, x.in);
    return rc;
}
