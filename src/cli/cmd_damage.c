/* cli/cmd_damage — `liangshan damage discover|open|advance|value|show|list|report`: natural-
 * resource asset damage (自然资源资产损害) from discovery to the closing report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/damage.h"
#include "cli/cli.h"

static void help(void)
{
    printf(
        "usage: liangshan damage discover --data county.gpkg --before SURVEY.gpkg --year-before Y\n"
        "                --after SURVEY.gpkg --year-after Y [--min-area M2] [--out DIR [--force]]\n"
        "                [--store S --actor A --date D] [--json]\n"
        "       liangshan damage open LEAD.json --store S --actor A --role R [--json]\n"
        "       liangshan damage advance ID ACTION --date D --doc KIND=FILE… [--reason TEXT]\n"
        "                [--liable PARTY] --store S --actor A --role R [--json]\n"
        "       liangshan damage value ID REQUEST.json --date D [--gep DIR] --store S --actor A\n"
        "                --role accountant [--json]\n"
        "       liangshan damage followup --survey SURVEY.gpkg --year Y --date D --store S\n"
        "                --actor A --role registrar [--json]\n"
        "       liangshan damage show ID --store S [--as-of D] [--json]\n"
        "       liangshan damage list --store S [--state S] [--json]\n"
        "       liangshan damage report ID --out DIR [--force] --store S [--json]\n\n"
        "Discovery compares two survey years against the control lines: construction that\n"
        "appeared on the red line, a core zone or basic farmland, and basic farmland's cropland "
        "lost\n"
        "to another use; with --store each candidate is opened as a case (DC-<year>-<patch>) with\n"
        "the registry units it touches and their holders. A case moves through the scheme's "
        "states\n"
        "(data/damage/cn-2022.json: lead → investigating → assessing → negotiating → litigating →\n"
        "restoring or paying → appraising → closed, or not_opened), each action by its role and "
        "with\n"
        "its documents, stored by SHA-256. A valuation (restoration_cost, virtual_treatment_cost,\n"
        "hea, interim_gep) is attached by an accountant while the case is assessed or later.\n"
        "An action into restoration (agree_restore, judged_restore) registers the restoration\n"
        "duty (生态修复责任) on each registry unit the damage met, held by --liable (a registered\n"
        "party) or by the unit's right holder, until the deadline; a follow-up survey that finds\n"
        "the area restored releases it.\n");
}

struct args {
    const char *store, *actor, *role, *recorded, *date, *out, *data, *before, *after, *yb, *ya,
        *reason, *gep, *as_of, *state, *min_area, *survey, *year, *liable;
    const char *docs[32];
    int ndocs, json, force;
};

static void print_case(const json_t *c)
{
    const json_t *lead = json_object_get(c, "lead");
    printf("case %s: %s since %s%s%s%s\n", json_string_value(json_object_get(c, "case")),
           json_string_value(json_object_get(c, "state")),
           json_string_value(json_object_get(c, "state_since")),
           *json_string_value(json_object_get(c, "deadline")) ? ", due " : "",
           json_string_value(json_object_get(c, "deadline")),
           json_is_true(json_object_get(c, "overdue")) ? " (overdue)" : "");
    if (lead)
        printf("  %s, %.2f m², %s → %s\n", json_string_value(json_object_get(lead, "kind")),
               json_number_value(json_object_get(lead, "area_m2")),
               json_string_value(json_object_get(lead, "class_before")),
               json_string_value(json_object_get(lead, "class_after")));
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(c, "history"), i, e)
    {
        printf("  %s %-16s → %-13s by %s (%s)\n", json_string_value(json_object_get(e, "date")),
               json_string_value(json_object_get(e, "action")),
               json_string_value(json_object_get(e, "state")),
               json_string_value(json_object_get(e, "actor")),
               json_string_value(json_object_get(e, "role")));
    }
    printf("  valued at ¥%.2f\n", json_number_value(json_object_get(c, "value_yuan")));
}

static void print_list(const json_t *o)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(o, "cases"), i, c)
    {
        printf("%-20s %-13s %-26s %-16s %12.2f m² opened %s due %s\n",
               json_string_value(json_object_get(c, "case")),
               json_string_value(json_object_get(c, "state")),
               json_string_value(json_object_get(c, "kind")),
               json_string_value(json_object_get(c, "source")),
               json_number_value(json_object_get(c, "area_m2")),
               json_string_value(json_object_get(c, "opened")),
               json_string_value(json_object_get(c, "deadline")));
    }
}

static void print_discovery(const json_t *o)
{
    const json_t *s = json_object_get(o, "summary");
    printf("%lld candidates (%lld construction on protected land, %lld cropland lost), %.2f m²; "
           "%lld cases opened\n",
           (long long)json_integer_value(json_object_get(s, "candidates")),
           (long long)json_integer_value(json_object_get(s, "construction_on_protected")),
           (long long)json_integer_value(json_object_get(s, "cropland_lost")),
           json_number_value(json_object_get(s, "area_m2")),
           (long long)json_array_size(json_object_get(o, "opened")));
}

static void print_value(const json_t *r)
{
    printf("%s (%s): ¥%.2f\n", json_string_value(json_object_get(r, "method_zh")),
           json_string_value(json_object_get(r, "method")),
           json_number_value(json_object_get(r, "value_yuan")));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(r, "steps"), i, s)
    {
        printf("  %-18s %-52s %16.4f\n", json_string_value(json_object_get(s, "step")),
               json_string_value(json_object_get(s, "formula")),
               json_number_value(json_object_get(s, "value")));
    }
}

static void print_advance(const json_t *o)
{
    printf("case %s: %s → %s on %s%s%s\n", json_string_value(json_object_get(o, "case")),
           json_string_value(json_object_get(o, "from")),
           json_string_value(json_object_get(o, "to")),
           json_string_value(json_object_get(o, "date")),
           *json_string_value(json_object_get(o, "deadline")) ? ", due " : "",
           json_string_value(json_object_get(o, "deadline")));
    size_t i;
    const json_t *d;
    json_array_foreach(json_object_get(o, "duties"), i, d)
        printf("  restoration duty on unit %s, held by %s until %s\n",
               json_string_value(json_object_get(d, "unit")),
               json_string_value(json_object_get(d, "liable")),
               json_string_value(json_object_get(d, "term_end")));
}

static void print_open(const json_t *o)
{
    printf("case %s opened (lead), due %s\n", json_string_value(json_object_get(o, "case")),
           json_string_value(json_object_get(o, "deadline")));
}

static int year(const char *s, int *y)
{
    char *end = NULL;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || v < 1990 || v > 2200)
        return -1;
    *y = (int)v;
    return 0;
}

static int discover(const struct args *g)
{
    struct app_discover_opts o = { 0 };
    o.d.data = g->data;
    o.d.before = g->before;
    o.d.after = g->after;
    if (!g->data || !g->before || !g->after || year(g->yb, &o.d.year_before) ||
        year(g->ya, &o.d.year_after))
        return cli_usage_error("damage", "discover needs --data, --before, --after, --year-before "
                                         "and --year-after");
    if (g->store && (!g->actor || !g->date))
        return cli_usage_error("damage", "opening the candidates needs --actor and --date");
    if (g->min_area) {
        char *end = NULL;
        o.d.min_area_m2 = strtod(g->min_area, &end);
        if (*end || o.d.min_area_m2 < 0)
            return cli_usage_error("damage", "--min-area is an area in m², not %s", g->min_area);
    }
    o.out = g->out;
    o.overwrite = g->force;
    o.date = g->date;
    o.actor = g->actor;
    o.recorded = g->recorded;
    cli_gdal_init();
    struct ls_err err = { 0 };
    struct app_damage a = { 0 };
    json_t *out = NULL;
    int rc = g->store ? app_damage_open(g->store, &a, &err) : 0;
    if (!rc)
        rc = app_damage_discover(g->store ? &a : NULL, &o, &out, &err);
    if (g->store)
        app_damage_close(&a);
    if (rc)
        return cli_fail(&err, g->json);
    if (g->json) {
        cli_print_json(out);
        return 0;
    }
    print_discovery(out);
    json_decref(out);
    return 0;
}

static void print_followup(const json_t *o)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(o, "followups"), i, f)
    {
        printf("%s: %.1f %% restored (target %.0f %%): %s\n",
               json_string_value(json_object_get(f, "case")),
               100 * json_number_value(json_object_get(f, "share")),
               100 * json_number_value(json_object_get(f, "target")),
               json_string_value(json_object_get(f, "outcome")));
    }
    if (!json_array_size(json_object_get(o, "followups")))
        printf("no case is being restored\n");
}

static int followup(const struct args *g)
{
    int y = 0;
    if (!g->store || !g->survey || !g->date || !g->actor || !g->role || year(g->year, &y))
        return cli_usage_error("damage",
                               "followup needs --survey, --year, --date, --store, --actor "
                               "and --role");
    cli_gdal_init();
    struct ls_err err = { 0 };
    struct app_damage a = { 0 };
    json_t *out = NULL;
    int rc = app_damage_open(g->store, &a, &err);
    if (!rc)
        rc = app_damage_followup(&a, g->survey, y, g->date, g->actor, g->role, g->recorded, &out,
                                 &err);
    app_damage_close(&a);
    if (rc)
        return cli_fail(&err, g->json);
    if (g->json) {
        cli_print_json(out);
        return 0;
    }
    print_followup(out);
    json_decref(out);
    return 0;
}

static int run(const char *sub, const char *a1, const char *a2, const struct args *g)
{
    if (!strcmp(sub, "discover"))
        return discover(g);
    if (!strcmp(sub, "followup"))
        return followup(g);
    if (!g->store)
        return cli_usage_error("damage", "%s needs --store", sub);
    int writes = !strcmp(sub, "open") || !strcmp(sub, "advance") || !strcmp(sub, "value");
    if (writes && (!g->actor || !g->role))
        return cli_usage_error("damage", "%s needs --actor and --role", sub);
    if ((strcmp(sub, "list") && !a1) || ((!strcmp(sub, "advance") || !strcmp(sub, "value")) && !a2))
        return cli_usage_error("damage", "%s needs its arguments (see --help)", sub);
    if ((!strcmp(sub, "advance") || !strcmp(sub, "value")) && !g->date)
        return cli_usage_error("damage", "%s needs --date", sub);
    if (!strcmp(sub, "report") && !g->out)
        return cli_usage_error("damage", "report needs --out");
    struct ls_err err = { 0 };
    struct app_damage_doc docs[32];
    for (int i = 0; i < g->ndocs; i++)
        if (app_damage_doc_parse(g->docs[i], &docs[i], &err))
            return cli_fail(&err, g->json);
    cli_gdal_init();
    struct app_damage a = { 0 };
    json_t *out = NULL;
    void (*print)(const json_t *) = print_case;
    int rc = app_damage_open(g->store, &a, &err);
    if (!rc && !strcmp(sub, "open")) {
        rc = app_damage_lead(&a, a1, g->actor, g->role, g->recorded, &out, &err);
        print = print_open;
    } else if (!rc && !strcmp(sub, "advance")) {
        rc = app_damage_advance(&a, a1, a2, g->date, docs, g->ndocs, g->reason, g->liable, g->actor,
                                g->role, g->recorded, &out, &err);
        print = print_advance;
    } else if (!rc && !strcmp(sub, "value")) {
        rc = app_damage_value(&a, a1, a2, g->date, g->gep, g->actor, g->role, g->recorded, &out,
                              &err);
        print = print_value;
    } else if (!rc && !strcmp(sub, "show")) {
        rc = app_damage_show(&a, a1, g->as_of, 0, &out, &err);
    } else if (!rc && !strcmp(sub, "report")) {
        rc = app_damage_report(&a, a1, g->out, g->force, &out, &err);
    } else if (!rc) {
        rc = app_damage_list(&a, g->state, 0, &out, &err);
        print = print_list;
    }
    app_damage_close(&a);
    if (rc)
        return cli_fail(&err, g->json);
    if (g->json) {
        cli_print_json(out);
        return 0;
    }
    print(out);
    json_decref(out);
    return 0;
}

int cmd_damage(int argc, char **argv)
{
    enum {
        O_JSON = 1,
        O_HELP,
        O_FORCE,
        O_STORE,
        O_ACTOR,
        O_ROLE,
        O_RECORDED,
        O_DATE,
        O_OUT,
        O_DATA,
        O_BEFORE,
        O_AFTER,
        O_YB,
        O_YA,
        O_REASON,
        O_GEP,
        O_ASOF,
        O_STATE,
        O_MINAREA,
        O_DOC,
        O_SURVEY,
        O_YEAR,
        O_LIABLE
    };
    static const struct option opts[] = {
        { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },
        { "force", no_argument, NULL, O_FORCE },
        { "store", required_argument, NULL, O_STORE },
        { "actor", required_argument, NULL, O_ACTOR },
        { "role", required_argument, NULL, O_ROLE },
        { "recorded", required_argument, NULL, O_RECORDED },
        { "date", required_argument, NULL, O_DATE },
        { "out", required_argument, NULL, O_OUT },
        { "data", required_argument, NULL, O_DATA },
        { "before", required_argument, NULL, O_BEFORE },
        { "after", required_argument, NULL, O_AFTER },
        { "year-before", required_argument, NULL, O_YB },
        { "year-after", required_argument, NULL, O_YA },
        { "reason", required_argument, NULL, O_REASON },
        { "gep", required_argument, NULL, O_GEP },
        { "as-of", required_argument, NULL, O_ASOF },
        { "state", required_argument, NULL, O_STATE },
        { "min-area", required_argument, NULL, O_MINAREA },
        { "doc", required_argument, NULL, O_DOC },
        { "survey", required_argument, NULL, O_SURVEY },
        { "year", required_argument, NULL, O_YEAR },
        { "liable", required_argument, NULL, O_LIABLE },
        { NULL, 0, NULL, 0 },
    };
    struct args g = { 0 };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char **slot = c == O_STORE      ? &g.store
                            : c == O_ACTOR    ? &g.actor
                            : c == O_ROLE     ? &g.role
                            : c == O_RECORDED ? &g.recorded
                            : c == O_DATE     ? &g.date
                            : c == O_OUT      ? &g.out
                            : c == O_DATA     ? &g.data
                            : c == O_BEFORE   ? &g.before
                            : c == O_AFTER    ? &g.after
                            : c == O_YB       ? &g.yb
                            : c == O_YA       ? &g.ya
                            : c == O_REASON   ? &g.reason
                            : c == O_GEP      ? &g.gep
                            : c == O_ASOF     ? &g.as_of
                            : c == O_STATE    ? &g.state
                            : c == O_MINAREA  ? &g.min_area
                            : c == O_SURVEY   ? &g.survey
                            : c == O_YEAR     ? &g.year
                            : c == O_LIABLE   ? &g.liable
                                              : NULL;
        if (slot)
            *slot = optarg;
        else if (c == O_DOC && g.ndocs < 32)
            g.docs[g.ndocs++] = optarg;
        else if (c == O_JSON)
            g.json = 1;
        else if (c == O_FORCE)
            g.force = 1;
        else if (c == O_HELP) {
            help();
            return 0;
        } else
            return cli_usage_error("damage", "unknown option");
    }
    static const char *const subs[] = { "discover", "open", "advance", "value", "followup",
                                        "show",     "list", "report",  NULL };
    const char *sub = optind < argc ? argv[optind] : NULL;
    int known = 0;
    for (int i = 0; sub && subs[i]; i++)
        known |= !strcmp(sub, subs[i]);
    if (!known)
        return cli_usage_error("damage", "discover, open, advance, value, followup, show, list or "
                                         "report?");
    return run(sub, optind + 1 < argc ? argv[optind + 1] : NULL,
               optind + 2 < argc ? argv[optind + 2] : NULL, &g);
}
