/*
 * 海域使用金 the sea-area fee (财综〔2018〕15号, the national part, by sea-area class 1–6 and
 * use; TD/T 1061 path 5, a published fee standard): the floor under any sea-area price, and a
 * method of its own for what a use owes. The table is the scheme's (sea_fee.uses): a rate in
 * 万元 per hectare, one-off or per year, by class or flat.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "valuation/internal.h"

/* The 海域使用金 a sea use owes under the scheme's table: area (ha) × rate (万元/ha), × years
 * when the rate is annual; in yuan. */
int val_sea_fee_amount(struct val_ctx *c, const json_t *f, const char *where, double *yuan,
                       json_t **explain)
{
    const char *use = json_string_value(json_object_get(f, "use"));
    const json_t *uses = json_object_get(json_object_get(c->scheme->root, "sea_fee"), "uses");
    const json_t *u = use ? json_object_get(uses, use) : NULL;
    if (!u) {
        char list[600] = "";
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)uses, k, v)
        {
            (void)v;
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "",
                     k);
        }
        return val_refuse(c, "sea_fee.use", "use", "%s is not a use of the sea-area fee table (%s)",
                          use ? use : "(none)", list);
    }
    double rate, area, years = 1;
    const json_t *flat = json_object_get(u, "flat");
    int rc = 0;
    if (json_is_number(flat)) {
        rate = json_number_value(flat);
    } else {
        double cls = 0;
        rc = val_need(c, f, where, "class", "the sea-area class, 1 to 6", &cls);
        const json_t *by = json_object_get(u, "by_class");
        if (!rc && (cls != floor(cls) || cls < 1 || cls > (double)json_array_size(by)))
            rc = val_refuse(c, "sea_fee.class", "class", "the sea-area class is 1 to %zu, not %g",
                            json_array_size(by), cls);
        if (rc)
            return rc;
        rate = json_number_value(json_array_get(by, (size_t)cls - 1));
    }
    rc = val_need(c, f, where, "area_ha", "the area used, in hectares", &area);
    int annual = !strcmp(json_string_value(json_object_get(u, "basis")), "annual");
    if (!rc && annual)
        rc = val_need(c, f, where, "years", "the years of use the fee is owed for", &years);
    if (!rc && (area <= 0 || years <= 0))
        rc = val_refuse(c, "sea_fee.area", "area_ha", "the area and the years are positive");
    if (rc)
        return rc;
    *yuan = area * rate * 1e4 * years;
    *explain = json_pack("{s:s, s:s, s:f, s:s, s:f, s:f}", "use", use, "zh",
                         json_string_value(json_object_get(u, "zh")), "rate", rate, "rate_unit",
                         annual ? "万元/ha·yr" : "万元/ha", "area_ha", area, "years", years);
    return 0;
}

static int run(struct val_ctx *c, double *v)
{
    json_t *explain = NULL;
    int rc = val_sea_fee_amount(c, c->inputs, "inputs", v, &explain);
    if (rc)
        return rc;
    json_object_set_new(c->extra, "sea_fee", explain);
    val_step(c, "value", "fee = area (ha) × rate (万元/ha) × 10,000 [× years]", *v);
    return 0;
}

const struct val_method_def val_sea_fee = {
    "sea_fee",
    "published_price",
    "海域使用金",
    "Sea-area use fee",
    "财综〔2018〕15号; TD/T 1061-2021 annex C",
    "yuan",
    run,
};
