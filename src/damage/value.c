/*
 * damage/value — a damage valuation in the method hierarchy of compensation.md §3.2, one report
 * with its inputs, every step and the scheme version:
 *   restoration_cost        the restoration plan's items priced, plus assessment and prevention
 *                           costs (Civil Code Arts. 1234–1235, heads 3–5);
 *   virtual_treatment_cost  GB/T 39793.2-2020: D = E × C × α × τ × ω, τ from the exceedance
 *                           multiple κ = (Z − B)/B, ω from the receiving water's class;
 *   hea                     the injury's debit, a restoration project's credit per hectare, the
 *                           project area P* = debit / credit and its cost;
 *   interim_gep             the GEP the affected cells yielded, lost year by year until they
 *                           recover, compounded to the claim year (head 1, interim loss).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "damage/internal.h"

struct ctx {
    const json_t *req, *scheme;
    const char *input;
    json_t *steps;
    struct ls_err *err;
};

static int bad(struct ctx *x, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int bad(struct ctx *x, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(x->err, LS_EINVAL, x->input, NULL, field, fmt, ap);
    va_end(ap);
    return rc;
}

static void step(struct ctx *x, const char *name, const char *formula, double v)
{
    json_array_append_new(x->steps,
                          json_pack("{s:s,s:s,s:f}", "step", name, "formula", formula, "value", v));
}

/* A required finite number ≥ lo. */
static int number(struct ctx *x, const json_t *o, const char *k, double lo, double *v)
{
    const json_t *j = json_object_get(o, k);
    *v = json_number_value(j);
    if (!json_is_number(j) || !isfinite(*v) || *v < lo)
        return bad(x, k, "rule damage.value: %s is a number ≥ %g", k, lo);
    return 0;
}

static double fen(double yuan)
{
    return floor(yuan * 100 + 0.5) / 100;
}

static int restoration_cost(struct ctx *x, double *value)
{
    const json_t *items = json_object_get(x->req, "items");
    if (!json_array_size(items))
        return bad(x, "items", "rule damage.value: a restoration cost lists the plan's items");
    double sum = 0;
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it)
    {
        double q, c;
        int rc = number(x, it, "quantity", 0, &q);
        if (!rc)
            rc = number(x, it, "unit_cost_yuan", 0, &c);
        if (rc)
            return rc;
        char f[160];
        snprintf(f, sizeof f, "%g %s × ¥%g", q, dmg_str(it, "unit"), c);
        step(x, dmg_str(it, "item"), f, q * c);
        sum += q * c;
    }
    double assess = dmg_num(x->req, "assessment_cost_yuan"),
           prevent = dmg_num(x->req, "prevention_cost_yuan");
    if (assess < 0 || prevent < 0)
        return bad(x, assess < 0 ? "assessment_cost_yuan" : "prevention_cost_yuan",
                   "rule damage.value: costs are ≥ 0");
    step(x, "restoration", "Σ quantity × unit cost", sum);
    step(x, "assessment", "investigation and assessment costs", assess);
    step(x, "prevention", "reasonable costs of preventing further damage", prevent);
    *value = sum + assess + prevent;
    return 0;
}

static int virtual_treatment(struct ctx *x, double *value)
{
    const json_t *vt = json_object_get(x->scheme, "vtc_water");
    double e, c, a, z, b;
    int rc = number(x, x->req, "quantity", 0, &e);
    if (!rc)
        rc = number(x, x->req, "unit_cost_yuan", 0, &c);
    if (!rc)
        rc = number(x, x->req, "alpha", 0, &a);
    if (!rc)
        rc = number(x, x->req, "measured", 0, &z);
    if (!rc)
        rc = number(x, x->req, "limit", 0, &b);
    if (rc)
        return rc;
    const json_t *ar = json_object_get(vt, "alpha");
    if (a < dmg_num(ar, "min") || a > dmg_num(ar, "max"))
        return bad(x, "alpha",
                   "rule damage.vtc_alpha: the hazard coefficient α is in [%g, %g] (GB/T "
                   "39793.2-2020), not %g",
                   dmg_num(ar, "min"), dmg_num(ar, "max"), a);
    if (!(b > 0))
        return bad(x, "limit", "rule damage.value: the discharge limit B is > 0");
    double kappa = (z - b) / b, tau = 0;
    size_t i;
    const json_t *band;
    json_array_foreach(json_object_get(vt, "tau_bands"), i, band)
    {
        const json_t *lo = json_object_get(band, "min"), *hi = json_object_get(band, "max");
        if ((json_is_null(lo) || kappa > json_number_value(lo)) &&
            (json_is_null(hi) || kappa <= json_number_value(hi)))
            tau = dmg_num(band, "tau");
    }
    const char *cls = dmg_str(x->req, "water_class");
    const json_t *om = json_object_get(json_object_get(vt, "omega_by_class"), cls);
    if (!om)
        return bad(x, "water_class",
                   "rule damage.vtc_class: the receiving water's class is I, II, III, IV or V, "
                   "not \"%s\"",
                   cls);
    double omega = json_number_value(om), gamma = a * tau * omega;
    step(x, "kappa", "κ = (Z − B) / B", kappa);
    step(x, "tau", "τ from κ's band", tau);
    step(x, "omega", "ω from the water class", omega);
    step(x, "gamma", "γ = α × τ × ω", gamma);
    step(x, "damage", "D = E × C × γ", e * c * gamma);
    *value = e * c * gamma;
    return 0;
}

/* A whole year of a stream, 1900–2300: a service curve is counted year by year. */
static int year_of(struct ctx *x, const json_t *o, const char *k, const char *field, int *y)
{
    const json_t *v = json_object_get(o, k);
    if (!json_is_integer(v) || json_integer_value(v) < 1900 || json_integer_value(v) > 2300)
        return bad(x, field, "rule damage.year: %s is a year between 1900 and 2300", field);
    *y = (int)json_integer_value(v);
    return 0;
}

/* A curve from [[year, level], …], years increasing, levels in [0, 1.5]. */
static int curve(struct ctx *x, const json_t *pts, const char *field, double *yr, double *lv,
                 struct dmg_curve *c)
{
    size_t n = json_array_size(pts);
    if (n < 1 || n > 64)
        return bad(x, field, "rule damage.hea_curve: %s has 1 to 64 [year, level] points", field);
    for (size_t i = 0; i < n; i++) {
        const json_t *p = json_array_get(pts, i);
        yr[i] = json_number_value(json_array_get(p, 0));
        lv[i] = json_number_value(json_array_get(p, 1));
        if (json_array_size(p) != 2 || !(lv[i] >= 0 && lv[i] <= 1.5) ||
            (i > 0 && !(yr[i] > yr[i - 1])))
            return bad(x, field,
                       "rule damage.hea_curve: point %zu of %s: years increasing, a level in "
                       "[0, 1.5] of the baseline",
                       i + 1, field);
    }
    c->n = (int)n;
    c->year = yr;
    c->level = lv;
    return 0;
}

static int hea(struct ctx *x, int damage_year, int claim, double rate, double *value)
{
    double area, cost, y1[64], l1[64], y2[64], l2[64];
    struct dmg_curve inj, gain;
    const json_t *injury = json_object_get(x->req, "injury"),
                 *project = json_object_get(x->req, "restoration");
    int rc = number(x, x->req, "area_ha", 0, &area);
    if (!rc)
        rc = curve(x, json_object_get(injury, "points"), "injury.points", y1, l1, &inj);
    if (!rc)
        rc = curve(x, json_object_get(project, "points"), "restoration.points", y2, l2, &gain);
    if (!rc)
        rc = number(x, x->req, "project_cost_per_ha_yuan", 0, &cost);
    if (rc)
        return rc;
    int inj_to, p_from, p_to;
    if ((rc = year_of(x, injury, "to", "injury.to", &inj_to)) ||
        (rc = year_of(x, project, "from", "restoration.from", &p_from)) ||
        (rc = year_of(x, project, "to", "restoration.to", &p_to)))
        return rc;
    if (inj_to < damage_year || p_to < p_from)
        return bad(x, inj_to < damage_year ? "injury.to" : "restoration.to",
                   "rule damage.hea_years: the injury runs from the damage year to its \"to\", "
                   "the project from its \"from\" to its \"to\"");
    double base = dmg_num(project, "base");
    double debit = dmg_hea_debit(&inj, area, damage_year, inj_to, claim, rate);
    double credit = dmg_hea_credit(&gain, base, p_from, p_to, claim, rate);
    if (!(credit > 0))
        return bad(x, "restoration.points",
                   "rule damage.hea_credit: the restoration project gains no service over its "
                   "baseline");
    step(x, "debit", "J · Σ ρ_t (1 − x(t + ½)), ρ_t = (1 + r)^(C − t)", debit);
    step(x, "credit_per_ha", "Σ ρ_t (y(t + ½) − base)", credit);
    step(x, "project_area_ha", "P* = debit / credit", debit / credit);
    step(x, "project_cost", "P* × cost per ha", debit / credit * cost);
    *value = debit / credit * cost;
    return 0;
}

static int interim_gep(struct ctx *x, int damage_year, int claim, double rate, double *value)
{
    double g, y[64], l[64];
    struct dmg_curve c;
    int rc = number(x, x->req, "gep_yuan_per_year", 0, &g);
    if (!rc)
        rc = curve(x, json_object_get(x->req, "points"), "points", y, l, &c);
    if (rc)
        return rc;
    int to;
    if ((rc = year_of(x, x->req, "to", "to", &to)))
        return rc;
    if (to < damage_year)
        return bad(x, "to", "rule damage.value: the loss runs to a year after the damage");
    double lost = dmg_hea_debit(&c, g, damage_year, to, claim, rate);
    step(x, "gep_before", "GEP of the affected cells, a year before the damage", g);
    step(x, "interim_loss", "Σ ρ_t × GEP × (1 − x(t + ½)), ρ_t = (1 + r)^(C − t)", lost);
    *value = lost;
    return 0;
}

static const struct {
    const char *id, *zh;
} methods[] = { { "restoration_cost", "修复费用法" },
                { "virtual_treatment_cost", "虚拟治理成本法" },
                { "hea", "生境等价分析法" },
                { "interim_gep", "期间损害（GEP）" } };

int dmg_value(const json_t *request, const char *input, json_t **report, struct ls_err *err)
{
    *report = NULL;
    const json_t *scheme = NULL;
    const char *sid = *dmg_str(request, "scheme") ? dmg_str(request, "scheme") : "cn-2022";
    int rc = dmg_scheme(sid, &scheme, err);
    if (rc)
        return rc;
    struct ctx x = { request, scheme, input, json_array(), err };
    const char *m = dmg_str(request, "method");
    size_t mi = 0;
    while (mi < sizeof methods / sizeof methods[0] && strcmp(methods[mi].id, m))
        mi++;
    json_int_t dy = json_integer_value(json_object_get(request, "damage_year"));
    json_int_t cy = json_integer_value(json_object_get(request, "claim_year"));
    double rate = json_object_get(request, "rate")
                      ? dmg_num(request, "rate")
                      : dmg_num(json_object_get(scheme, "hea"), "rate_default");
    const json_t *hr = json_object_get(scheme, "hea");
    if (mi == sizeof methods / sizeof methods[0])
        rc = bad(&x, "method",
                 "rule damage.method: \"%s\" is none of restoration_cost, "
                 "virtual_treatment_cost, hea, interim_gep",
                 m);
    else if (dy < 1900 || dy > 2300 || !json_is_integer(json_object_get(request, "damage_year")))
        rc = bad(&x, "damage_year", "rule damage.value: the damage year is a year");
    else if (!json_is_integer(json_object_get(request, "claim_year")) || cy < dy || cy > 2300)
        rc = bad(&x, "claim_year",
                 "rule damage.claim_year: the claim (discount) year %lld precedes the damage of "
                 "%lld",
                 (long long)cy, (long long)dy);
    else if (!(rate >= dmg_num(hr, "rate_min") && rate <= dmg_num(hr, "rate_max")))
        rc = bad(&x, "rate", "rule damage.rate: the discount rate is in [%g, %g], not %g",
                 dmg_num(hr, "rate_min"), dmg_num(hr, "rate_max"), rate);
    double v = 0;
    if (!rc) {
        if (mi == 0)
            rc = restoration_cost(&x, &v);
        else if (mi == 1)
            rc = virtual_treatment(&x, &v);
        else if (mi == 2)
            rc = hea(&x, (int)dy, (int)cy, rate, &v);
        else
            rc = interim_gep(&x, (int)dy, (int)cy, rate, &v);
    }
    if (rc) {
        json_decref(x.steps);
        return rc;
    }
    *report =
        json_pack("{s:s,s:s,s:O,s:o,s:f,s:I,s:I,s:f,s:{s:s,s:s,s:O,s:s}}", "method", methods[mi].id,
                  "method_zh", methods[mi].zh, "inputs", request, "steps", x.steps, "value_yuan",
                  fen(v), "damage_year", dy, "claim_year", cy, "rate", rate, "scheme", "scheme",
                  dmg_str(scheme, "scheme"), "version", dmg_str(scheme, "version"), "verified",
                  json_object_get(scheme, "verified"), "sha256", dmg_str(scheme, "sha256"));
    return *report ? 0 : ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
}
