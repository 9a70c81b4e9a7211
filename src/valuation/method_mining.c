/*
 * 矿业权 mining rights. 折现现金流量法 DCF: P = Σ_{t=1}^{n} (CI_t − CO_t)/(1+i)^t, CI the
 * sales revenue with the fixed assets' residual and the working capital recovered, CO the
 * later investment, renewal, working capital, operating cost and taxes; exploration spending
 * and acquisition cost before the valuation date are not cash flows (the first year is 1).
 * 收入权益法 income share: P = Σ SI_t · K/(1+i)^t, K the mining-right interest coefficient.
 * The rate i is the published one for the right's stage (国土资源部公告2006年第18号: 8 % for
 * mining rights and 勘探-stage exploration rights, 9 % at 详查 and below), unless given.
 */
#include <stdio.h>

#include "valuation/internal.h"

static int rate(struct val_ctx *c, double *i)
{
    if (json_object_get(c->inputs, "i"))
        return val_need_rate(c, NULL, "inputs", "i", "the discount rate", i);
    const char *stage = json_string_value(json_object_get(c->inputs, "stage"));
    const json_t *rates =
        json_object_get(json_object_get(c->scheme->root, "mining"), "discount_rate");
    const json_t *r = stage ? json_object_get(rates, stage) : NULL;
    if (!json_is_number(r))
        return val_refuse(c, "mining.stage", "stage",
                          "give the discount rate i or the right's stage (mining, "
                          "exploration_exploration_stage, exploration_detailed_survey, "
                          "exploration_below_detailed)%s%s",
                          stage ? ", not " : "", stage ? stage : "");
    *i = json_number_value(r);
    val_step(c, "published discount rate", "by the right's stage (2006 No. 18)", *i);
    return 0;
}

static int dcf(struct val_ctx *c, double *p)
{
    double i = 0;
    int rc = rate(c, &i);
    const json_t *flows = json_object_get(c->inputs, "cash_flows");
    if (!rc && !json_array_size(flows))
        rc = val_refuse(c, "input.missing", "cash_flows",
                        "DCF needs cash_flows, [{\"CI\": …, \"CO\": …}] for years 1 … n");
    if (rc)
        return rc;
    *p = 0;
    for (size_t t = 0; t < json_array_size(flows); t++) {
        char where[32];
        snprintf(where, sizeof where, "cash_flows[%zu]", t);
        double ci = 0, co = 0;
        rc = val_need(c, json_array_get(flows, t), where, "CI", "the year's cash inflow", &ci);
        if (!rc)
            rc = val_need(c, json_array_get(flows, t), where, "CO", "the year's cash outflow", &co);
        if (rc)
            return rc;
        *p += (ci - co) / val_grow(i, (double)(t + 1));
    }
    val_step(c, "value", "P = Σ (CI_t − CO_t)/(1+i)^t", *p);
    return 0;
}

static int share(struct val_ctx *c, double *p)
{
    double i = 0, k = 0;
    int rc = rate(c, &i);
    if (!rc)
        rc = val_need(c, NULL, "inputs", "K", "the mining-right interest coefficient", &k);
    const json_t *sales = json_object_get(c->inputs, "sales");
    if (!rc && !json_array_size(sales))
        rc = val_refuse(c, "input.missing", "sales", "income share needs sales, years 1 … n");
    if (!rc && !(k > 0 && k < 1))
        rc = val_refuse(c, "mining.coefficient", "K", "K is a share of sales, in (0, 1)");
    if (rc)
        return rc;
    *p = 0;
    for (size_t t = 0; t < json_array_size(sales); t++) {
        const json_t *s = json_array_get(sales, t);
        if (!json_is_number(s))
            return val_refuse(c, "input.type", "sales", "sales of year %zu is a number", t + 1);
        *p += json_number_value(s) * k / val_grow(i, (double)(t + 1));
    }
    val_step(c, "value", "P = Σ SI_t · K/(1+i)^t", *p);
    return 0;
}

const struct val_method_def val_mining_dcf = {
    "mining_dcf",
    "income",
    "折现现金流量法",
    "Mining right, discounted cash flow",
    "CMVS; 国土资源部公告2006年第18号",
    "yuan",
    dcf,
};
const struct val_method_def val_mining_income_share = {
    "mining_income_share",
    "income",
    "收入权益法",
    "Mining right, income share",
    "CMVS; 国土资源部公告2006年第18号",
    "yuan",
    share,
};
