/* cli/cmd_bundle — `liangshan bundle check|record|approve|show|list`: 组合标的 asset bundles. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/bundle.h"
#include "app/valuation.h"
#include "cli/cli.h"

static void help(void)
{
    printf(
        "usage: liangshan bundle check REQUEST.json --store S [--scheme ID|FILE] [--json]\n"
        "       liangshan bundle record REQUEST.json --store S --actor A [--recorded T] [--json]\n"
        "       liangshan bundle approve ID --date D --store S --actor A [--json]\n"
        "       liangshan bundle show ID --store S [--json]\n"
        "       liangshan bundle list --store S [--as-of D] [--json]\n\n"
        "A bundle (组合标的) sells registered use rights of one seller together: each with an\n"
        "approved valuation on the bundle's date, checked for overlap in plan and layer, the\n"
        "whole capitalised from its one income stream with the non-natural assets stripped,\n"
        "reconciled by a named rule, the synergy reported and every share checked against its\n"
        "floor (compensation.md §4.7; docs/bundle.md). The request is JSON:\n"
        "  {\"bundle\": \"B-2025-01\", \"name\": …, \"date\": \"2025-06-30\", \"seller\": PARTY,\n"
        "   \"components\": [{\"right\": ID, \"valuation\": ID, \"role\": …}, …],\n"
        "   \"whole\": {\"method\": \"income_capitalisation\", \"inputs\": {…},\n"
        "             \"strip\": [{\"item\": …, \"value\": yuan, \"basis\": …}]},\n"
        "   \"reconciliation\": {\"rule\": \"whole_stripped|sum|weighted\", \"weight_whole\": w,\n"
        "                        \"reason\": …}}\n"
        "check prints the report and writes nothing; record writes it on the ledger; a\n"
        "reviewer other than the recorder approves it before the venue lists it.\n");
}

static void print_report(const json_t *rep)
{
    printf("bundle %s %s, valued %s, seller %s\n",
           json_string_value(json_object_get(rep, "bundle")),
           json_string_value(json_object_get(rep, "name")),
           json_string_value(json_object_get(rep, "date")),
           json_string_value(json_object_get(rep, "seller")));
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rep, "components"), i, x)
    {
        const json_t *fl = json_object_get(x, "floor");
        printf("  %-34s %-22s %-14s %16.2f → %16.2f",
               json_string_value(json_object_get(x, "right")),
               json_string_value(json_object_get(x, "type")),
               json_string_value(json_object_get(x, "method")),
               json_number_value(json_object_get(x, "value")),
               json_number_value(json_object_get(x, "allocated")));
        if (json_is_number(fl))
            printf("  (floor %.2f)", json_number_value(fl));
        printf("\n");
    }
    json_array_foreach(json_object_get(rep, "overlaps"), i, x)
    {
        printf("  overlap %s × %s: %.2f m², %s\n", json_string_value(json_object_get(x, "a")),
               json_string_value(json_object_get(x, "b")),
               json_number_value(json_object_get(x, "plan_m2")),
               json_string_value(json_object_get(x, "verdict")));
    }
    const json_t *w = json_object_get(rep, "whole");
    if (json_is_object(w))
        printf("whole (%s) %.2f − stripped %.2f = %.2f yuan\n",
               json_string_value(json_object_get(w, "method")),
               json_number_value(json_object_get(w, "value")),
               json_number_value(json_object_get(w, "stripped")),
               json_number_value(json_object_get(w, "value_stripped")));
    printf("Σ components %.2f; rule %s: bundle %.2f yuan; synergy ΔV %.2f; floor price %.2f\n",
           json_number_value(json_object_get(rep, "sum_components")),
           json_string_value(json_object_get(json_object_get(rep, "reconciliation"), "rule")),
           json_number_value(json_object_get(rep, "value")),
           json_number_value(json_object_get(rep, "synergy")),
           json_number_value(json_object_get(rep, "floor_price")));
}

struct args {
    const char *scheme, *store, *actor, *recorded, *as_of, *date;
    int json;
};

static int check_or_record(const char *sub, const char *path, const struct args *g)
{
    if (!path || !g->store)
        return cli_usage_error("bundle", "%s needs the request file and --store", sub);
    int rec = !strcmp(sub, "record");
    if (rec && !g->actor)
        return cli_usage_error("bundle", "record needs --actor");
    struct ls_err err = { 0 };
    json_t *req = NULL, *rep = NULL;
    int rc = app_value_read_request(path, &req, &err);
    struct app_bundle a = { 0 };
    if (!rc)
        rc = app_bundle_open(g->store, &a, &err);
    if (!rc)
        rc = rec ? app_bundle_record(&a, req, path, g->scheme, g->actor, g->recorded, &rep, &err)
                 : app_bundle_check(&a, req, path, g->scheme, &rep, &err);
    app_bundle_close(&a);
    json_decref(req);
    if (rc)
        return cli_fail(&err, g->json);
    if (g->json) {
        cli_print_json(rep);
        return 0;
    }
    print_report(rep);
    if (rec)
        printf("recorded (seq %lld)\n", (long long)json_integer_value(json_object_get(rep, "seq")));
    json_decref(rep);
    return 0;
}

static int read_back(const char *sub, const char *id, const struct args *g)
{
    if (!g->store)
        return cli_usage_error("bundle", "%s needs --store", sub);
    int show = !strcmp(sub, "show"), appr = !strcmp(sub, "approve");
    if ((show || appr) && !id)
        return cli_usage_error("bundle", "%s needs the bundle id", sub);
    if (appr && (!g->date || !g->actor))
        return cli_usage_error("bundle", "approve needs --date and --actor");
    struct ls_err err = { 0 };
    struct app_bundle a;
    json_t *out = NULL;
    int rc = app_bundle_open(g->store, &a, &err);
    if (!rc)
        rc = appr   ? app_bundle_approve(&a, id, g->date, g->actor, g->recorded, &out, &err)
             : show ? app_bundle_get(&a, id, 0, &out, &err)
                    : app_bundle_list(&a, g->as_of, 0, &out, &err);
    app_bundle_close(&a);
    if (rc)
        return cli_fail(&err, g->json);
    if (g->json) {
        cli_print_json(out);
        return 0;
    }
    if (appr) {
        printf("bundle %s approved by %s on %s (seq %lld)\n", id, g->actor, g->date,
               (long long)json_integer_value(json_object_get(out, "seq")));
    } else if (show) {
        print_report(out);
        const json_t *ap = json_object_get(out, "approved");
        if (json_is_object(ap))
            printf("approved by %s on %s\n", json_string_value(json_object_get(ap, "by")),
                   json_string_value(json_object_get(ap, "date")));
        else
            printf("not approved\n");
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(out, "bundles"), i, v)
        {
            printf("%-16s %s %2lld parts %16.2f yuan (%s)%s\n",
                   json_string_value(json_object_get(v, "bundle")),
                   json_string_value(json_object_get(v, "date")),
                   (long long)json_integer_value(json_object_get(v, "components")),
                   json_number_value(json_object_get(v, "value")),
                   json_string_value(json_object_get(v, "rule")),
                   json_is_object(json_object_get(v, "approved")) ? " approved" : "");
        }
    }
    json_decref(out);
    return 0;
}

int cmd_bundle(int argc, char **argv)
{
    enum { O_SCHEME = 1, O_JSON, O_HELP, O_STORE, O_ACTOR, O_RECORDED, O_ASOF, O_DATE };
    static const struct option opts[] = {
        { "scheme", required_argument, NULL, O_SCHEME },
        { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },
        { "store", required_argument, NULL, O_STORE },
        { "actor", required_argument, NULL, O_ACTOR },
        { "recorded", required_argument, NULL, O_RECORDED },
        { "as-of", required_argument, NULL, O_ASOF },
        { "date", required_argument, NULL, O_DATE },
        { NULL, 0, NULL, 0 },
    };
    struct args g = { 0 };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_SCHEME:
            g.scheme = optarg;
            break;
        case O_JSON:
            g.json = 1;
            break;
        case O_STORE:
            g.store = optarg;
            break;
        case O_ACTOR:
            g.actor = optarg;
            break;
        case O_RECORDED:
            g.recorded = optarg;
            break;
        case O_ASOF:
            g.as_of = optarg;
            break;
        case O_DATE:
            g.date = optarg;
            break;
        case O_HELP:
            help();
            return 0;
        default:
            return cli_usage_error("bundle", "unknown option");
        }
    }
    const char *sub = optind < argc ? argv[optind] : NULL;
    const char *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (!sub)
        return cli_usage_error("bundle", "check, record, approve, show or list?");
    if (!strcmp(sub, "check") || !strcmp(sub, "record"))
        return check_or_record(sub, arg, &g);
    if (!strcmp(sub, "approve") || !strcmp(sub, "show") || !strcmp(sub, "list"))
        return read_back(sub, arg, &g);
    return cli_usage_error("bundle", "unknown subcommand %s", sub);
}
