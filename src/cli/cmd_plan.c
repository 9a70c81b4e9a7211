/* cli/cmd_plan — `liangshan plan record|approve|show|list|track`: allocation plans (配置方案). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan.h"
#include "app/valuation.h"
#include "cli/cli.h"

static void help(void)
{
    printf(
        "usage: liangshan plan record PLAN.json --store S --county COUNTY.gpkg --actor A\n"
        "                             [--rules ID|FILE] [--recorded T] [--json]\n"
        "       liangshan plan approve ID --version N --date D --store S --actor A [--json]\n"
        "       liangshan plan show ID [--version N] --store S [--json]\n"
        "       liangshan plan list --store S [--json]\n"
        "       liangshan plan track ID --as-of D --store S [--json]\n"
        "       liangshan plan map ID --as-of D --store S > UNITS.geojson\n\n"
        "An allocation plan (配置方案; docs/plan.md): reserve areas (储备片区) of registered\n"
        "units and the allocation units (配置单元) drawn from them — public_interest or\n"
        "operating, a use (a project category of the rule table), intensity, timing and mode\n"
        "(allocation 划拨 for public interest only, transfer 出让, lease 租赁, equity 作价出资).\n"
        "Recording checks every unit's boundary against the county's control lines for its use:\n"
        "a prohibited use refuses the plan. Each revision is the next version; a reviewer\n"
        "approves it; track compares the approved plan with the contracts signed on its units;\n"
        "map writes the tracked units' boundaries with their fields as GeoJSON (EPSG:4326).\n");
}

static void print_plan(const json_t *p)
{
    printf("plan %s v%lld %s (%s)\n", json_string_value(json_object_get(p, "plan")),
           (long long)json_integer_value(json_object_get(p, "version")),
           json_string_value(json_object_get(p, "name")),
           json_string_value(json_object_get(p, "date")));
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(p, "units"), i, u)
    {
        const json_t *c = json_object_get(u, "constraints");
        printf("  %-8s %-30s %-15s %-10s %-22s %s  %s%s%s\n",
               json_string_value(json_object_get(u, "id")),
               json_string_value(json_object_get(u, "unit")),
               json_string_value(json_object_get(u, "class")),
               json_string_value(json_object_get(u, "mode")),
               json_string_value(json_object_get(u, "use")),
               json_string_value(json_object_get(u, "timing")),
               json_string_value(json_object_get(c, "decision"))
                   ? json_string_value(json_object_get(c, "decision"))
                   : "",
               json_object_get(u, "status") ? " · " : "",
               json_object_get(u, "status") ? json_string_value(json_object_get(u, "status")) : "");
    }
    const json_t *ap = json_object_get(p, "approved");
    if (json_is_object(ap))
        printf("approved by %s on %s\n", json_string_value(json_object_get(ap, "by")),
               json_string_value(json_object_get(ap, "date")));
}

static void print_list(const json_t *o)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(o, "plans"), i, p)
    {
        printf("%-16s v%-3lld %s %4lld units %s\n", json_string_value(json_object_get(p, "plan")),
               (long long)json_integer_value(json_object_get(p, "version")),
               json_string_value(json_object_get(p, "date")),
               (long long)json_integer_value(json_object_get(p, "units")),
               json_is_object(json_object_get(p, "approved")) ? "approved" : "awaiting approval");
    }
}

struct args {
    const char *store, *county, *rules, *actor, *recorded, *date, *as_of, *version;
    int json;
};

static int run(const char *sub, const char *arg, const struct args *g)
{
    if (!g->store)
        return cli_usage_error("plan", "%s needs --store", sub);
    int rec = !strcmp(sub, "record"), appr = !strcmp(sub, "approve"), show = !strcmp(sub, "show"),
        track = !strcmp(sub, "track"), map = !strcmp(sub, "map");
    if ((rec || appr || show || track || map) && !arg)
        return cli_usage_error("plan", "%s needs %s", sub, rec ? "the plan file" : "the plan id");
    if (rec && (!g->county || !g->actor))
        return cli_usage_error("plan", "record needs --county and --actor");
    if (appr && (!g->version || !g->date || !g->actor))
        return cli_usage_error("plan", "approve needs --version, --date and --actor");
    if ((track || map) && !g->as_of)
        return cli_usage_error("plan", "%s needs --as-of", sub);
    long long version = 0;
    if (g->version) {
        char *end = NULL;
        version = strtoll(g->version, &end, 10);
        if (*end || version < 1)
            return cli_usage_error("plan", "--version is a number from 1, not %s", g->version);
    }
    struct ls_err err = { 0 };
    json_t *req = NULL, *out = NULL;
    int rc = rec ? app_value_read_request(arg, &req, &err) : 0;
    struct app_plan *a = NULL;
    if (!rc)
        rc = app_plan_open(g->store, rec ? g->county : NULL, g->rules, &a, &err);
    if (!rc)
        rc = rec     ? app_plan_record(a, req, arg, g->actor, g->recorded, &out, &err)
             : appr  ? app_plan_approve(a, arg, version, g->date, g->actor, g->recorded, &err)
             : show  ? app_plan_get(a, arg, version, 0, &out, &err)
             : track ? app_plan_track(a, arg, g->as_of, &out, &err)
             : map   ? app_plan_map(a, arg, g->as_of, &out, &err)
                     : app_plan_list(a, 0, &out, &err);
    app_plan_close(a);
    json_decref(req);
    if (rc)
        return cli_fail(&err, g->json);
    if (appr) {
        out = json_pack("{s:s, s:I, s:s}", "plan", arg, "version", (json_int_t)version,
                        "approved_by", g->actor);
        if (!g->json)
            printf("plan %s v%lld approved by %s on %s\n", arg, version, g->actor, g->date);
    }
    if (g->json || map) {
        cli_print_json(out);
        return 0;
    }
    if (!appr) {
        if (!strcmp(sub, "list"))
            print_list(out);
        else
            print_plan(out);
    }
    json_decref(out);
    return 0;
}

int cmd_plan(int argc, char **argv)
{
    enum {
        O_JSON = 1,
        O_HELP,
        O_STORE,
        O_COUNTY,
        O_RULES,
        O_ACTOR,
        O_RECORDED,
        O_DATE,
        O_ASOF,
        O_VERSION
    };
    static const struct option opts[] = {
        { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },
        { "store", required_argument, NULL, O_STORE },
        { "county", required_argument, NULL, O_COUNTY },
        { "rules", required_argument, NULL, O_RULES },
        { "actor", required_argument, NULL, O_ACTOR },
        { "recorded", required_argument, NULL, O_RECORDED },
        { "date", required_argument, NULL, O_DATE },
        { "as-of", required_argument, NULL, O_ASOF },
        { "version", required_argument, NULL, O_VERSION },
        { NULL, 0, NULL, 0 },
    };
    struct args g = { 0 };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char **slot = c == O_STORE      ? &g.store
                            : c == O_COUNTY   ? &g.county
                            : c == O_RULES    ? &g.rules
                            : c == O_ACTOR    ? &g.actor
                            : c == O_RECORDED ? &g.recorded
                            : c == O_DATE     ? &g.date
                            : c == O_ASOF     ? &g.as_of
                            : c == O_VERSION  ? &g.version
                                              : NULL;
        if (slot)
            *slot = optarg;
        else if (c == O_JSON)
            g.json = 1;
        else if (c == O_HELP) {
            help();
            return 0;
        } else
            return cli_usage_error("plan", "unknown option");
    }
    const char *sub = optind < argc ? argv[optind] : NULL;
    const char *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (!sub || (strcmp(sub, "record") && strcmp(sub, "approve") && strcmp(sub, "show") &&
                 strcmp(sub, "list") && strcmp(sub, "track") && strcmp(sub, "map")))
        return cli_usage_error("plan", "record, approve, show, list, track or map?");
    return run(sub, arg, &g);
}
