/*
 * compensation/settle — horizontal agreements (横向生态补偿, compensation.md §2) and their
 * yearly settlement: who pays whom, how much and why.
 *   p_index     the Xin'an bet (§2.1): P = k0 · Σ w_i C_i/C0_i from the annual means at the
 *               border section; P ≤ 1 the downstream pays the upstream, else the reverse;
 *   exceedance  Jiangsu's rule (§2.3): Σ_months Σ_indicators max(0, C − target) × the month's
 *               flow × unit price, paid by the region whose water leaves dirty;
 *   gep_share   a share of the supplier's GEP of the year (§2.4, Yunhe: 0.2 %, 70 % paid up
 *               front, 30 % after the quality check).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/hash.h"
#include "compensation/series.h"

double cmp_p_index(double k0, const double *w, const double *c, const double *c0, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += w[i] * c[i] / c0[i];
    return k0 * s;
}

static int refuse(const char *input, const char *field, struct ls_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int refuse(const char *input, const char *field, struct ls_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(err, LS_EINVAL, input, NULL, field, fmt, ap);
    va_end(ap);
    return rc;
}

static int check_party(const json_t *a, const char *k, const char *input, struct ls_err *err)
{
    const json_t *p = json_object_get(a, k);
    if (!*cmp_str(p, "region") || !*cmp_str(p, "name"))
        return refuse(input, k, err,
                      "rule compensation.agreement: the %s party has a region "
                      "code and a name",
                      k);
    return 0;
}

/* The round of a P-index rule that covers the agreement, its k0, weights and amounts copied
 * into the agreement as recorded. */
static int resolve_round(json_t *a, const char *input, const struct cmp_run_opts *o,
                         struct ls_err *err)
{
    struct cmp_scheme *s = NULL;
    const char *rule = *cmp_str(a, "rule") ? cmp_str(a, "rule") : "xinan-2011";
    int rc = cmp_scheme_load(rule, &s, err);
    if (rc)
        return rc;
    const json_t *sj = cmp_scheme_json(s);
    if (strcmp(cmp_str(sj, "kind"), "p_index")) {
        rc = refuse(input, "rule", err, "rule compensation.agreement: %s is not a P-index rule",
                    rule);
    } else if (!json_is_true(json_object_get(sj, "verified")) && !(o && o->allow_unverified)) {
        rc = refuse(input, "rule", err,
                    "rule compensation.unverified: P-index rule %s %s has figures not checked "
                    "against the official text (%s); allow them explicitly to use it",
                    cmp_str(sj, "scheme"), cmp_str(sj, "version"), cmp_str(sj, "source"));
    }
    json_int_t want = json_integer_value(json_object_get(a, "round"));
    const json_t *round = NULL, *r;
    size_t i;
    json_array_foreach(json_object_get(sj, "rounds"), i, r)
    {
        if (json_integer_value(json_object_get(r, "round")) == want)
            round = r;
    }
    if (!rc && !round)
        rc = refuse(input, "round", err, "rule compensation.agreement: rule %s has no round %lld",
                    rule, (long long)want);
    if (!rc) {
        json_object_set(a, "k0", json_object_get(round, "k0"));
        json_object_set(a, "weights", json_object_get(round, "weights"));
        if (!json_object_get(a, "amount_yuan"))
            json_object_set(a, "amount_yuan", json_object_get(round, "amount_yuan"));
        if (!json_object_get(a, "central_yuan"))
            json_object_set(a, "central_yuan", json_object_get(round, "central_yuan"));
        json_object_set_new(a, "rule_version",
                            json_pack("{s:s,s:s,s:s,s:O}", "scheme", cmp_str(sj, "scheme"),
                                      "version", cmp_str(sj, "version"), "sha256",
                                      cmp_str(sj, "sha256"), "verified",
                                      json_object_get(sj, "verified")));
        const json_t *w = json_object_get(a, "weights");
        /* P sums the weights of every indicator the round weighs: an agreement following fewer
         * would settle on a P scaled down by the ones it left out */
        if (json_array_size(json_object_get(a, "indicators")) != json_object_size(w))
            rc = refuse(input, "indicators", err,
                        "rule compensation.agreement: round %lld of %s weighs %zu indicators, "
                        "the agreement follows %zu",
                        (long long)want, rule, json_object_size(w),
                        json_array_size(json_object_get(a, "indicators")));
        json_array_foreach(json_object_get(a, "indicators"), i, r)
        {
            if (!rc && !json_is_number(json_object_get(w, cmp_str(r, "id"))))
                rc = refuse(input, "indicators", err,
                            "rule compensation.agreement: round %lld of %s weighs no indicator %s",
                            (long long)want, rule, cmp_str(r, "id"));
        }
    }
    cmp_scheme_free(s);
    return rc;
}

static int resolve_prices(json_t *a, const char *input, struct ls_err *err)
{
    struct cmp_scheme *s = NULL;
    const char *rule = *cmp_str(a, "rule") ? cmp_str(a, "rule") : "jiangsu-exceedance-2014";
    int rc = cmp_scheme_load(rule, &s, err);
    if (rc)
        return rc;
    const json_t *sj = cmp_scheme_json(s), *prices = json_object_get(sj, "prices_yuan_per_t");
    if (strcmp(cmp_str(sj, "kind"), "exceedance"))
        rc = refuse(input, "rule", err, "rule compensation.agreement: %s is not an exceedance rule",
                    rule);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(a, "indicators"), i, x)
    {
        if (rc)
            break;
        if (!strcmp(cmp_str(x, "id"), "flow"))
            continue; /* the section's flow, in m³ a month: measured, not priced */
        if (!json_object_get(x, "price_yuan_per_t") && !json_object_get(prices, cmp_str(x, "id")))
            rc = refuse(input, "indicators", err,
                        "rule compensation.agreement: indicator %s has no unit price in %s",
                        cmp_str(x, "id"), rule);
        else if (!json_object_get(x, "price_yuan_per_t"))
            json_object_set(x, "price_yuan_per_t", json_object_get(prices, cmp_str(x, "id")));
        if (!rc && !(cmp_num(x, "target") > 0))
            rc = refuse(input, "indicators", err,
                        "rule compensation.agreement: indicator %s has a target concentration > 0",
                        cmp_str(x, "id"));
    }
    if (!rc)
        json_object_set_new(a, "rule_version",
                            json_pack("{s:s,s:s,s:s,s:O}", "scheme", cmp_str(sj, "scheme"),
                                      "version", cmp_str(sj, "version"), "sha256",
                                      cmp_str(sj, "sha256"), "verified",
                                      json_object_get(sj, "verified")));
    cmp_scheme_free(s);
    return rc;
}

int cmp_agreement_check(const json_t *agreement, const char *input, const struct cmp_run_opts *o,
                        json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *a = json_deep_copy(agreement);
    if (!a || !json_is_object(a)) {
        json_decref(a);
        return refuse(input, NULL, err, "an agreement is a JSON object");
    }
    const char *id = cmp_str(a, "agreement"), *kind = cmp_str(a, "kind");
    int rc = 0;
    if (!*id || strlen(id) > 64)
        rc = refuse(input, "agreement", err, "an agreement has an id of up to 64 characters");
    else if (!ls_date_valid(cmp_str(a, "valid_from")) || !ls_date_valid(cmp_str(a, "valid_to")) ||
             strcmp(cmp_str(a, "valid_from"), cmp_str(a, "valid_to")) > 0)
        rc = refuse(input, "valid_from", err,
                    "rule compensation.agreement: valid_from and valid_to are dates, in order");
    else if (!(rc = check_party(a, "upstream", input, err)) &&
             !(rc = check_party(a, "downstream", input, err)) &&
             !strcmp(cmp_str(json_object_get(a, "upstream"), "region"),
                     cmp_str(json_object_get(a, "downstream"), "region")))
        rc = refuse(input, "downstream", err,
                    "rule compensation.agreement: the upstream and downstream parties differ");
    if (rc) {
        json_decref(a);
        return rc;
    }
    size_t i;
    const json_t *x;
    if (!strcmp(kind, "gep_share")) {
        double share = cmp_num(a, "share"), up = cmp_num(a, "upfront");
        if (!(share > 0 && share < 1) || !(up >= 0 && up <= 1))
            rc = refuse(input, "share", err,
                        "rule compensation.agreement: a GEP share is in (0, 1) and the share paid "
                        "up front in [0, 1]");
    } else if (!strcmp(kind, "p_index") || !strcmp(kind, "exceedance")) {
        if (!*cmp_str(a, "section"))
            rc = refuse(input, "section", err,
                        "rule compensation.agreement: a water agreement names its section");
        if (!rc && !json_array_size(json_object_get(a, "indicators")))
            rc = refuse(input, "indicators", err,
                        "rule compensation.agreement: a water agreement lists its indicators");
        json_array_foreach(json_object_get(a, "indicators"), i, x)
        {
            if (rc)
                break;
            if (!*cmp_str(x, "id") || !*cmp_str(x, "unit"))
                rc = refuse(input, "indicators", err,
                            "rule compensation.agreement: indicator %zu has an id and its declared "
                            "unit",
                            i + 1);
            else if (!strcmp(kind, "p_index") && !(cmp_num(x, "baseline") > 0))
                rc = refuse(input, "indicators", err,
                            "rule compensation.agreement: indicator %s has its baseline C0 > 0",
                            cmp_str(x, "id"));
        }
        json_int_t m = json_integer_value(json_object_get(a, "min_samples_per_month"));
        if (!rc && json_object_get(a, "min_samples_per_month") && (m < 0 || m > 31))
            rc = refuse(input, "min_samples_per_month", err,
                        "rule compensation.agreement: samples a month between 0 and 31");
        if (!rc)
            rc = !strcmp(kind, "p_index") ? resolve_round(a, input, o, err)
                                          : resolve_prices(a, input, err);
    } else {
        rc = refuse(input, "kind", err,
                    "rule compensation.agreement: kind \"%s\" is none of p_index, exceedance, "
                    "gep_share",
                    kind);
    }
    if (!rc && !(cmp_num(a, "amount_yuan") >= 0))
        rc = refuse(input, "amount_yuan", err, "rule compensation.agreement: an amount ≥ 0");
    if (rc) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

static json_t *party(const json_t *a, const char *k)
{
    return json_deep_copy(json_object_get(a, k));
}

static int settle_p_index(const json_t *a, const struct cmp_series *s, json_t *o)
{
    double w[CMP_SERIES_MAX], c[CMP_SERIES_MAX], c0[CMP_SERIES_MAX];
    const json_t *weights = json_object_get(a, "weights");
    json_t *rows = json_array();
    for (int i = 0; i < s->n; i++) {
        const json_t *d = json_array_get(json_object_get(a, "indicators"), (size_t)i);
        w[i] = cmp_num(weights, s->ind[i].id);
        c[i] = s->ind[i].mean;
        c0[i] = cmp_num(d, "baseline");
        json_array_append_new(rows,
                              json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:i,s:O}", "indicator",
                                        s->ind[i].id, "unit", s->ind[i].unit, "mean", c[i],
                                        "baseline", c0[i], "ratio", c[i] / c0[i], "weight", w[i],
                                        "samples", s->ind[i].count, "series", s->ind[i].samples));
    }
    double k0 = cmp_num(a, "k0"), p = cmp_p_index(k0, w, c, c0, s->n);
    int pass = p <= 1;
    double amount = cmp_num(a, "amount_yuan");
    json_object_set_new(o, "payer", party(a, pass ? "downstream" : "upstream"));
    json_object_set_new(o, "payee", party(a, pass ? "upstream" : "downstream"));
    json_object_set_new(o, "amount_yuan", json_real(amount));
    json_object_set_new(o, "derivation",
                        json_pack("{s:o,s:f,s:f,s:f,s:f,s:b,s:s,s:f}", "indicators", rows,
                                  "weighted_ratio", p / k0, "k0", k0, "P", p, "threshold", 1.0,
                                  "met", pass, "rule",
                                  pass ? "P ≤ 1: the downstream pays the upstream"
                                       : "P > 1: the upstream pays the downstream",
                                  "central_to_upstream_yuan", cmp_num(a, "central_yuan")));
    return 0;
}

static int settle_exceedance(const json_t *a, const struct cmp_series *s, const char *input,
                             json_t *o, struct ls_err *err)
{
    /* the monthly flow is a series of its own, indicator "flow" in m³ a month */
    int fi = -1;
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->ind[i].id, "flow"))
            fi = i;
    if (fi < 0)
        return refuse(input, "indicators", err,
                      "rule compensation.agreement: an exceedance agreement follows the section's "
                      "monthly flow (indicator \"flow\", m3)");
    double total = 0;
    json_t *rows = json_array();
    for (int i = 0; i < s->n; i++) {
        if (i == fi)
            continue;
        const json_t *d = json_array_get(json_object_get(a, "indicators"), (size_t)i);
        double target = cmp_num(d, "target"), price = cmp_num(d, "price_yuan_per_t"), sum = 0;
        json_t *months = json_array();
        for (int m = 0; m < 12; m++) {
            if (!s->ind[i].month_n[m] || !s->ind[fi].month_n[m])
                continue;
            double conc = s->ind[i].month_sum[m] / s->ind[i].month_n[m];
            double flow = s->ind[fi].month_sum[m];
            double ex = conc > target ? conc - target : 0;
            /* mg/L × m³ = g; 10⁶ g to the tonne */
            double t = ex * flow / 1e6, pay = t * price;
            sum += pay;
            json_array_append_new(months, json_pack("{s:i,s:f,s:f,s:f,s:f,s:f}", "month", m + 1,
                                                    "concentration", conc, "exceedance", ex,
                                                    "flow_m3", flow, "tonnes", t, "yuan", pay));
        }
        total += sum;
        json_array_append_new(rows, json_pack("{s:s,s:f,s:f,s:o,s:f}", "indicator", s->ind[i].id,
                                              "target", target, "price_yuan_per_t", price, "months",
                                              months, "yuan", sum));
    }
    /* to the fen: a bill is paid in fen */
    total = floor(total * 100 + 0.5) / 100;
    json_object_set_new(o, "payer", party(a, "upstream"));
    json_object_set_new(o, "payee", party(a, "downstream"));
    json_object_set_new(o, "amount_yuan", json_real(total));
    json_object_set_new(o, "derivation",
                        json_pack("{s:o,s:s}", "indicators", rows, "rule",
                                  "Σ max(0, C − target) × monthly flow × unit price"));
    return 0;
}

int cmp_settle(const json_t *a, int year, const char *series_csv, double gep_yuan, json_t **out,
               struct ls_err *err)
{
    *out = NULL;
    const char *input = cmp_str(a, "agreement"), *kind = cmp_str(a, "kind");
    char y0[8], y1[8];
    snprintf(y0, sizeof y0, "%.4s", cmp_str(a, "valid_from"));
    snprintf(y1, sizeof y1, "%.4s", cmp_str(a, "valid_to"));
    if (year < (int)strtol(y0, NULL, 10) || year > (int)strtol(y1, NULL, 10))
        return refuse(input, "year", err,
                      "rule compensation.agreement_valid: agreement %s runs %s to %s, not in %d",
                      input, cmp_str(a, "valid_from"), cmp_str(a, "valid_to"), year);
    json_t *o = json_pack("{s:s,s:s,s:i,s:s,s:O}", "agreement", input, "kind", kind, "year", year,
                          "state", "settled", "rule_version",
                          json_object_get(a, "rule_version") ? json_object_get(a, "rule_version")
                                                             : json_null());
    int rc = 0;
    if (!strcmp(kind, "gep_share")) {
        if (!(gep_yuan > 0)) {
            json_object_set_new(o, "state", json_string("missing_series"));
        } else {
            double share = cmp_num(a, "share"), up = cmp_num(a, "upfront");
            double amount = floor(gep_yuan * share * 100 + 0.5) / 100;
            json_object_set_new(o, "payer", party(a, "downstream"));
            json_object_set_new(o, "payee", party(a, "upstream"));
            json_object_set_new(o, "amount_yuan", json_real(amount));
            json_object_set_new(
                o, "derivation",
                json_pack("{s:f,s:f,s:f,s:f,s:s}", "gep_yuan", gep_yuan, "share", share,
                          "upfront_yuan", floor(amount * up * 100 + 0.5) / 100,
                          "after_quality_check_yuan", amount - floor(amount * up * 100 + 0.5) / 100,
                          "rule", "share × the supplier's GEP of the year"));
        }
    } else if (!series_csv) {
        json_object_set_new(o, "state", json_string("missing_series"));
    } else {
        char sha[65];
        struct cmp_series s;
        json_int_t m = json_integer_value(json_object_get(a, "min_samples_per_month"));
        const char *section = cmp_str(a, "section");
        rc = ls_sha256_file(series_csv, sha, err);
        if (!rc)
            rc = cmp_series_read(series_csv, section, year, json_object_get(a, "indicators"),
                                 json_object_get(a, "min_samples_per_month") ? (int)m : 1, &s, err);
        if (!rc) {
            json_object_set_new(o, "series_sha256", json_string(sha));
            if (s.missing)
                json_object_set_new(o, "state", json_string("missing_series"));
            else if (!strcmp(kind, "p_index"))
                rc = settle_p_index(a, &s, o);
            else
                rc = settle_exceedance(a, &s, input, o, err);
            cmp_series_free(&s);
        }
    }
    if (rc) {
        json_decref(o);
        return rc;
    }
    if (!strcmp(cmp_str(o, "state"), "missing_series")) {
        json_object_set_new(o, "amount_yuan", json_real(0));
        json_object_set_new(
            o, "derivation",
            json_pack("{s:s}", "rule", "no series for the year: nobody pays until it is supplied"));
    }
    *out = o;
    return 0;
}
