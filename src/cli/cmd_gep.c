/* cli/cmd_gep — `liangshan gep run|methods`: GEP (生态产品总值) accounting runs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/gep.h"
#include "app/gep_attribution.h"
#include "cli/cli.h"
#include "gep/diff.h"
#include "gep/output.h"

static void help(void)
{
    printf("usage: liangshan gep run ACCOUNT.json --out DIR [options]\n"
           "       liangshan gep diff A B [--json]     (two output folders or account.json)\n"
           "       liangshan gep methods [--json]\n"
           "       liangshan gep attribute RUN_DIR --store STORE [--layer surface] [--out CSV] "
           "[--holders CSV] [--json]\n\n"
           "Runs a GEP account: every item of the account's method, physical quantity then\n"
           "value, by region × ecosystem type. DIR receives account.json, account.csv,\n"
           "account.xlsx, report.html, provenance.json and, per spatial item,\n"
           "ITEM_physical.tif and ITEM_value.tif (per cell); with a \"previous\" account also\n"
           "previous/ and change.json. DIR appears only when the whole run succeeded.\n"
           "diff compares two accounts item by item (two years, or two methods).\n"
           "attribute sums a run's value rasters over every registry unit in force of a layer\n"
           "by exact cell-area weighting (docs/gep.md); CSV gets one row per unit, --holders\n"
           "one per holder of the units' use rights (else ownership), by share.\n\n"
           "options:\n"
           "  --out DIR        output folder (refused if it exists, unless --force)\n"
           "  --force          replace an existing DIR\n"
           "  --no-rasters     write the tables only\n"
           "  --threads N      worker threads (default: one per core)\n"
           "  --mem SIZE       memory budget, e.g. 512M, 4G\n"
           "  --json           print the items and totals as JSON\n");
}

static int methods(int json)
{
    const char *const *ids = gep_method_builtin_ids();
    json_t *arr = json_array();
    for (int i = 0; ids[i]; i++) {
        struct gep_method m;
        struct ls_err err = { 0 };
        if (gep_method_load(ids[i], &m, &err))
            return cli_fail(&err, json);
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_string(m.id));
            json_object_set_new(o, "standard", json_string(m.standard));
            json_object_set_new(o, "version", json_string(m.version));
            json_object_set_new(o, "items", json_integer((json_int_t)m.n_items));
            json_array_append_new(arr, o);
        } else {
            printf("%-16s %s (%s), %zu items\n", m.id, m.standard, m.version, m.n_items);
        }
        gep_method_free(&m);
    }
    if (json)
        cli_print_json(arr);
    else
        json_decref(arr);
    return 0;
}

static void print_text(const struct gep_result *r)
{
    printf("%s %d — method %s (%s)\n", r->account.region_name[0] ? r->account.region_name : "",
           r->account.year, r->method.id, r->method.standard);
    for (size_t k = 0; k < r->n_items; k++) {
        const struct gep_item *it = &r->items[k].item;
        double p = gep_result_phys(r, k, -1, -1);
        if (r->items[k].not_applicable) {
            printf("  %-22s %-8s not applicable: %s\n", it->def->id, it->def->zh,
                   r->items[k].not_applicable);
            continue;
        }
        printf("  %-22s %-8s %18.2f %-6s %20.2f yuan%s\n", it->def->id, it->def->zh, p,
               it->def->unit, gep_result_value(r, k, -1, -1),
               it->mi->in_total ? "" : "  (not in total)");
    }
    struct gep_totals t;
    gep_result_totals(r, &t);
    printf("  GEP %.2f yuan = provisioning %.2f + regulating %.2f + cultural %.2f\n", t.gep,
           t.provisioning, t.regulating, t.cultural);
}

static json_t *summary_json(const struct gep_result *r, const char *out)
{
    json_t *o = json_object();
    json_t *items = json_array();
    for (size_t k = 0; k < r->n_items; k++) {
        const struct gep_item *it = &r->items[k].item;
        double p = gep_result_phys(r, k, -1, -1);
        json_t *i = json_object();
        json_object_set_new(i, "item", json_string(it->def->id));
        json_object_set_new(i, "physical", json_real(p));
        json_object_set_new(i, "unit", json_string(it->def->unit));
        json_object_set_new(i, "value_yuan", json_real(gep_result_value(r, k, -1, -1)));
        json_object_set_new(i, "in_total", json_boolean(it->mi->in_total));
        if (r->items[k].not_applicable)
            json_object_set_new(i, "not_applicable", json_string(r->items[k].not_applicable));
        json_array_append_new(items, i);
    }
    json_object_set_new(o, "items", items);
    struct gep_totals t;
    gep_result_totals(r, &t);
    json_t *tot = json_object();
    json_object_set_new(tot, "gep_yuan", json_real(t.gep));
    json_object_set_new(tot, "provisioning_yuan", json_real(t.provisioning));
    json_object_set_new(tot, "regulating_yuan", json_real(t.regulating));
    json_object_set_new(tot, "cultural_yuan", json_real(t.cultural));
    json_object_set_new(o, "totals", tot);
    json_object_set_new(o, "method", json_string(r->method.id));
    json_object_set_new(o, "year", json_integer(r->account.year));
    json_object_set_new(o, "out", json_string(out));
    return o;
}

/* --progress-fd: one "strips DONE TOTAL" line per committed strip, for `liangshan serve`. */
static void progress_to_fd(void *ctx, long done, long total)
{
    dprintf(*(int *)ctx, "strips %ld %ld\n", done, total);
}

static int run(int argc, char **argv)
{
    enum { O_OUT = 256, O_FORCE, O_NORASTERS, O_THREADS, O_MEM, O_JSON, O_PROGRESS, O_HELP };
    static int progress_fd = -1;
    static const struct option opts[] = { { "out", required_argument, NULL, O_OUT },
                                          { "force", no_argument, NULL, O_FORCE },
                                          { "no-rasters", no_argument, NULL, O_NORASTERS },
                                          { "threads", required_argument, NULL, O_THREADS },
                                          { "mem", required_argument, NULL, O_MEM },
                                          { "json", no_argument, NULL, O_JSON },
                                          { "progress-fd", required_argument, NULL, O_PROGRESS },
                                          { "help", no_argument, NULL, O_HELP },
                                          { NULL, 0, NULL, 0 } };
    const char *out = NULL;
    int force = 0, json = 0, c;
    struct gep_run_opts ro = { .write_rasters = 1 };
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_OUT:
            out = optarg;
            break;
        case O_FORCE:
            force = 1;
            break;
        case O_NORASTERS:
            ro.write_rasters = 0;
            break;
        case O_THREADS: {
            char *end;
            long t = strtol(optarg, &end, 10);
            if (*end || t < 1 || t > 64)
                return cli_usage_error("gep", "--threads must be 1..64, got \"%s\"", optarg);
            ro.exec.threads = (int)t;
            break;
        }
        case O_MEM:
            if (!(ro.exec.mem_bytes = rs_parse_size(optarg)))
                return cli_usage_error("gep", "--mem expects a size such as 512M or 4G");
            break;
        case O_JSON:
            json = 1;
            break;
        case O_PROGRESS: {
            char *end;
            long fd = strtol(optarg, &end, 10);
            if (*end || fd < 0 || fd > 1024)
                return cli_usage_error("gep", "--progress-fd takes a file descriptor");
            progress_fd = (int)fd;
            ro.exec.progress = progress_to_fd;
            ro.exec.progress_ctx = &progress_fd;
            break;
        }
        case O_HELP:
            help();
            return 0;
        default:
            return cli_usage_error("gep", "unknown option (see liangshan gep --help)");
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("gep", "run takes one ACCOUNT.json");
    if (!out)
        return cli_usage_error("gep", "run needs --out DIR");
    cli_gdal_init();
    struct ls_err err = { 0 };
    struct app_gep_run run;
    if (app_gep_run(argv[optind], out, force, &ro, &run, &err))
        return cli_fail(&err, json);
    const struct gep_result *rp = &run.result;
    json_t *change = run.change;
    if (json) {
        json_t *o = summary_json(rp, out);
        if (change)
            json_object_set(o, "change", json_object_get(change, "totals"));
        cli_print_json(o);
    } else {
        print_text(rp);
        if (change) {
            json_t *t = json_object_get(change, "totals");
            printf("  change against %lld: GEP %+.2f %%\n",
                   (long long)json_integer_value(
                       json_object_get(json_object_get(change, "a"), "year")),
                   json_number_value(json_object_get(t, "gep_yuan_change_pct")));
        }
    }
    app_gep_run_free(&run);
    return 0;
}

/* An account document from an output folder or an account.json path. */
static json_t *load_doc(const char *path, struct ls_err *err)
{
    char p[GEP_PATH_MAX + 32];
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(p, sizeof p, "%s/account.json", path);
    else
        snprintf(p, sizeof p, "%s", path);
    json_error_t je;
    json_t *d = json_load_file(p, 0, &je);
    if (!d)
        ls_err_set(err, je.line > 0 ? LS_EINVAL : LS_ENOENT, p, NULL, NULL, "%s", je.text);
    return d;
}

static int diff(int argc, char **argv)
{
    int json = 0;
    const char *files[2] = { NULL, NULL };
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (argv[i][0] == '-')
            return cli_usage_error("gep", "unknown option %s", argv[i]);
        else if (nf < 2)
            files[nf++] = argv[i];
        else
            return cli_usage_error("gep", "diff takes two accounts");
    }
    if (nf != 2)
        return cli_usage_error("gep", "diff takes two accounts (output folders or account.json)");
    struct ls_err err = { 0 };
    json_t *a = load_doc(files[0], &err), *b = a ? load_doc(files[1], &err) : NULL;
    json_t *d = b ? gep_diff(a, b, files[0], files[1], &err) : NULL;
    json_decref(a);
    json_decref(b);
    if (!d)
        return cli_fail(&err, json);
    if (json) {
        cli_print_json(d);
        return 0;
    }
    json_t *sa = json_object_get(d, "a"), *sb = json_object_get(d, "b"),
           *t = json_object_get(d, "totals");
    printf("%s %lld (%s) → %lld (%s)%s\n", json_string_value(json_object_get(sa, "region")),
           (long long)json_integer_value(json_object_get(sa, "year")),
           json_string_value(json_object_get(sa, "method")),
           (long long)json_integer_value(json_object_get(sb, "year")),
           json_string_value(json_object_get(sb, "method")),
           json_is_true(json_object_get(d, "constant_prices")) ? ", constant prices"
                                                               : ", prices of different years");
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(d, "items"), i, it)
    {
        printf("  %-22s %+16.2f yuan", json_string_value(json_object_get(it, "item")),
               json_number_value(json_object_get(it, "value_change_yuan")));
        size_t j;
        json_t *w;
        json_array_foreach(json_object_get(it, "explanation"), j, w)
        {
            printf("%s%s", j ? "; " : "  ", json_string_value(w));
        }
        printf("\n");
    }
    printf("  GEP %.2f → %.2f yuan (%+.2f %%)\n",
           json_number_value(json_object_get(t, "gep_yuan_a")),
           json_number_value(json_object_get(t, "gep_yuan_b")),
           json_number_value(json_object_get(t, "gep_yuan_change_pct")));
    json_decref(d);
    return 0;
}

/* gep attribute DIR --store S [--layer L] [--out CSV] [--json]: GEP by registry unit */
static int attribute(int argc, char **argv)
{
    struct app_gep_attribution_opts o = { 0 };
    const char *out = NULL, *holders_out = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--holders") && i + 1 < argc)
            holders_out = argv[++i];
        else if (!strcmp(argv[i], "--store") && i + 1 < argc)
            o.store = argv[++i];
        else if (!strcmp(argv[i], "--layer") && i + 1 < argc)
            o.layer = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] == '-')
            return cli_usage_error("gep", "unknown option %s", argv[i]);
        else if (!o.account_dir)
            o.account_dir = argv[i];
        else
            return cli_usage_error("gep", "attribute takes one account folder");
    }
    if (!o.account_dir || !o.store)
        return cli_usage_error("gep", "attribute needs the account folder and --store");
    struct app_gep_attribution a;
    struct ls_err err = { 0 };
    if (app_gep_attribute(&o, &a, &err))
        return cli_fail(&err, json);
    struct app_gep_holders h = { 0 };
    if ((out && app_gep_attribution_csv(&a, out, &err)) ||
        (holders_out && (app_gep_attribution_holders(&a, o.store, o.layer, &h, &err) ||
                         app_gep_holders_csv(&a, &h, holders_out, &err)))) {
        app_gep_holders_free(&h);
        app_gep_attribution_free(&a);
        return cli_fail(&err, json);
    }
    json_t *items = json_array();
    for (size_t k = 0; k < a.n_items; k++) {
        double in = 0;
        for (size_t u = 0; u < a.n_units; u++)
            in += a.sums[u * a.n_items + k];
        json_array_append_new(items, json_pack("{s:s, s:f, s:f, s:f}", "item", a.items[k],
                                               "units_yuan", in, "outside_yuan", a.outside[k],
                                               "total_yuan", a.total[k]));
    }
    json_t *res =
        json_pack("{s:s, s:s, s:I, s:o, s:f, s:f}", "account", a.account, "layer",
                  o.layer ? o.layer : "surface", "units", (json_int_t)a.n_units, "items", items,
                  "closure", app_gep_attribution_closure(&a), "account_gep_yuan", a.account_gep);
    if (holders_out) {
        double held = 0;
        for (size_t i = 0; i < h.n; i++)
            held += h.sums[i * h.n_items + h.n_items - 1];
        json_object_set_new(res, "holders", json_integer((json_int_t)h.n));
        json_object_set_new(res, "holders_gep_yuan", json_real(held));
    }
    app_gep_holders_free(&h);
    if (json) {
        cli_print_json(res);
    } else {
        printf("%s: %zu units of layer %s\n", a.account, a.n_units, o.layer ? o.layer : "surface");
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
            printf("  %-22s units %16.2f  outside %16.2f  total %16.2f yuan\n",
                   json_string_value(json_object_get(it, "item")),
                   json_number_value(json_object_get(it, "units_yuan")),
                   json_number_value(json_object_get(it, "outside_yuan")),
                   json_number_value(json_object_get(it, "total_yuan")));
        }
        printf("closure (units + outside against the total): %.3g\n",
               app_gep_attribution_closure(&a));
        if (json_object_get(res, "holders"))
            printf("holders: %lld, GEP %.2f yuan through their rights\n",
                   (long long)json_integer_value(json_object_get(res, "holders")),
                   json_number_value(json_object_get(res, "holders_gep_yuan")));
        json_decref(res);
    }
    app_gep_attribution_free(&a);
    return 0;
}

int cmd_gep(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help();
        return argc < 2;
    }
    if (strcmp(argv[1], "run") == 0)
        return run(argc - 1, argv + 1);
    if (strcmp(argv[1], "diff") == 0)
        return diff(argc - 1, argv + 1);
    if (strcmp(argv[1], "methods") == 0)
        return methods(argc > 2 && strcmp(argv[2], "--json") == 0);
    if (strcmp(argv[1], "attribute") == 0)
        return attribute(argc - 1, argv + 1);
    return cli_usage_error("gep", "unknown operation \"%s\" (run, diff, methods, attribute)",
                           argv[1]);
}
