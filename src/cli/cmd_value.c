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
        "       liangshan value methods [--json]\n\n"
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

int cmd_value(int argc, char **argv)
{
    enum { O_SCHEME = 1, O_OUT, O_FORCE, O_JSON, O_HELP };
    static const struct option opts[] = {
        { "scheme", required_argument, NULL, O_SCHEME }, { "out", required_argument, NULL, O_OUT },
        { "force", no_argument, NULL, O_FORCE },         { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },           { NULL, 0, NULL, 0 },
    };
    const char *scheme = NULL, *out = NULL;
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
    if (strcmp(sub, "run"))
        return cli_usage_error("value", "unknown subcommand %s", sub);
    if (optind + 1 >= argc)
        return cli_usage_error("value", "run needs the request file");
    struct ls_err err = { 0 };
    json_t *rep = NULL;
    if (app_value_run_file(argv[optind + 1], scheme, &rep, &err))
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
