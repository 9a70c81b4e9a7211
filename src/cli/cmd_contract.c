/* cli/cmd_contract — `liangshan contract sign|check|show|list`: paid-use contracts (有偿使用合同)
 * and supervision agreements (监管协议) with their use conditions. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/contract.h"
#include "app/valuation.h"
#include "cli/cli.h"

static void help(void)
{
    printf(
        "usage: liangshan contract sign CONTRACT.json --store S --actor A [--recorded T] [--json]\n"
        "       liangshan contract check --date D (--survey FILE --year Y | --gep DIR) --store S\n"
        "                               --actor A [--json]\n"
        "       liangshan contract show ID --store S [--json]\n"
        "       liangshan contract list --store S [--as-of D] [--party P] [--json]\n\n"
        "A contract (compensation.md §4.8; docs/contract.md) names the grantor and the grantee,\n"
        "its subject ({\"rights\": [...]}, {\"bundle\": ID} or {\"listing\": ID}), the term, the\n"
        "price with its payment schedule, the bond, remedies and renewal, and use conditions —\n"
        "land_class_min (a restoration duty by a deadline), land_class_max (an intensity cap),\n"
        "gep_min (a GEP level on a unit). Signing transfers the rights the grantor holds to the\n"
        "grantee in the same transaction. A check holds a survey year or a GEP account against\n"
        "every contract in force: each condition due is measured on its unit and recorded as met,\n"
        "progress or breach, with the evidence file's SHA-256.\n");
}

static void print_contract(const json_t *c)
{
    printf("contract %s (%s) signed %s: %s → %s, %s – %s, ¥%.2f\n",
           json_string_value(json_object_get(c, "contract")),
           json_string_value(json_object_get(c, "kind")),
           json_string_value(json_object_get(c, "date")),
           json_string_value(json_object_get(c, "grantor")),
           json_string_value(json_object_get(c, "grantee")),
           json_string_value(json_object_get(c, "term_start")),
           json_string_value(json_object_get(c, "term_end")),
           json_number_value(json_object_get(json_object_get(c, "price"), "total")));
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(c, "rights"), i, x)
    {
        printf("  right %s (unit %s)%s\n", json_string_value(json_object_get(x, "right")),
               json_string_value(json_object_get(x, "unit")),
               json_is_true(json_object_get(x, "transfer")) ? " transferred to the grantee" : "");
    }
    json_array_foreach(json_object_get(c, "conditions"), i, x)
    {
        const json_t *st = json_object_get(x, "state");
        int share = !strcmp(json_string_value(json_object_get(x, "basis")), "share");
        printf("  condition %s %s on %s: %s %.*f%s%s\n",
               json_string_value(json_object_get(x, "id")),
               json_string_value(json_object_get(x, "kind")),
               json_string_value(json_object_get(x, "unit")),
               json_string_value(json_object_get(x, "basis")), share ? 4 : 2,
               json_number_value(json_object_get(x, "target")),
               *json_string_value(json_object_get(x, "deadline")) ? " by " : "",
               json_string_value(json_object_get(x, "deadline")));
        if (st)
            printf("    state: %s\n", json_string_value(st));
    }
}

struct args {
    const char *store, *actor, *recorded, *as_of, *party, *date, *survey, *gep, *year;
    int json;
};

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

static void print_check(const json_t *o)
{
    size_t i, j;
    json_t *c, *r;
    json_array_foreach(json_object_get(o, "checks"), i, c)
    {
        json_array_foreach(json_object_get(c, "results"), j, r)
        {
            printf("%s %s %s on %s: %.2f against %.2f (%s): %s\n",
                   json_string_value(json_object_get(c, "contract")),
                   json_string_value(json_object_get(r, "condition")),
                   json_string_value(json_object_get(r, "kind")),
                   json_string_value(json_object_get(r, "unit")),
                   json_number_value(json_object_get(r, "figure")),
                   json_number_value(json_object_get(r, "target")),
                   json_string_value(json_object_get(r, "basis")),
                   json_string_value(json_object_get(r, "outcome")));
        }
    }
    printf("%lld breach(es)\n", (long long)json_integer_value(json_object_get(o, "breaches")));
}

static void print_list(const json_t *o)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(o, "contracts"), i, c)
    {
        printf("%-16s %-11s %s %-8s → %-8s %16.2f  %lld condition(s), %lld in breach\n",
               json_string_value(json_object_get(c, "contract")),
               json_string_value(json_object_get(c, "kind")),
               json_string_value(json_object_get(c, "date")),
               json_string_value(json_object_get(c, "grantor")),
               json_string_value(json_object_get(c, "grantee")),
               json_number_value(json_object_get(c, "price")),
               (long long)json_integer_value(json_object_get(c, "conditions")),
               (long long)json_integer_value(json_object_get(c, "in_breach")));
    }
}

static int run(const char *sub, const char *arg, const struct args *g)
{
    if (!g->store)
        return cli_usage_error("contract", "%s needs --store", sub);
    struct ls_err err = { 0 };
    json_t *req = NULL, *out = NULL;
    int rc = 0;
    long year = 0;
    if (!strcmp(sub, "sign")) {
        if (!arg || !g->actor)
            return cli_usage_error("contract", "sign needs the contract file and --actor");
        rc = app_value_read_request(arg, &req, &err);
    } else if (!strcmp(sub, "check")) {
        if (!g->date || !g->actor || !!g->survey == !!g->gep || (g->survey && !g->year))
            return cli_usage_error("contract", "check needs --date, --actor and one of --survey "
                                               "FILE --year Y or --gep DIR");
        char *end = NULL;
        year = g->year ? strtol(g->year, &end, 10) : 0;
        if (g->year && (*end || year < 1900 || year > 2200))
            return cli_usage_error("contract", "--year is a year, not %s", g->year);
    } else if (!strcmp(sub, "show") && !arg) {
        return cli_usage_error("contract", "show needs the contract id");
    }
    struct app_contract a = { 0 };
    if (!rc)
        rc = app_contract_open(g->store, &a, &err);
    if (!rc && !strcmp(sub, "sign"))
        rc = app_contract_sign(&a, req, arg, g->actor, g->recorded, &out, &err);
    else if (!rc && !strcmp(sub, "check")) {
        struct app_contract_evidence e = { g->survey, g->gep, (int)year, g->store };
        rc = app_contract_check(&a, g->date, &e, g->actor, g->recorded, &out, &err);
    } else if (!rc && !strcmp(sub, "show"))
        rc = app_contract_get(&a, arg, &out, &err);
    else if (!rc)
        rc = app_contract_list(&a, g->as_of, g->party, &out, &err);
    app_contract_close(&a);
    json_decref(req);
    if (rc)
        return cli_fail(&err, g->json);
    return finish(out, g->json,
                  !strcmp(sub, "check")  ? print_check
                  : !strcmp(sub, "list") ? print_list
                                         : print_contract);
}

int cmd_contract(int argc, char **argv)
{
    enum {
        O_JSON = 1,
        O_HELP,
        O_STORE,
        O_ACTOR,
        O_RECORDED,
        O_ASOF,
        O_PARTY,
        O_DATE,
        O_SURVEY,
        O_GEP,
        O_YEAR
    };
    static const struct option opts[] = {
        { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },
        { "store", required_argument, NULL, O_STORE },
        { "actor", required_argument, NULL, O_ACTOR },
        { "recorded", required_argument, NULL, O_RECORDED },
        { "as-of", required_argument, NULL, O_ASOF },
        { "party", required_argument, NULL, O_PARTY },
        { "date", required_argument, NULL, O_DATE },
        { "survey", required_argument, NULL, O_SURVEY },
        { "gep", required_argument, NULL, O_GEP },
        { "year", required_argument, NULL, O_YEAR },
        { NULL, 0, NULL, 0 },
    };
    struct args g = { 0 };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char **slot = c == O_STORE      ? &g.store
                            : c == O_ACTOR    ? &g.actor
                            : c == O_RECORDED ? &g.recorded
                            : c == O_ASOF     ? &g.as_of
                            : c == O_PARTY    ? &g.party
                            : c == O_DATE     ? &g.date
                            : c == O_SURVEY   ? &g.survey
                            : c == O_GEP      ? &g.gep
                            : c == O_YEAR     ? &g.year
                                              : NULL;
        if (slot) {
            *slot = optarg;
        } else if (c == O_JSON) {
            g.json = 1;
        } else if (c == O_HELP) {
            help();
            return 0;
        } else {
            return cli_usage_error("contract", "unknown option");
        }
    }
    const char *sub = optind < argc ? argv[optind] : NULL;
    const char *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (!sub ||
        (strcmp(sub, "sign") && strcmp(sub, "check") && strcmp(sub, "show") && strcmp(sub, "list")))
        return cli_usage_error("contract", "sign, check, show or list?");
    return run(sub, arg, &g);
}
