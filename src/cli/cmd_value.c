/* cli/cmd_value — `liangshan value run|methods`: 分等定级估价 grading and valuation. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/valuation.h"
#include "cli/cli.h"
#include "valuation/valuation.h"

static void help(void)
{
    printf(
        "usage: liangshan value run REQUEST.json [--scheme ID|FILE] [--out DIR [--force]] "
        "[--json]\n"
        "       liangshan value methods [--json]\n"
        "       liangshan value units --store S --defaults PARAMS.json --survey COUNTY.gpkg --out "
        "DIR\n\n"
        "Values a natural-resource asset by one method of TD/T 1061-2021's five paths or a\n"
        "resource method (urban land, farmland grading, forest stands and land, the sea-area\n"
        "fee, mining rights) and prints the result; the request is JSON:\n"
        "  {\"valuation\": \"V-2024-001\", \"date\": \"2024-06-30\", \"subject\": {...},\n"
        "   \"method\": \"income_capitalisation\", \"inputs\": {\"a\": 100, \"r\": 0.06, \"n\": "
        "40},\n"
        "   \"quantity\": 1200, \"floor\": {\"basis\": \"amount\", \"amount\": …, \"source\": …}}\n"
        "DIR receives report.json, report.html and report.xlsx (docs/valuation.md).\n\n"
        "options:\n"
        "  --scheme ID|FILE  the rules and tables (default: the request's, else cn-2021)\n"
        "  --out DIR         write the report's files (refused if DIR exists, unless --force)\n"
        "  --json            print the report as JSON\n");
}

static int methods(int json)
{
    json_t *cat = NULL;
    struct ls_err err = { 0 };
    if (app_value_catalogue(&cat, &err))
        return cli_fail(&err, json);
    if (json) {
        cli_print_json(cat);
        return 0;
    }
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(cat, "methods"), i, m)
    {
        printf("%-22s %-16s %-9s %s (%s)\n", json_string_value(json_object_get(m, "id")),
               json_string_value(json_object_get(m, "family")),
               json_string_value(json_object_get(m, "basis")),
               json_string_value(json_object_get(m, "zh")),
               json_string_value(json_object_get(m, "standard")));
    }
    json_array_foreach(json_object_get(cat, "schemes"), i, m)
    {
        printf("scheme %s %s\n", json_string_value(json_object_get(m, "id")),
               json_string_value(json_object_get(m, "version")));
    }
    json_decref(cat);
    return 0;
}

static int record(const char *path, const char *store, const char *scheme, const char *actor,
                  const char *recorded, json_t **rep, struct ls_err *err)
{
    json_t *req = NULL;
    int rc = app_value_read_request(path, &req, err);
    if (rc)
        return rc;
    struct app_valuation a;
    rc = app_valuation_open(store, &a, err);
    if (!rc)
        rc = app_value_record(&a, req, path, scheme, actor, recorded, rep, err);
    app_valuation_close(&a);
    json_decref(req);
    return rc;
}

static int read_back(const char *sub, const char *id, const char *store, const char *unit,
                     const char *as_of, int json)
{
    if (!store)
        return cli_usage_error("value", "%s needs --store", sub);
    if (!strcmp(sub, "show") && !id)
        return cli_usage_error("value", "show needs the valuation id");
    struct ls_err err = { 0 };
    struct app_valuation a;
    json_t *out = NULL;
    int rc = app_valuation_open(store, &a, &err);
    if (!rc)
        rc = !strcmp(sub, "show") ? app_value_get(&a, id, 0, &out, &err)
                                  : app_value_list(&a, unit, as_of, 0, &out, &err);
    app_valuation_close(&a);
    if (rc)
        return cli_fail(&err, json);
    if (json) {
        cli_print_json(out);
        return 0;
    }
    if (!strcmp(sub, "show")) {
        printf("%s %s %s: %.2f %s × %g = %.2f yuan (seq %lld, by %s)\n",
               json_string_value(json_object_get(out, "valuation")),
               json_string_value(json_object_get(out, "date")),
               json_string_value(json_object_get(out, "method")),
               json_number_value(json_object_get(out, "unit_value")),
               json_string_value(json_object_get(out, "basis")),
               json_number_value(json_object_get(out, "quantity")),
               json_number_value(json_object_get(out, "value")),
               (long long)json_integer_value(json_object_get(out, "seq")),
               json_string_value(json_object_get(out, "actor")));
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(out, "valuations"), i, v)
        {
            printf("%-16s %s %-28s %-22s %16.2f yuan\n",
                   json_string_value(json_object_get(v, "valuation")),
                   json_string_value(json_object_get(v, "date")),
                   json_string_value(json_object_get(v, "unit")),
                   json_string_value(json_object_get(v, "method")),
                   json_number_value(json_object_get(v, "value")));
        }
    }
    json_decref(out);
    return 0;
}

static int approve(const char *id, const char *date, const char *store, const char *actor,
                   const char *recorded, int json)
{
    if (!id || !date || !store || !actor)
        return cli_usage_error("value", "approve needs the valuation id, --date, --store and "
                                        "--actor");
    struct ls_err err = { 0 };
    struct app_valuation a;
    json_t *out = NULL;
    int rc = app_valuation_open(store, &a, &err);
    if (!rc)
        rc = app_value_approve(&a, id, date, actor, recorded, &out, &err);
    app_valuation_close(&a);
    if (rc)
        return cli_fail(&err, json);
    if (json) {
        cli_print_json(out);
        return 0;
    }
    printf("valuation %s approved by %s on %s (seq %lld)\n", id, actor, date,
           (long long)json_integer_value(json_object_get(out, "seq")));
    json_decref(out);
    return 0;
}

int cmd_value(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "units"))
        return cmd_value_units(argc - 1, argv + 1);
    enum {
        O_SCHEME = 1,
        O_OUT,
        O_FORCE,
        O_JSON,
        O_HELP,
        O_STORE,
        O_ACTOR,
        O_RECORDED,
        O_UNIT,
        O_ASOF,
        O_DATE
    };
    static const struct option opts[] = {
        { "scheme", required_argument, NULL, O_SCHEME },
        { "out", required_argument, NULL, O_OUT },
        { "force", no_argument, NULL, O_FORCE },
        { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },
        { "store", required_argument, NULL, O_STORE },
        { "actor", required_argument, NULL, O_ACTOR },
        { "recorded", required_argument, NULL, O_RECORDED },
        { "unit", required_argument, NULL, O_UNIT },
        { "as-of", required_argument, NULL, O_ASOF },
        { "date", required_argument, NULL, O_DATE },
        { NULL, 0, NULL, 0 },
    };
    const char *scheme = NULL, *out = NULL, *store = NULL, *actor = NULL, *recorded = NULL,
               *unit = NULL, *as_of = NULL, *date = NULL;
    int json = 0, force = 0, c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_SCHEME:
            scheme = optarg;
            break;
        case O_OUT:
            out = optarg;
            break;
        case O_FORCE:
            force = 1;
            break;
        case O_JSON:
            json = 1;
            break;
        case O_STORE:
            store = optarg;
            break;
        case O_ACTOR:
            actor = optarg;
            break;
        case O_RECORDED:
            recorded = optarg;
            break;
        case O_UNIT:
            unit = optarg;
            break;
        case O_ASOF:
            as_of = optarg;
            break;
        case O_DATE:
            date = optarg;
            break;
        case O_HELP:
            help();
            return 0;
        default:
            return cli_usage_error("value", "unknown option");
        }
    }
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage_error("value", "run or methods?");
    if (!strcmp(sub, "methods"))
        return methods(json);
    if (!strcmp(sub, "show") || !strcmp(sub, "list"))
        return read_back(sub, optind + 1 < argc ? argv[optind + 1] : NULL, store, unit, as_of,
                         json);
    if (!strcmp(sub, "approve"))
        return approve(optind + 1 < argc ? argv[optind + 1] : NULL, date, store, actor, recorded,
                       json);
    if (strcmp(sub, "run"))
        return cli_usage_error("value", "unknown subcommand %s", sub);
    if (optind + 1 >= argc)
        return cli_usage_error("value", "run needs the request file");
    if (store && !actor)
        return cli_usage_error("value", "recording on a store needs --actor");
    struct ls_err err = { 0 };
    json_t *rep = NULL;
    if (store ? record(argv[optind + 1], store, scheme, actor, recorded, &rep, &err)
              : app_value_run_file(argv[optind + 1], scheme, &rep, &err))
        return cli_fail(&err, json);
    if (out && val_report_write(rep, out, force, &err)) {
        json_decref(rep);
        return cli_fail(&err, json);
    }
    if (json) {
        cli_print_json(rep);
        return 0;
    }
    printf("%s %s (%s), %s\n", json_string_value(json_object_get(rep, "method")),
           json_string_value(json_object_get(rep, "method_zh")),
           json_string_value(json_object_get(rep, "family")),
           json_string_value(json_object_get(rep, "date")));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(rep, "steps"), i, s)
    {
        printf("  %-40s %16.4f  %s\n", json_string_value(json_object_get(s, "step")),
               json_number_value(json_object_get(s, "value")),
               json_string_value(json_object_get(s, "formula")));
    }
    printf("unit value %.2f %s × %g = %.2f yuan\n",
           json_number_value(json_object_get(rep, "unit_value")),
           json_string_value(json_object_get(rep, "basis")),
           json_number_value(json_object_get(rep, "quantity")),
           json_number_value(json_object_get(rep, "value")));
    const json_t *fl = json_object_get(rep, "floor");
    if (fl)
        printf("floor (%s) %.2f yuan: %s\n", json_string_value(json_object_get(fl, "basis")),
               json_number_value(json_object_get(fl, "amount")),
               json_is_true(json_object_get(fl, "met")) ? "met" : "NOT met");
    json_decref(rep);
    return 0;
}
