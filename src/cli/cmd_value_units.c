/* cli/cmd_value_units — `liangshan value units`: every registry unit by its default method
 * (批量评估, app/value_units). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/value_units.h"
#include "cli/cli.h"

static void help(void)
{
    printf("usage: liangshan value units --store S --defaults PARAMS.json --survey COUNTY.gpkg\n"
           "                             --out DIR [--base BASE.gpkg] [--scheme ID|FILE]\n"
           "                             [--date D] [--force] [--json]\n\n"
           "Values every unit in force by its default method (批量评估; docs/valuation.md):\n"
           "the parameters name the method and inputs of each kind of right (construction\n"
           "land by the benchmark price of its land grade zone and the use of its survey\n"
           "class, contracted cropland by its grade, forest land and its stand by age class,\n"
           "sea use by the fee of its class); the base maps (--base, default the parameters'\n"
           "\"base\" beside them) and the survey's patches give each unit its basis at a point\n"
           "inside it. DIR receives units.csv, bases.json (each basis's full valuation report)\n"
           "and summary.json; nothing is written to the store.\n");
}

int cmd_value_units(int argc, char **argv)
{
    enum {
        O_STORE = 1,
        O_DEFAULTS,
        O_BASE,
        O_SURVEY,
        O_SCHEME,
        O_DATE,
        O_OUT,
        O_FORCE,
        O_JSON,
        O_HELP
    };
    static const struct option opts[] = {
        { "store", required_argument, NULL, O_STORE },
        { "defaults", required_argument, NULL, O_DEFAULTS },
        { "base", required_argument, NULL, O_BASE },
        { "survey", required_argument, NULL, O_SURVEY },
        { "scheme", required_argument, NULL, O_SCHEME },
        { "date", required_argument, NULL, O_DATE },
        { "out", required_argument, NULL, O_OUT },
        { "force", no_argument, NULL, O_FORCE },
        { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },
        { NULL, 0, NULL, 0 },
    };
    struct app_value_units_opts o = { 0 };
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char **slot = c == O_STORE      ? &o.store
                            : c == O_DEFAULTS ? &o.defaults
                            : c == O_BASE     ? &o.base
                            : c == O_SURVEY   ? &o.survey
                            : c == O_SCHEME   ? &o.scheme
                            : c == O_DATE     ? &o.date
                            : c == O_OUT      ? &o.out
                                              : NULL;
        if (slot)
            *slot = optarg;
        else if (c == O_FORCE)
            o.force = 1;
        else if (c == O_JSON)
            json = 1;
        else if (c == O_HELP) {
            help();
            return 0;
        } else
            return cli_usage_error("value units", "unknown option");
    }
    if (!o.store || !o.defaults || !o.survey || !o.out)
        return cli_usage_error("value units", "needs --store, --defaults, --survey and --out");
    struct ls_err err = { 0 };
    json_t *sum = NULL;
    struct app_value_units_timing tm = { 0 };
    int rc = app_value_units(&o, &sum, &tm, &err);
    double dt = tm.hash_s + tm.load_s + tm.value_s + tm.write_s;
    if (rc)
        return cli_fail(&err, json);
    if (json) {
        cli_print_json(sum);
        return 0;
    }
    long long units = (long long)json_integer_value(json_object_get(sum, "units"));
    printf("%lld units, %lld valued: %.2f yuan on %s (%lld bases; %s)\n", units,
           (long long)json_integer_value(json_object_get(sum, "valued")),
           json_number_value(json_object_get(sum, "value_yuan")),
           json_string_value(json_object_get(sum, "date")),
           (long long)json_integer_value(json_object_get(sum, "bases")), o.out);
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(sum, "kinds"), k, v)
    {
        printf("  %-13s %8lld units %16.2f m² %18.2f yuan\n", k,
               (long long)json_integer_value(json_object_get(v, "units")),
               json_number_value(json_object_get(v, "area_m2")),
               json_number_value(json_object_get(v, "value_yuan")));
    }
    json_object_foreach(json_object_get(sum, "unvalued"), k, v)
    {
        printf("  unvalued: %lld — %s\n", (long long)json_integer_value(v), k);
    }
    /* the figures bench/valuation.sh reads: the valuing alone, and the whole command */
    fprintf(stderr,
            "value units: %.2f s in all (hashing %.2f, loading %.2f, valuing %.2f, writing %.2f); "
            "%.0f units/s valued, %.0f units/s in all\n",
            dt, tm.hash_s, tm.load_s, tm.value_s, tm.write_s,
            tm.value_s > 0 ? (double)units / tm.value_s : 0, dt > 0 ? (double)units / dt : 0);
    json_decref(sum);
    return 0;
}
