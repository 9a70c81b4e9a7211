/*
 * valuation/mass — every unit by its default method (批量评估): the county's mass-appraisal
 * parameters (docs/valuation.md) say which method values each kind of right and with which
 * inputs; a unit's basis (its land grade zone and survey land class, its cropland grade, its
 * forest stand, its sea-area class) picks them. Units that share a basis share a rate, so the
 * method runs once per distinct basis — a full report, kept — and each unit is its rate times
 * its area: the same formula files as a single valuation, at the speed of a lookup.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valuation/valuation.h"

#define M2_PER_MU (10000.0 / 15.0)

struct val_mass {
    const struct val_scheme *scheme;
    json_t *defaults; /* borrowed reference, kept */
    const char *date;
    json_t *index;   /* basis key -> position in reports */
    json_t *reports; /* [{key, kind, rate_yuan_m2, report}] */
    double *rates;
    size_t n, cap;
};

static const char *const KIND_NAMES[] = { "",       "construction", "farmland",
                                          "forest", "sea",          "forest_land" };

/* the part of the parameters a kind reads: the forest's land reads the forest's */
static const json_t *part_of(const struct val_mass *m, enum val_mass_kind k)
{
    return json_object_get(m->defaults,
                           KIND_NAMES[k == VAL_MASS_FOREST_LAND ? VAL_MASS_FOREST : k]);
}

int val_mass_open(const struct val_scheme *s, json_t *defaults, const char *date,
                  struct val_mass **out, struct ls_err *err)
{
    *out = NULL;
    if (!json_is_object(defaults))
        return ls_err_set(err, LS_EINVAL, "defaults", NULL, NULL,
                          "the mass-appraisal parameters are one JSON object");
    for (int k = VAL_MASS_CONSTRUCTION; k <= VAL_MASS_SEA; k++) {
        const json_t *part = json_object_get(defaults, KIND_NAMES[k]);
        if (part && !json_is_array(json_object_get(part, "rights")))
            return ls_err_set(err, LS_EINVAL, "defaults", NULL, KIND_NAMES[k],
                              "%s.rights is the list of right types it values", KIND_NAMES[k]);
    }
    struct val_mass *m = calloc(1, sizeof *m);
    if (!m)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    m->scheme = s;
    m->defaults = json_incref(defaults);
    m->date = date;
    m->index = json_object();
    m->reports = json_array();
    *out = m;
    return 0;
}

void val_mass_free(struct val_mass *m)
{
    if (!m)
        return;
    json_decref(m->defaults);
    json_decref(m->index);
    json_decref(m->reports);
    free(m->rates);
    free(m);
}

enum val_mass_kind val_mass_kind_of(const struct val_mass *m, const char *right_type)
{
    for (int k = VAL_MASS_CONSTRUCTION; right_type && k <= VAL_MASS_SEA; k++) {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(json_object_get(m->defaults, KIND_NAMES[k]), "rights"),
                           i, r)
        {
            if (json_is_string(r) && !strcmp(json_string_value(r), right_type))
                return (enum val_mass_kind)k;
        }
    }
    return VAL_MASS_NONE;
}

const char *val_mass_layer(const struct val_mass *m, enum val_mass_kind k)
{
    if (k <= VAL_MASS_NONE || k > VAL_MASS_SEA)
        return NULL;
    return json_string_value(json_object_get(json_object_get(m->defaults, KIND_NAMES[k]), "layer"));
}

static double num(const json_t *o, const char *k, double dflt)
{
    const json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : dflt;
}

/* Whole years and days between two dates, as a fraction of a year (the date correction). */
static double years_between(const char *from, const char *to)
{
    int y1 = 0, m1 = 0, d1 = 0, y2 = 0, m2 = 0, d2 = 0;
    if (!from || !to || sscanf(from, "%d-%d-%d", &y1, &m1, &d1) != 3 ||
        sscanf(to, "%d-%d-%d", &y2, &m2, &d2) != 3)
        return 0;
    return (y2 - y1) + (m2 - m1) / 12.0 + (d2 - d1) / 365.0;
}

/* The request of a basis: method and inputs from the parameters. NULL with *why when the
 * parameters cannot value it. */
static json_t *request_of(const struct val_mass *m, enum val_mass_kind k,
                          const struct val_mass_basis *b, char *why, size_t whylen)
{
    const json_t *p = part_of(m, k);
    json_t *in = NULL;
    const char *method = NULL;
    switch (k) {
    case VAL_MASS_CONSTRUCTION: {
        if (b->grade < 1) {
            snprintf(why, whylen, "in no land grade zone");
            return NULL;
        }
        /* the use of the survey's land class (05 commercial, 06 industrial, 07 residential) */
        char two[3] = { b->dlbm[0], b->dlbm[0] ? b->dlbm[1] : 0, 0 };
        const char *use = json_string_value(json_object_get(json_object_get(p, "uses"), two));
        if (!use)
            use = json_string_value(json_object_get(p, "other_use"));
        int u = !use                          ? -1
                : !strcmp(use, "commercial")  ? 0
                : !strcmp(use, "residential") ? 1
                : !strcmp(use, "industrial")  ? 2
                : !strcmp(use, "public")      ? 3
                                              : -1;
        if (u < 0 || !(b->bench[u] > 0)) {
            snprintf(why, whylen, "no benchmark price for use %s in grade %d", use ? use : "?",
                     b->grade);
            return NULL;
        }
        /* the date correction: the benchmark moved to the valuation date at the parameters'
         * yearly growth (GB/T 18508-2014 8.5: 期日修正) */
        double kd =
            pow(1 + num(p, "growth", 0),
                years_between(json_string_value(json_object_get(p, "benchmark_date")), m->date));
        method = "benchmark_coefficient";
        in = json_pack("{s:f, s:[f], s:s, s:i}", "benchmark", b->bench[u], "K_j",
                       round(kd * 1e4) / 1e4, "use", use, "grade", b->grade);
        break;
    }
    case VAL_MASS_FARMLAND: {
        if (b->gddb < 1) {
            /* contracted land that is not cropland (a garden, a tea plantation): the method
             * the parameters give its survey class, else unvalued */
            char two[3] = { b->dlbm[0], b->dlbm[0] ? b->dlbm[1] : 0, 0 };
            const json_t *alt = json_object_get(json_object_get(p, "ungraded"), two);
            if (!json_is_string(json_object_get(alt, "method"))) {
                snprintf(why, whylen, "no cropland grade where it lies (survey class %s)",
                         b->dlbm[0] ? b->dlbm : "none");
                return NULL;
            }
            return json_pack("{s:s, s:O, s:O}", "date", m->date, "method",
                             json_object_get(alt, "method"), "inputs",
                             json_object_get(alt, "inputs"));
        }
        /* the grade's band middle: Y = (15 − g + 0.5) · 200, the inverse of the scheme's
         * grade = 15 − ⌊Y / 200⌋ (GB/T 28407-2012) */
        method = "farmland_grade";
        in = json_pack("{s:f, s:O}", "use_index", (15 - b->gddb + 0.5) * 200, "benchmark_by_grade",
                       json_object_get(p, "benchmark_by_grade"));
        break;
    }
    case VAL_MASS_FOREST: {
        const json_t *sp = json_object_get(json_object_get(p, "species"), b->species);
        if (!b->species[0] || !sp) {
            snprintf(why, whylen, "no stand parameters for species %s",
                     b->species[0] ? b->species : "(none)");
            return NULL;
        }
        double P = num(p, "P", 0.06), price = num(sp, "price_m3", 0), cost = num(sp, "cost_m3", 0),
               outturn = num(sp, "outturn", 0.7), u = num(sp, "rotation", 0);
        method = "forest_stand";
        if (!strcmp(b->age_class, "young")) {
            json_t *costs = json_array(), *c0 = json_object_get(sp, "costs");
            for (int y = 0; y < b->age; y++)
                json_array_append_new(
                    costs, json_real(y < (int)json_array_size(c0)
                                         ? json_number_value(json_array_get(c0, (size_t)y))
                                         : num(sp, "upkeep", 0)));
            in = json_pack("{s:s, s:f, s:o}", "age_class", b->age_class, "P", P, "costs", costs);
        } else if (!strcmp(b->age_class, "middle") || !strcmp(b->age_class, "near_mature")) {
            double au = num(sp, "yield_at_rotation", 0) * outturn * (price - cost);
            in = json_pack("{s:s, s:f, s:f, s:f, s:f, s:i}", "age_class", b->age_class, "A_u",
                           round(au), "P", P, "V", num(sp, "upkeep", 0), "u", u, "n", b->age);
        } else {
            /* whole yuan per hectare; the profit on the costs as stated */
            double w = round(b->volume * outturn * price), c = round(b->volume * outturn * cost);
            in = json_pack("{s:s, s:f, s:f, s:f}", "age_class", b->age_class, "W", w, "C", c, "F",
                           round(c * num(sp, "profit", 0.12)));
        }
        break;
    }
    case VAL_MASS_FOREST_LAND: {
        /* the land under the trees, valued apart (LY/T 2407-2015: never twice) */
        if (!json_is_object(json_object_get(p, "land"))) {
            snprintf(why, whylen, "no forest.land parameters");
            return NULL;
        }
        method = "forest_land";
        in = json_deep_copy(json_object_get(p, "land"));
        break;
    }
    case VAL_MASS_SEA: {
        const char *use = json_string_value(
            json_object_get(json_object_get(p, "uses"), b->right_type ? b->right_type : ""));
        if (!use || b->sea_class < 1) {
            snprintf(why, whylen, use ? "in no sea-area class zone" : "no sea use for %s",
                     b->right_type ? b->right_type : "?");
            return NULL;
        }
        method = "sea_fee";
        in = json_pack("{s:s, s:i, s:f, s:f}", "use", use, "class", b->sea_class, "area_ha", 1.0,
                       "years", num(p, "years", 1));
        break;
    }
    default:
        snprintf(why, whylen, "no default method for it");
        return NULL;
    }
    return json_pack("{s:s, s:s, s:o}", "date", m->date, "method", method, "inputs", in);
}

/* yuan per m² from a report's unit value and basis */
static double per_m2(const json_t *report)
{
    double v = num(report, "unit_value", NAN);
    const char *basis = json_string_value(json_object_get(report, "basis"));
    if (!basis)
        return NAN;
    if (!strcmp(basis, "yuan/m2"))
        return v;
    if (!strcmp(basis, "yuan/mu"))
        return v / M2_PER_MU;
    if (!strcmp(basis, "yuan/ha"))
        return v / 1e4;
    if (!strcmp(basis, "yuan"))
        return v / 1e4; /* the sea fee of one hectare */
    return NAN;
}

static int run_basis(struct val_mass *m, enum val_mass_kind k, const struct val_mass_basis *b,
                     const char *key, size_t *at, struct ls_err *err)
{
    char why[160] = "";
    json_t *req = request_of(m, k, b, why, sizeof why);
    json_t *report = NULL;
    struct ls_err e = { 0 };
    int rc = req ? val_run(m->scheme, req, key, &report, &e) : -LS_EINVAL;
    double rate = rc ? NAN : per_m2(report);
    if (!rc && isnan(rate))
        rc = ls_err_set(&e, LS_EINTERNAL, key, NULL, "basis", "a report without a unit value");
    if (rc == -LS_ENOMEM) {
        *err = e;
        json_decref(req);
        return rc;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        double *r = realloc(m->rates, cap * sizeof *r);
        if (!r) {
            json_decref(req);
            json_decref(report);
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        }
        m->rates = r;
        m->cap = cap;
    }
    /* a basis the method refuses is kept with its reason: its units are listed as unvalued */
    m->rates[m->n] = rate;
    json_t *entry = json_pack("{s:s, s:s}", "key", key, "kind", KIND_NAMES[k]);
    if (req)
        json_object_set(entry, "request", req);
    if (report) {
        json_object_set_new(entry, "rate_yuan_m2", json_real(rate));
        json_object_set_new(entry, "report", report);
    } else {
        json_object_set_new(entry, "refused", json_string(req ? e.msg : why));
    }
    json_decref(req);
    json_array_append_new(m->reports, entry);
    json_object_set_new(m->index, key, json_integer((json_int_t)m->n));
    *at = m->n++;
    return 0;
}

int val_mass_rate(struct val_mass *m, enum val_mass_kind k, const struct val_mass_basis *b,
                  double *rate, size_t *basis, struct ls_err *err)
{
    char key[160];
    switch (k) {
    case VAL_MASS_CONSTRUCTION:
        snprintf(key, sizeof key, "construction/grade-%d/%.2s", b->grade, b->dlbm);
        break;
    case VAL_MASS_FARMLAND:
        /* no grade: one refusal per survey class, so that the reason names it */
        if (b->gddb > 0)
            snprintf(key, sizeof key, "farmland/grade-%d", b->gddb);
        else
            snprintf(key, sizeof key, "farmland/ungraded/%s", b->dlbm);
        break;
    case VAL_MASS_FOREST:
        snprintf(key, sizeof key, "forest/%s/age-%d/%.1f", b->species[0] ? b->species : "-", b->age,
                 b->volume);
        break;
    case VAL_MASS_FOREST_LAND:
        snprintf(key, sizeof key, "forest_land");
        break;
    case VAL_MASS_SEA:
        snprintf(key, sizeof key, "sea/%s/class-%d", b->right_type ? b->right_type : "",
                 b->sea_class);
        break;
    default:
        snprintf(key, sizeof key, "none");
        break;
    }
    const json_t *hit = json_object_get(m->index, key);
    size_t at = 0;
    if (hit)
        at = (size_t)json_integer_value(hit);
    else {
        int rc = run_basis(m, k, b, key, &at, err);
        if (rc)
            return rc;
    }
    *rate = m->rates[at];
    *basis = at;
    return 0;
}

const json_t *val_mass_reports(const struct val_mass *m)
{
    return m->reports;
}
