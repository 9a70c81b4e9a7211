/* valuation/run — one request: checked, run by its method, its floor checked, reported. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/hash.h"
#include "valuation/internal.h"

static const struct val_method_def *const methods[] = {
    &val_market_comparison, &val_income_capitalisation, &val_residual,
    &val_cost_approach,     &val_benchmark_coefficient, &val_farmland_grade,
    &val_forest_stand,      &val_forest_land,           &val_sea_fee,
    &val_mining_dcf,        &val_mining_income_share,
};
#define N_METHODS (sizeof methods / sizeof methods[0])

json_t *val_methods_json(void)
{
    json_t *a = json_array();
    for (size_t i = 0; i < N_METHODS; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", methods[i]->id,
                                           "family", methods[i]->family, "zh", methods[i]->zh, "en",
                                           methods[i]->en, "standard", methods[i]->standard,
                                           "basis", methods[i]->basis));
    return a;
}

/* A money amount as the report shows it: yuan to the fen. */
static double fen(double yuan)
{
    return round(yuan * 100.0) / 100.0;
}

/* The legal floor the value must meet before it may be listed (compensation.md §4.7 step 5):
 * the sea-area fee computed from the table, or an amount with its source (a land minimum
 * price, a mining benchmark). */
static int check_floor(struct val_ctx *c, const json_t *f, double total, json_t **out)
{
    *out = NULL;
    if (!f)
        return 0;
    const char *basis = json_string_value(json_object_get(f, "basis"));
    double amount = 0;
    json_t *explain = NULL;
    int rc;
    if (basis && !strcmp(basis, "sea_fee")) {
        rc = val_sea_fee_amount(c, f, "floor", &amount, &explain);
    } else if (basis && !strcmp(basis, "amount")) {
        rc = val_need(c, f, "floor", "amount", "the floor in yuan", &amount);
        const char *src = json_string_value(json_object_get(f, "source"));
        if (!rc && (!src || !*src))
            rc = val_refuse(c, "floor.source", "floor.source",
                            "a floor amount names its source (the land minimum price, the "
                            "mining benchmark …)");
        if (!rc)
            explain = json_pack("{s:s}", "source", src);
    } else {
        return val_refuse(c, "floor.basis", "floor.basis",
                          "a floor is sea_fee (from the scheme's table) or amount, not %s",
                          basis ? basis : "(none)");
    }
    if (rc) {
        json_decref(explain);
        return rc;
    }
    *out = json_pack("{s:s, s:f, s:b, s:o}", "basis", basis, "amount", fen(amount), "met",
                     fen(total) >= fen(amount), "detail", explain);
    return 0;
}

int val_run(const struct val_scheme *s, const json_t *request, const char *input, json_t **report,
            struct ls_err *err)
{
    *report = NULL;
    struct val_ctx c = { s, NULL, input, NULL, NULL, NULL, err };
    if (!json_is_object(request))
        return ls_err_set(err, LS_EINVAL, input, NULL, NULL,
                          "a valuation request is a JSON object");
    const char *method = json_string_value(json_object_get(request, "method"));
    const struct val_method_def *m = NULL;
    for (size_t i = 0; method && i < N_METHODS && !m; i++)
        if (!strcmp(methods[i]->id, method))
            m = methods[i];
    if (!m) {
        char list[600] = "";
        for (size_t i = 0; i < N_METHODS; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     methods[i]->id);
        return val_refuse(&c, "method.unknown", "method", "%s is not a method (%s)",
                          method ? method : "(none)", list);
    }
    c.date = json_string_value(json_object_get(request, "date"));
    if (val_days_between(c.date, c.date) != 0)
        return val_refuse(&c, "date.format", "date", "the valuation date is YYYY-MM-DD");
    c.inputs = json_object_get(request, "inputs");
    if (!json_is_object(c.inputs))
        return val_refuse(&c, "input.missing", "inputs", "the method's factors are an object");
    c.steps = json_array();
    c.extra = json_object();
    double value = 0, quantity = 1;
    int rc = m->run(&c, &value);
    const json_t *q = json_object_get(request, "quantity");
    if (!rc && q)
        rc = val_need(&c, request, "request", "quantity", "how many of the basis are valued",
                      &quantity);
    if (!rc && !(quantity > 0))
        rc = val_refuse(&c, "quantity.range", "quantity", "the quantity valued is positive");
    if (!rc && !isfinite(value))
        rc = val_refuse(&c, "value.finite", "inputs", "the factors give no finite value");
    json_t *floor_check = NULL;
    if (!rc)
        rc = check_floor(&c, json_object_get(request, "floor"), value * quantity, &floor_check);
    if (rc) {
        json_decref(c.steps);
        json_decref(c.extra);
        return rc;
    }
    char *canon = json_dumps(request, JSON_COMPACT | JSON_SORT_KEYS);
    char sha[LS_SHA256_HEX] = "";
    if (canon)
        ls_sha256_hex(canon, strlen(canon), sha);
    free(canon);
    json_t *r = json_pack("{s:O*, s:s, s:O*, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:O, s:o, s:f, "
                          "s:f, s:f, s:o*}",
                          "valuation", json_object_get(request, "valuation"), "date", c.date,
                          "subject", json_object_get(request, "subject"), "method", m->id, "family",
                          m->family, "method_zh", m->zh, "standard", m->standard, "basis", m->basis,
                          "scheme", val_scheme_json(s), "request_sha256", sha, "inputs", c.inputs,
                          "steps", c.steps, "unit_value", fen(value), "quantity", quantity, "value",
                          fen(value * quantity), "floor", floor_check);
    if (r && json_object_size(c.extra))
        json_object_set(r, "result", c.extra);
    json_decref(c.extra);
    if (!r)
        return ls_err_set(err, LS_ENOMEM, input, NULL, NULL, "out of memory");
    *report = r;
    return 0;
}
