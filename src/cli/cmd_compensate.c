/* cli/cmd_compensate — `liangshan compensate …`: ecological compensation (生态补偿) —
 * vertical allocation by the factor method, the change between two allocations, horizontal
 * agreements and their yearly settlement. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/compensation.h"
#include "cli/cli.h"

static void help(void)
{
    printf(
        "usage: liangshan compensate schemes [--json]\n"
        "       liangshan compensate factors --data county.gpkg [--survey YEAR.gpkg] [--gep DIR]\n"
        "                --out FACTORS.csv [--force] [--json]\n"
        "       liangshan compensate factors --province DIR [--year Y] --out FACTORS.csv "
        "[--force]\n"
        "                [--json]\n"
        "       liangshan compensate allocate REQUEST.json [--out DIR] [--force]\n"
        "                [--store S --actor A [--recorded T]] [--allow-unverified] [--json]\n"
        "       liangshan compensate diff BEFORE AFTER [--store S] [--json]\n"
        "       liangshan compensate show ID --store S [--json]\n"
        "       liangshan compensate list --store S [--json]\n"
        "       liangshan compensate publish ID --date D --store S --actor A [--json]\n"
        "       liangshan compensate agreement add AGREEMENT.json --store S --actor A\n"
        "                [--allow-unverified] [--json]\n"
        "       liangshan compensate agreement show ID --store S [--json]\n"
        "       liangshan compensate settle ID --year Y [--series CSV | --gep DIR] --store S\n"
        "                --actor A [--dry-run] [--json]\n"
        "       liangshan compensate dispute ID --year Y --party P --reason TEXT --store S\n"
        "                --actor A [--json]\n\n"
        "An allocation request (docs/compensation.md) names its scheme (built in: `compensate\n"
        "schemes`, or a file), the year, the pool in 万元 and the factor table (CSV, one row per\n"
        "region). The pool is split by the scheme's weighted normalised factors, rewards and\n"
        "deductions, floors and caps, then rounded to whole 万元 by largest remainder so that the\n"
        "parts sum to the pool; every factor, share and rounding step is in the result\n"
        "(allocation.json, .xlsx, .html with --out) and, with --store, on the ledger. A scheme "
        "whose\n"
        "figures were not verified against the official text needs --allow-unverified.\n"
        "A diff explains each region's change: pool, each factor, adjustments, bounds, rounding.\n"
        "An agreement (p_index, exceedance or gep_share) is settled each year from the joint\n"
        "monitoring series (or the supplier's GEP run): who pays whom, how much and why; without "
        "a\n"
        "series the year is recorded as missing_series, and a party may dispute a settlement.\n"
        "factors --province reads the province demo's layout (`liangshan demo --province N`):\n"
        "one row per county, its areas measured from its own layers, joined with the province's\n"
        "tables (population, fiscal gap, prohibited zones, EI of Y and Y-1; Y default 2023).\n");
}

struct args {
    const char *store, *actor, *recorded, *out, *year, *series, *gep, *party, *reason, *data,
        *survey, *date, *province;
    int json, force, allow, dry_run;
};

static void print_allocation(const json_t *a)
{
    const json_t *sc = json_object_get(a, "scheme");
    printf("allocation %s (%lld), scheme %s %s%s: pool %.0f 万元, total %lld 万元\n",
           json_string_value(json_object_get(a, "allocation")),
           (long long)json_integer_value(json_object_get(a, "year")),
           json_string_value(json_object_get(sc, "scheme")),
           json_string_value(json_object_get(sc, "version")),
           json_is_true(json_object_get(sc, "verified")) ? "" : " (unverified figures)",
           json_number_value(json_object_get(a, "pool_wan")),
           (long long)json_integer_value(json_object_get(a, "total_wan")));
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(a, "regions"), i, r)
    {
        printf("  %-10s %-16s share %.6f  %+6.0f %-5s %12.4f → %8lld%s\n",
               json_string_value(json_object_get(r, "region")),
               json_string_value(json_object_get(r, "name")),
               json_number_value(json_object_get(r, "share")),
               json_number_value(json_object_get(r, "reward")) -
                   json_number_value(json_object_get(r, "deduction")),
               json_string_value(json_object_get(r, "bound")),
               json_number_value(json_object_get(r, "exact")),
               (long long)json_integer_value(json_object_get(r, "amount_wan")),
               json_is_true(json_object_get(r, "round_up")) ? " (+1)" : "");
    }
}

static void print_diff(const json_t *d)
{
    printf("%s → %s: pool %+.0f 万元\n",
           json_string_value(json_object_get(json_object_get(d, "before"), "allocation")),
           json_string_value(json_object_get(json_object_get(d, "after"), "allocation")),
           json_number_value(json_object_get(d, "pool_change_wan")));
    size_t i, j;
    json_t *r, *f;
    json_array_foreach(json_object_get(d, "regions"), i, r)
    {
        printf("  %-10s %8.0f → %8.0f (%+.0f): pool %+.2f, factors %+.2f, adjustments %+.0f, "
               "bounds %+.2f, rounding %+.2f\n",
               json_string_value(json_object_get(r, "region")),
               json_number_value(json_object_get(r, "before_wan")),
               json_number_value(json_object_get(r, "after_wan")),
               json_number_value(json_object_get(r, "change_wan")),
               json_number_value(json_object_get(r, "pool_effect_wan")),
               json_number_value(json_object_get(r, "factors_effect_wan")),
               json_number_value(json_object_get(r, "adjustment_effect_wan")),
               json_number_value(json_object_get(r, "bound_effect_wan")),
               json_number_value(json_object_get(r, "rounding_effect_wan")));
        json_array_foreach(json_object_get(r, "factor_effects"), j, f)
        {
            double e = json_number_value(json_object_get(f, "effect_wan"));
            if (e > 0.005 || e < -0.005)
                printf("      %s/%s %+.2f\n", json_string_value(json_object_get(f, "component")),
                       json_string_value(json_object_get(f, "factor")), e);
        }
    }
}

static void print_list(const json_t *o)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(o, "allocations"), i, a)
    {
        printf("%-20s %lld %-22s %-6s pool %10.0f total %10lld, %lld regions\n",
               json_string_value(json_object_get(a, "allocation")),
               (long long)json_integer_value(json_object_get(a, "year")),
               json_string_value(json_object_get(a, "scheme")),
               json_string_value(json_object_get(a, "version")),
               json_number_value(json_object_get(a, "pool_wan")),
               (long long)json_integer_value(json_object_get(a, "total_wan")),
               (long long)json_integer_value(json_object_get(a, "regions")));
    }
}

static void print_schemes(const json_t *o)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(o, "schemes"), i, s)
    {
        printf("%-24s %-6s %-11s %-10s %s%s\n", json_string_value(json_object_get(s, "scheme")),
               json_string_value(json_object_get(s, "version")),
               json_string_value(json_object_get(s, "kind")),
               json_string_value(json_object_get(s, "valid_from")),
               json_string_value(json_object_get(s, "name")),
               json_is_true(json_object_get(s, "verified")) ? "" : " [unverified]");
    }
}

static void print_settlement(const json_t *s)
{
    const char *state = json_string_value(json_object_get(s, "state"));
    printf("agreement %s, %lld: %s", json_string_value(json_object_get(s, "agreement")),
           (long long)json_integer_value(json_object_get(s, "year")), state);
    if (!strcmp(state, "settled"))
        printf(": %s pays %s ¥%.2f",
               json_string_value(json_object_get(json_object_get(s, "payer"), "name")),
               json_string_value(json_object_get(json_object_get(s, "payee"), "name")),
               json_number_value(json_object_get(s, "amount_yuan")));
    const json_t *d = json_object_get(s, "derivation");
    if (json_object_get(d, "P"))
        printf(" (P = %.4f, k0 %.2f)", json_number_value(json_object_get(d, "P")),
               json_number_value(json_object_get(d, "k0")));
    printf("\n");
}

static void print_agreement(const json_t *a)
{
    printf("agreement %s (%s) %s – %s: upstream %s, downstream %s\n",
           json_string_value(json_object_get(a, "agreement")),
           json_string_value(json_object_get(a, "kind")),
           json_string_value(json_object_get(a, "valid_from")),
           json_string_value(json_object_get(a, "valid_to")),
           json_string_value(json_object_get(json_object_get(a, "upstream"), "name")),
           json_string_value(json_object_get(json_object_get(a, "downstream"), "name")));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(a, "settlements"), i, s)
    {
        printf("  ");
        print_settlement(s);
    }
}

static void print_factors(const json_t *o)
{
    printf("%s: %lld townships from %lld patches; land %.4f km², red line %.4f km² (%.2f %%)\n",
           json_string_value(json_object_get(o, "factors")),
           (long long)json_integer_value(json_object_get(o, "townships")),
           (long long)json_integer_value(json_object_get(o, "patches")),
           json_number_value(json_object_get(o, "land_area_km2")),
           json_number_value(json_object_get(o, "redline_area_km2")),
           100 * json_number_value(json_object_get(o, "redline_share")));
}

static void print_province_factors(const json_t *o)
{
    printf("%s: %lld counties (EI %lld against the year before); land %.4f km², red line %.4f km² "
           "(%.2f %%)\n",
           json_string_value(json_object_get(o, "factors")),
           (long long)json_integer_value(json_object_get(o, "counties")),
           (long long)json_integer_value(json_object_get(o, "year")),
           json_number_value(json_object_get(o, "land_area_km2")),
           json_number_value(json_object_get(o, "redline_area_km2")),
           100 * json_number_value(json_object_get(o, "redline_share")));
}

static int finish(json_t *out, int json, void (*print)(const json_t *))
{
    if (json) {
        cli_print_json(out);
        return 0;
    }
    print(out);
    json_decref(out);
    return 0;
}

static int year_of(const struct args *g, int *year)
{
    char *end = NULL;
    long y = g->year ? strtol(g->year, &end, 10) : 0;
    if (!g->year || *end || y < 1990 || y > 2200)
        return cli_usage_error("compensate", "--year is a year, not %s", g->year ? g->year : "—");
    *year = (int)y;
    return 0;
}

static int with_store(const char *sub, const char *a1, const char *a2, const struct args *g)
{
    struct ls_err err = { 0 };
    json_t *out = NULL;
    void (*print)(const json_t *) = print_agreement;
    int year = 0, rc;
    if (!g->store)
        return cli_usage_error("compensate", "%s needs --store", sub);
    int is_settle = !strcmp(sub, "settle"), is_dispute = !strcmp(sub, "dispute");
    int is_add = !strcmp(sub, "agreement") && a1 && !strcmp(a1, "add");
    if ((is_settle || is_dispute) && (rc = year_of(g, &year)))
        return rc;
    if ((is_settle || is_dispute || is_add) && !g->actor)
        return cli_usage_error("compensate", "%s needs --actor", sub);
    int is_publish = !strcmp(sub, "publish");
    if (is_publish && (!g->actor || !g->date))
        return cli_usage_error("compensate", "publish needs --actor and --date");
    if ((is_settle || is_dispute || is_publish || !strcmp(sub, "show")) && !a1)
        return cli_usage_error("compensate", "%s needs the id", sub);
    if (!strcmp(sub, "agreement") && (!a1 || !a2 || (strcmp(a1, "add") && strcmp(a1, "show"))))
        return cli_usage_error("compensate", "agreement add FILE or agreement show ID?");
    if (is_settle && g->series && g->gep)
        return cli_usage_error("compensate", "settle takes --series or --gep, not both");
    struct app_compensation a = { 0 };
    rc = app_compensation_open(g->store, &a, &err);
    if (!rc && is_add) {
        rc = app_compensation_agreement(&a, a2, g->allow, g->actor, g->recorded, &out, &err);
    } else if (!rc && !strcmp(sub, "agreement")) {
        rc = app_compensation_show_agreement(&a, a2, &out, &err);
    } else if (!rc && is_settle) {
        rc = app_compensation_settle(&a, a1, year, g->series, g->gep, g->dry_run, g->actor,
                                     g->recorded, &out, &err);
        print = print_settlement;
    } else if (!rc && is_dispute) {
        rc = app_compensation_dispute(&a, a1, year, g->party, g->reason, g->actor, g->recorded,
                                      &out, &err);
        print = print_settlement;
    } else if (!rc && !strcmp(sub, "publish")) {
        rc = app_compensation_publish(&a, a1, g->date, g->actor, g->recorded, &out, &err);
        print = print_allocation;
    } else if (!rc && !strcmp(sub, "show")) {
        rc = app_compensation_show_allocation(&a, a1, 0, &out, &err);
        print = print_allocation;
    } else if (!rc) {
        rc = app_compensation_list(&a, 0, &out, &err);
        print = print_list;
    }
    app_compensation_close(&a);
    if (rc)
        return cli_fail(&err, g->json);
    return finish(out, g->json, print);
}

static int run(const char *sub, const char *a1, const char *a2, const struct args *g)
{
    struct ls_err err = { 0 };
    json_t *out = NULL;
    if (!strcmp(sub, "schemes"))
        return finish(cmp_scheme_list(), g->json, print_schemes);
    if (!strcmp(sub, "factors") && g->province) {
        int year = 2023, urc;
        if (!g->out || g->data)
            return cli_usage_error("compensate", "factors --province needs --out, and no --data");
        if (g->year && (urc = year_of(g, &year)))
            return urc;
        cli_gdal_init();
        struct app_province_factors_opts po = { g->province, year, g->out, g->force };
        if (app_compensation_province_factors(&po, &out, &err))
            return cli_fail(&err, g->json);
        return finish(out, g->json, print_province_factors);
    }
    if (!strcmp(sub, "factors")) {
        if (!g->data || !g->out)
            return cli_usage_error("compensate", "factors needs --data and --out");
        cli_gdal_init();
        struct app_factors_opts fo = { g->data, g->survey, g->gep, g->out, g->force };
        if (app_compensation_factors(&fo, &out, &err))
            return cli_fail(&err, g->json);
        return finish(out, g->json, print_factors);
    }
    if (strcmp(sub, "allocate") && strcmp(sub, "diff"))
        return with_store(sub, a1, a2, g);
    if (!a1 || (!strcmp(sub, "diff") && !a2))
        return cli_usage_error("compensate", "%s needs %s", sub,
                               !strcmp(sub, "diff") ? "two allocations" : "the request file");
    if (!strcmp(sub, "allocate") && g->store && !g->actor)
        return cli_usage_error("compensate", "recording an allocation needs --actor");
    struct app_compensation a = { 0 }, *ap = NULL;
    int rc = 0;
    if (g->store && !(rc = app_compensation_open(g->store, &a, &err)))
        ap = &a;
    if (!rc && !strcmp(sub, "allocate")) {
        struct app_allocate_opts o = { g->allow, g->out, g->force, g->actor, g->recorded };
        rc = app_compensation_allocate(ap, a1, &o, &out, &err);
    } else if (!rc) {
        rc = app_compensation_diff(ap, a1, a2, &out, &err);
    }
    if (ap)
        app_compensation_close(ap);
    if (rc)
        return cli_fail(&err, g->json);
    return finish(out, g->json, !strcmp(sub, "diff") ? print_diff : print_allocation);
}

int cmd_compensate(int argc, char **argv)
{
    enum {
        O_JSON = 1,
        O_HELP,
        O_STORE,
        O_ACTOR,
        O_RECORDED,
        O_OUT,
        O_FORCE,
        O_ALLOW,
        O_YEAR,
        O_SERIES,
        O_GEP,
        O_DRY,
        O_PARTY,
        O_REASON,
        O_DATA,
        O_SURVEY,
        O_DATE,
        O_PROVINCE
    };
    static const struct option opts[] = {
        { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },
        { "store", required_argument, NULL, O_STORE },
        { "actor", required_argument, NULL, O_ACTOR },
        { "recorded", required_argument, NULL, O_RECORDED },
        { "out", required_argument, NULL, O_OUT },
        { "force", no_argument, NULL, O_FORCE },
        { "allow-unverified", no_argument, NULL, O_ALLOW },
        { "year", required_argument, NULL, O_YEAR },
        { "series", required_argument, NULL, O_SERIES },
        { "gep", required_argument, NULL, O_GEP },
        { "dry-run", no_argument, NULL, O_DRY },
        { "party", required_argument, NULL, O_PARTY },
        { "reason", required_argument, NULL, O_REASON },
        { "data", required_argument, NULL, O_DATA },
        { "survey", required_argument, NULL, O_SURVEY },
        { "date", required_argument, NULL, O_DATE },
        { "province", required_argument, NULL, O_PROVINCE },
        { NULL, 0, NULL, 0 },
    };
    struct args g = { 0 };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char **slot = c == O_STORE      ? &g.store
                            : c == O_ACTOR    ? &g.actor
                            : c == O_RECORDED ? &g.recorded
                            : c == O_OUT      ? &g.out
                            : c == O_YEAR     ? &g.year
                            : c == O_SERIES   ? &g.series
                            : c == O_GEP      ? &g.gep
                            : c == O_PARTY    ? &g.party
                            : c == O_REASON   ? &g.reason
                            : c == O_DATA     ? &g.data
                            : c == O_SURVEY   ? &g.survey
                            : c == O_DATE     ? &g.date
                            : c == O_PROVINCE ? &g.province
                                              : NULL;
        if (slot)
            *slot = optarg;
        else if (c == O_JSON)
            g.json = 1;
        else if (c == O_FORCE)
            g.force = 1;
        else if (c == O_ALLOW)
            g.allow = 1;
        else if (c == O_DRY)
            g.dry_run = 1;
        else if (c == O_HELP) {
            help();
            return 0;
        } else
            return cli_usage_error("compensate", "unknown option");
    }
    static const char *const subs[] = { "schemes", "factors", "allocate", "publish",
                                        "diff",    "show",    "list",     "agreement",
                                        "settle",  "dispute", NULL };
    const char *sub = optind < argc ? argv[optind] : NULL;
    int known = 0;
    for (int i = 0; sub && subs[i]; i++)
        known |= !strcmp(sub, subs[i]);
    if (!known)
        return cli_usage_error("compensate",
                               "schemes, factors, allocate, diff, show, list, publish, agreement, "
                               "settle or dispute?");
    return run(sub, optind + 1 < argc ? argv[optind + 1] : NULL,
               optind + 2 < argc ? argv[optind + 2] : NULL, &g);
}
