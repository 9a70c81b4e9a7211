/*
 * cli/cmd_registry — `liangshan registry init|import|register|transfer|show|history|search|
 * export` and `liangshan ledger verify|rebuild`, every one on `--store FILE.gpkg|postgresql://…`
 * (or $LIANGSHAN_STORE).
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/registry.h"
#include "cli/cli.h"
#include "geo/crs.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "registry/export.h"
#include "registry/import.h"
#include "registry/model.h"
#include "registry/rebuild.h"
#include "registry/registry.h"

struct common {
    const char *store, *actor, *recorded;
    int json;
};

/* Takes --store, --actor, --recorded and --json out of argv; returns the remaining count. */
static int common_args(int argc, char **argv, struct common *c)
{
    c->store = getenv("LIANGSHAN_STORE");
    c->actor = getenv("LIANGSHAN_ACTOR");
    c->recorded = NULL;
    c->json = 0;
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--store") && i + 1 < argc)
            c->store = argv[++i];
        else if (!strcmp(argv[i], "--actor") && i + 1 < argc)
            c->actor = argv[++i];
        else if (!strcmp(argv[i], "--recorded") && i + 1 < argc)
            c->recorded = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            c->json = 1;
        else
            argv[n++] = argv[i];
    }
    if (!c->actor || !*c->actor) {
        struct passwd *pw = getpwuid(getuid());
        c->actor = pw && pw->pw_name ? pw->pw_name : "unknown";
    }
    return n;
}

static int export_cmd(int argc, char **argv, const char *store, int json);

/* Opens the store named by --store (or $LIANGSHAN_STORE) and the registry over it. */
static int open_common(const struct common *c, struct ls_store **st, struct reg **r,
                       struct ls_err *err)
{
    if (!c->store || !*c->store) {
        *st = NULL;
        *r = NULL;
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "store",
                          "name the store: --store FILE.gpkg or --store postgresql://…");
    }
    return app_registry_open(c->store, st, r, err);
}

static int init_cmd(int argc, char **argv, struct common *c)
{
    const char *crs = "EPSG:4528", *county = NULL, *county_name = NULL, *hash = "sha256";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--crs") && i + 1 < argc)
            crs = argv[++i];
        else if (!strcmp(argv[i], "--county") && i + 1 < argc)
            county = argv[++i];
        else if (!strcmp(argv[i], "--county-name") && i + 1 < argc)
            county_name = argv[++i];
        else if (!strcmp(argv[i], "--hash") && i + 1 < argc)
            hash = argv[++i];
        else
            return cli_usage_error("registry init", "unknown argument %s", argv[i]);
    }
    struct ls_err err = { 0 };
    if (!c->store)
        return cli_usage_error("registry init", "--store FILE.gpkg|postgresql://… is required");
    if (strcmp(hash, "sha256") && strcmp(hash, "sm3"))
        return cli_usage_error("registry init", "--hash is sha256 or sm3, not %s", hash);
    struct geo_crs g;
    if (geo_crs_parse(crs, &g, &err))
        return cli_fail(&err, c->json);
    if (!g.epsg) {
        ls_err_set(&err, LS_EINVAL, NULL, NULL, "crs", "the store's CRS needs an EPSG code");
        return cli_fail(&err, c->json);
    }
    if (county) {
        char why[200];
        if (strlen(county) != 6 || reg_admin_code_check(county, why, sizeof why)) {
            ls_err_set(&err, LS_EINVAL, NULL, NULL, "county", "%s",
                       strlen(county) != 6 ? "the county code has 6 digits" : why);
            return cli_fail(&err, c->json);
        }
    }
    /* printed inside every certificate number: a name, not a sentence */
    if (county_name &&
        (!*county_name || strlen(county_name) > 48 || strpbrk(county_name, "()%_ \t\n"))) {
        ls_err_set(&err, LS_EINVAL, NULL, NULL, "county-name",
                   "the county's name is 1 to 48 bytes without spaces, brackets, %% or _ (两山县)");
        return cli_fail(&err, c->json);
    }
    struct st_create cr = {
        .srid = g.epsg, .hash = hash, .county = county, .county_name = county_name
    };
    struct ls_store *st = NULL;
    if (st_open(c->store, &cr, &st, &err))
        return cli_fail(&err, c->json);
    if (c->json)
        cli_print_json(json_pack("{s:s, s:i, s:s, s:s, s:i}", "store", st_target(st), "srid",
                                 g.epsg, "hash", hash, "county", county ? county : "",
                                 "schema_version", st_schema_version(st)));
    else
        printf("created store %s: EPSG:%d, ledger hash %s, county %s, schema version %d\n",
               st_target(st), g.epsg, hash, county ? county : "(any)", st_schema_version(st));
    st_close(st);
    return 0;
}

static json_t *load_json_file(const char *path, struct ls_err *err)
{
    json_error_t je;
    json_t *v = json_load_file(path, 0, &je);
    if (!v) {
        char where[48];
        snprintf(where, sizeof where, "line %d column %d", je.line, je.column);
        ls_err_set(err, LS_EINVAL, path, where, NULL, "not valid JSON: %s", je.text);
    }
    return v;
}

/* One application or a list (a batch: one transaction, all or nothing). */
static int submit_all(const struct common *c, json_t *apps, const char *input, int dry_run,
                      json_t **out, struct ls_err *err)
{
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    int rc = open_common(c, &st, &r, err);
    if (rc)
        return rc;
    struct reg_submit_opts so = { c->actor, c->recorded };
    rc = app_registry_apply(st, r, apps, &so, input, dry_run, out, err);
    app_registry_close(st, r);
    return rc;
}

static int print_recorded(const struct common *c, json_t *out, const char *what)
{
    if (c->json) {
        cli_print_json(out);
        return 0;
    }
    json_t *seqs = json_object_get(out, "recorded");
    if (json_is_true(json_object_get(out, "dry_run")))
        printf("checked %lld %s: every rule passes (nothing recorded)",
               (long long)json_integer_value(json_object_get(out, "checked")), what);
    else
        printf("recorded %zu %s as ledger event%s", json_array_size(seqs), what,
               json_array_size(seqs) == 1 ? "" : "s");
    size_t i;
    json_t *v;
    json_array_foreach(seqs, i, v) printf(" %lld", (long long)json_integer_value(v));
    printf("\n");
    const char *id;
    json_object_foreach(json_object_get(out, "certificates"), id, v) printf(
        "  %s %s: %s\n", id, seqs ? "certificate" : "would get certificate", json_string_value(v));
    json_decref(out);
    return 0;
}

static int register_cmd(int argc, char **argv, struct common *c)
{
    int dry_run = 0;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dry-run"))
            dry_run = 1;
        else if (!file)
            file = argv[i];
        else
            return cli_usage_error("registry register", "give one application file (JSON)");
    }
    if (!file)
        return cli_usage_error("registry register", "give one application file (JSON)");
    struct ls_err err = { 0 };
    json_t *apps = load_json_file(file, &err);
    json_t *seqs = NULL;
    if (!apps || submit_all(c, apps, file, dry_run, &seqs, &err)) {
        json_decref(apps);
        return cli_fail(&err, c->json);
    }
    json_decref(apps);
    return print_recorded(c, seqs, "application(s)");
}

static int transfer_cmd(int argc, char **argv, struct common *c)
{
    const char *right = NULL, *date = NULL, *reason = "", *doc = "";
    json_t *holders = json_array();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--right") && i + 1 < argc)
            right = argv[++i];
        else if (!strcmp(argv[i], "--date") && i + 1 < argc)
            date = argv[++i];
        else if (!strcmp(argv[i], "--reason") && i + 1 < argc)
            reason = argv[++i];
        else if (!strcmp(argv[i], "--source-doc") && i + 1 < argc)
            doc = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", argv[++i]);
            char *colon = strchr(buf, ':');
            if (colon)
                *colon = '\0';
            json_t *h = json_pack("{s:s}", "party", buf);
            if (colon)
                json_object_set_new(h, "share", json_string(colon + 1));
            json_array_append_new(holders, h);
        } else {
            json_decref(holders);
            return cli_usage_error("registry transfer", "unknown argument %s", argv[i]);
        }
    }
    if (!right || !date || !json_array_size(holders)) {
        json_decref(holders);
        return cli_usage_error("registry transfer",
                               "--right ID --to PARTY[:SHARE] [--to …] --date YYYY-MM-DD are "
                               "required");
    }
    json_t *app = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s}", "type", "transfer", "right", right,
                            "date", date, "holders", holders, "reason", reason, "source_doc", doc);
    struct ls_err err = { 0 };
    json_t *seqs = NULL;
    int rc = submit_all(c, app, "transfer", 0, &seqs, &err);
    json_decref(app);
    if (rc)
        return cli_fail(&err, c->json);
    return print_recorded(c, seqs, "transfer");
}

static void show_progress(long done, long total)
{
    fprintf(stderr, "\r  %ld of %ld units checked", done, total);
    if (done >= total)
        fputc('\n', stderr);
}

static int import_cmd(int argc, char **argv, struct common *c)
{
    struct reg_import_opts o = { 0 };
    if (isatty(2))
        o.progress = show_progress;
    o.actor = c->actor;
    o.recorded = c->recorded;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--parties") && i + 1 < argc)
            o.parties_csv = argv[++i];
        else if (!strcmp(argv[i], "--units") && i + 1 < argc)
            o.units_path = argv[++i];
        else if (!strcmp(argv[i], "--layer") && i + 1 < argc)
            o.units_layer = argv[++i];
        else if (!strcmp(argv[i], "--rights") && i + 1 < argc)
            o.rights_csv = argv[++i];
        else if (!strcmp(argv[i], "--date") && i + 1 < argc)
            o.date = argv[++i];
        else if (!strcmp(argv[i], "--dry-run"))
            o.dry_run = 1;
        else
            return cli_usage_error("registry import", "unknown argument %s", argv[i]);
    }
    if (!o.parties_csv && !o.units_path)
        return cli_usage_error("registry import",
                               "give --parties P.csv and/or --units U.gpkg [--rights R.csv]");
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    if (open_common(c, &st, &r, &err))
        return cli_fail(&err, c->json);
    struct reg_import_report rep;
    int rc = reg_import(r, st, &o, &rep, &err);
    app_registry_close(st, r);
    if (rc) {
        json_decref(rep.rejections);
        return cli_fail(&err, c->json);
    }
    int status = rep.rejected ? 1 : 0;
    const char *outcome = rep.rejected ? "refused: nothing imported"
                          : o.dry_run  ? "dry run: nothing imported"
                                       : "imported";
    if (c->json) {
        cli_print_json(json_pack(
            "{s:s, s:b, s:i, s:i, s:i, s:i, s:I, s:I, s:o}", "outcome", outcome, "dry_run",
            o.dry_run, "parties", (int)rep.parties, "units", (int)rep.units, "rights",
            (int)rep.rights, "rejected", (int)rep.rejected, "first_seq", (json_int_t)rep.first_seq,
            "last_seq", (json_int_t)rep.last_seq, "rejections", rep.rejections));
    } else {
        printf("%s: %ld parties and %ld units passed every check (%ld rights rows read); %ld rows "
               "rejected\n",
               outcome, rep.parties, rep.units, rep.rights, rep.rejected);
        size_t i;
        json_t *v;
        json_array_foreach(rep.rejections, i, v)
        {
            fprintf(status ? stderr : stdout, "  rejected: %s: %s: %s%s%s\n",
                    json_string_value(json_object_get(v, "input")),
                    json_string_value(json_object_get(v, "where")),
                    json_string_value(json_object_get(v, "field")),
                    *json_string_value(json_object_get(v, "field")) ? ": " : "",
                    json_string_value(json_object_get(v, "message")));
        }
        json_decref(rep.rejections);
    }
    return status;
}

static void print_rrr_line(json_t *x)
{
    printf("    %-28s %s (%s)", json_string_value(json_object_get(x, "id")),
           json_string_value(json_object_get(x, "type_label")),
           json_string_value(json_object_get(x, "type")));
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(x, "holders"), i, h)
    {
        printf("%s %s %s", i ? "," : "  holders:", json_string_value(json_object_get(h, "name")),
               json_string_value(json_object_get(h, "share")));
    }
    const char *t0 = json_string_value(json_object_get(x, "term_start"));
    const char *t1 = json_string_value(json_object_get(x, "term_end"));
    if (t0 || t1)
        printf("  term %s – %s", t0 ? t0 : "open", t1 ? t1 : "open");
    if (json_is_number(json_object_get(x, "amount")))
        printf("  amount %.2f yuan", json_number_value(json_object_get(x, "amount")));
    printf("\n");
}

static void print_show(json_t *o)
{
    json_t *u = json_object_get(o, "unit");
    printf("unit %s  %s\n", json_string_value(json_object_get(u, "code")),
           json_string_value(json_object_get(u, "name")));
    printf("  %s %s (%s), layer %s, area %.2f m² (%.4f ha), version %lld, %s since %s\n",
           json_string_value(json_object_get(u, "class")),
           json_string_value(json_object_get(u, "resource_type_label")),
           json_string_value(json_object_get(u, "resource_type")),
           json_string_value(json_object_get(u, "layer")),
           json_number_value(json_object_get(u, "area_m2")),
           json_number_value(json_object_get(u, "area_m2")) / 10000.0,
           (long long)json_integer_value(json_object_get(u, "version")),
           json_string_value(json_object_get(u, "status")),
           json_string_value(json_object_get(u, "valid_from")));
    if (json_is_string(json_object_get(o, "as_of")))
        printf("  as of %s\n", json_string_value(json_object_get(o, "as_of")));
    static const char *const groups[] = { "rights", "restrictions", "responsibilities" };
    for (int g = 0; g < 3; g++) {
        json_t *a = json_object_get(o, groups[g]);
        if (!json_array_size(a))
            continue;
        printf("  %s:\n", groups[g]);
        const char *layer = "";
        size_t i;
        json_t *x;
        json_array_foreach(a, i, x)
        {
            const char *l = json_string_value(json_object_get(x, "layer"));
            if (l && strcmp(l, layer)) {
                printf("   [%s %s]\n", l, json_string_value(json_object_get(x, "layer_label")));
                layer = l;
            }
            print_rrr_line(x);
        }
    }
}

static int show_cmd(int argc, char **argv, struct common *c, int history)
{
    const char *code = NULL, *as_of = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--as-of") && i + 1 < argc && !history)
            as_of = argv[++i];
        else if (!code && argv[i][0] != '-')
            code = argv[i];
        else
            return cli_usage_error(history ? "registry history" : "registry show",
                                   "unknown argument %s", argv[i]);
    }
    if (!code)
        return cli_usage_error(history ? "registry history" : "registry show", "give a unit code");
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    if (open_common(c, &st, &r, &err))
        return cli_fail(&err, c->json);
    json_t *o = NULL;
    int rc = history ? app_registry_history(st, r, code, &o, &err)
                     : app_registry_show(st, r, code, as_of, &o, &err);
    app_registry_close(st, r);
    if (rc)
        return cli_fail(&err, c->json);
    if (c->json) {
        cli_print_json(o);
        return 0;
    }
    if (!history) {
        print_show(o);
    } else {
        printf("history of unit %s\n", code);
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(o, "events"), i, e)
        {
            printf("  #%-6lld %s  effective %s  %-28s by %s%s%s\n",
                   (long long)json_integer_value(json_object_get(e, "seq")),
                   json_string_value(json_object_get(e, "recorded")),
                   json_string_value(json_object_get(e, "effective")),
                   json_string_value(json_object_get(e, "type")),
                   json_string_value(json_object_get(e, "actor")),
                   *json_string_value(json_object_get(e, "reason")) ? ": " : "",
                   json_string_value(json_object_get(e, "reason")));
        }
    }
    json_decref(o);
    return 0;
}

static int search_cmd(int argc, char **argv, struct common *c)
{
    struct reg_query q = { 0 };
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--type") && i + 1 < argc)
            q.resource_type = argv[++i];
        else if (!strcmp(argv[i], "--party") && i + 1 < argc)
            q.party = argv[++i];
        else if (!strcmp(argv[i], "--as-of") && i + 1 < argc)
            q.as_of = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || v < 1 || v > 1000000)
                return cli_usage_error("registry search", "--limit is a count from 1 to 1000000");
            q.limit = (int)v;
        } else if (!strcmp(argv[i], "--bbox") && i + 1 < argc) {
            if (sscanf(argv[++i], "%lf,%lf,%lf,%lf", &q.bbox[0], &q.bbox[1], &q.bbox[2],
                       &q.bbox[3]) != 4)
                return cli_usage_error("registry search", "--bbox XMIN,YMIN,XMAX,YMAX");
            q.has_bbox = 1;
        } else if (!q.text && argv[i][0] != '-')
            q.text = argv[i];
        else
            return cli_usage_error("registry search", "unknown argument %s", argv[i]);
    }
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    if (open_common(c, &st, &r, &err))
        return cli_fail(&err, c->json);
    json_t *o = NULL;
    int rc = app_registry_search(st, r, &q, &o, &err);
    app_registry_close(st, r);
    if (rc)
        return cli_fail(&err, c->json);
    if (c->json) {
        cli_print_json(o);
        return 0;
    }
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(o, "units"), i, u)
    {
        printf("%-30s %-22s %-12s %12.2f m²  %s\n", json_string_value(json_object_get(u, "code")),
               json_string_value(json_object_get(u, "resource_type")),
               json_string_value(json_object_get(u, "layer")),
               json_number_value(json_object_get(u, "area_m2")),
               json_string_value(json_object_get(u, "name")));
    }
    printf("%zu units\n", json_array_size(json_object_get(o, "units")));
    json_decref(o);
    return 0;
}

static void help(void)
{
    printf("usage: liangshan registry COMMAND --store FILE.gpkg|postgresql://… [--json]\n"
           "  init [--crs EPSG:4528] [--county 331099] [--county-name 两山县] [--hash sha256|sm3]\n"
           "                                    create a store (the name goes on certificates)\n"
           "  import [--parties P.csv] [--units U.gpkg [--layer L]] [--rights R.csv]\n"
           "         [--date YYYY-MM-DD] [--dry-run]        bulk first registration\n"
           "  register APPLICATION.json [--dry-run]\n"
           "                                record one application or a list of them (all or\n"
           "                                nothing); --dry-run checks every rule, keeps nothing\n"
           "  transfer --right ID --to PARTY[:SHARE] … --date YYYY-MM-DD\n"
           "  show CODE [--as-of YYYY-MM-DD]    a unit and its rights by layer\n"
           "  history CODE                      its ledger events and versions\n"
           "  search [TEXT] [--type T] [--party P] [--bbox X0,Y0,X1,Y1] [--as-of D]\n"
           "  export OUT.gpkg [--as-of D]       the register with its map annex\n"
           "Writes take --actor NAME (default $LIANGSHAN_ACTOR or the login name).\n"
           "Application types and file formats: docs/registry.md.\n");
}

int cmd_registry(int argc, char **argv)
{
    struct common c;
    argc = common_args(argc, argv, &c);
    const char *op = argc > 1 ? argv[1] : "";
    if (!strcmp(op, "init"))
        return init_cmd(argc - 1, argv + 1, &c);
    if (!strcmp(op, "register"))
        return register_cmd(argc - 1, argv + 1, &c);
    if (!strcmp(op, "transfer"))
        return transfer_cmd(argc - 1, argv + 1, &c);
    if (!strcmp(op, "import"))
        return import_cmd(argc - 1, argv + 1, &c);
    if (!strcmp(op, "show"))
        return show_cmd(argc - 1, argv + 1, &c, 0);
    if (!strcmp(op, "history"))
        return show_cmd(argc - 1, argv + 1, &c, 1);
    if (!strcmp(op, "search"))
        return search_cmd(argc - 1, argv + 1, &c);
    if (!strcmp(op, "export"))
        return export_cmd(argc - 1, argv + 1, c.store, c.json);
    help();
    return !strcmp(op, "--help") || !strcmp(op, "help") ? 0 : 1;
}

/* `ledger verify [--checkpoints DIR --public-key PUB.pem [--tsa-ca CA.pem]]
 * [--expect-head [SEQ:]HASH] [--projections]`: the chain, and what anchors it outside the store. */
static int ledger_verify(int argc, char **argv, const struct common *c)
{
    struct app_verify_opts o = { 0 };
    int projections = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--checkpoints") && i + 1 < argc)
            o.checkpoints_dir = argv[++i];
        else if (!strcmp(argv[i], "--public-key") && i + 1 < argc)
            o.public_key = argv[++i];
        else if (!strcmp(argv[i], "--expect-head") && i + 1 < argc)
            o.expect_head = argv[++i];
        else if (!strcmp(argv[i], "--tsa-ca") && i + 1 < argc)
            o.tsa_ca = argv[++i];
        else if (!strcmp(argv[i], "--projections"))
            projections = 1;
        else
            return cli_usage_error("ledger verify", "unknown argument %s", argv[i]);
    }
    if (!o.checkpoints_dir != !o.public_key)
        return cli_usage_error("ledger verify",
                               "--checkpoints DIR and --public-key PUB.pem go together");
    if (o.tsa_ca && !o.checkpoints_dir)
        return cli_usage_error("ledger verify", "--tsa-ca checks the checkpoints' time-stamps: "
                                                "give --checkpoints DIR --public-key PUB.pem");
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    if (open_common(c, &st, &r, &err))
        return cli_fail(&err, c->json);
    o.reg = projections ? r : NULL;
    o.accounts = 1;
    json_t *v = NULL;
    int rc = app_ledger_verify(st, &o, &v, &err);
    app_registry_close(st, r);
    if (rc)
        return cli_fail(&err, c->json);
    int ok = json_is_true(json_object_get(v, "ok"));
    if (c->json) {
        cli_print_json(v);
        return ok ? 0 : 1;
    }
    long long bad = (long long)json_integer_value(json_object_get(v, "bad_seq"));
    if (bad)
        printf("ledger BROKEN at event %lld: %s\n", bad,
               json_string_value(json_object_get(v, "why")));
    else
        printf("chain intact: %lld events, %s chain, head %s\n",
               (long long)json_integer_value(json_object_get(v, "events")),
               json_string_value(json_object_get(v, "algorithm")),
               json_string_value(json_object_get(v, "head")));
    if (!json_is_true(json_object_get(v, "accounts_match")))
        printf("accounts DIFFER from their ledger events: %s\n",
               json_string_value(json_object_get(v, "accounts_why")));
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(v, "checkpoints"), i, k)
    {
        json_t *ts = json_object_get(k, "timestamp_ok");
        int good = json_is_true(json_object_get(k, "matches")) && (!ts || json_is_true(ts));
        const char *at = json_string_value(json_object_get(k, "timestamped_at"));
        printf("checkpoint %s (event %lld): %s%s%s%s\n",
               json_string_value(json_object_get(k, "file")),
               (long long)json_integer_value(json_object_get(k, "seq")),
               good ? "signed and matching" : "FAILED", good ? "" : ": ",
               good ? "" : json_string_value(json_object_get(k, "why")),
               good && at ? ", time-stamped" : "");
        if (good && at)
            printf("  the time-stamping authority saw it at %s\n", at);
    }
    json_t *eh = json_object_get(v, "expected_head");
    if (eh)
        printf("expected head %s: %s\n", json_string_value(json_object_get(eh, "head")),
               json_is_true(json_object_get(eh, "found")) ? "found" : "NOT in this ledger");
    if (json_object_get(v, "projections_identical"))
        printf("projections %s\n", json_is_true(json_object_get(v, "projections_identical"))
                                       ? "identical to a replay of the journal"
                                       : "DIFFER from a replay of the journal");
    printf("%s\n", ok ? "verified" : "NOT verified");
    json_decref(v);
    return ok ? 0 : 1;
}

/* `ledger keygen --key PRIV.pem --public PUB.pem`. */
static int ledger_keygen(int argc, char **argv, const struct common *c)
{
    const char *priv = NULL, *pub = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--key") && i + 1 < argc)
            priv = argv[++i];
        else if (!strcmp(argv[i], "--public") && i + 1 < argc)
            pub = argv[++i];
        else
            return cli_usage_error("ledger keygen", "unknown argument %s", argv[i]);
    }
    if (!priv || !pub)
        return cli_usage_error("ledger keygen", "--key PRIV.pem and --public PUB.pem are required");
    struct ls_err err = { 0 };
    if (lg_key_generate(priv, pub, &err))
        return cli_fail(&err, c->json);
    printf("Ed25519 key pair: private %s (mode 0600; keep it off the server), public %s\n", priv,
           pub);
    return 0;
}

/* `ledger checkpoint --key PRIV.pem --out DIR [--time T] [--tsa URL]`. */
static int ledger_checkpoint(int argc, char **argv, const struct common *c)
{
    const char *key = NULL, *dir = NULL, *at = NULL, *tsa = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--key") && i + 1 < argc)
            key = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--time") && i + 1 < argc)
            at = argv[++i];
        else if (!strcmp(argv[i], "--tsa") && i + 1 < argc)
            tsa = argv[++i];
        else
            return cli_usage_error("ledger checkpoint", "unknown argument %s", argv[i]);
    }
    if (!key || !dir)
        return cli_usage_error("ledger checkpoint", "--key PRIV.pem and --out DIR are required");
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    if (!c->store || !*c->store)
        return cli_usage_error("ledger checkpoint", "--store is required");
    if (st_open(c->store, NULL, &st, &err))
        return cli_fail(&err, c->json);
    json_t *ck = NULL;
    int rc = app_ledger_checkpoint(st, key, dir, at, tsa, &ck, &err);
    st_close(st);
    if (rc)
        return cli_fail(&err, c->json);
    if (c->json) {
        cli_print_json(ck);
        return 0;
    }
    printf("checkpoint of event %lld (head %s) signed and written to %s\n",
           (long long)json_integer_value(json_object_get(ck, "seq")),
           json_string_value(json_object_get(ck, "head")), dir);
    json_t *ts = json_object_get(ck, "timestamp");
    if (ts)
        printf("time-stamped by %s at %s\n", json_string_value(json_object_get(ts, "tsa")),
               json_string_value(json_object_get(ts, "time")));
    json_decref(ck);
    return 0;
}

static int ledger_rebuild(int argc, char **argv, const struct common *c)
{
    int check = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check"))
            check = 1;
        else
            return cli_usage_error("ledger rebuild", "unknown argument %s", argv[i]);
    }
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    if (open_common(c, &st, &r, &err))
        return cli_fail(&err, c->json);
    struct reg_rebuild_report rep;
    int rc = app_ledger_rebuild(st, r, check, &rep, &err);
    app_registry_close(st, r);
    if (rc)
        return cli_fail(&err, c->json);
    if (c->json) {
        json_t *t = json_array();
        for (int i = 0; i < rep.ntables; i++)
            json_array_append_new(
                t, json_pack("{s:s, s:I, s:I, s:s, s:s, s:b}", "table", rep.t[i].table,
                             "rows_before", (json_int_t)rep.t[i].rows_before, "rows_after",
                             (json_int_t)rep.t[i].rows_after, "digest_before", rep.t[i].before,
                             "digest_after", rep.t[i].after, "identical",
                             !strcmp(rep.t[i].before, rep.t[i].after)));
        cli_print_json(json_pack("{s:b, s:b, s:I, s:o}", "check_only", check, "identical",
                                 rep.identical, "events", (json_int_t)rep.events, "tables", t));
    } else {
        printf("%s %lld events into fresh projections%s\n",
               check ? "replayed (check only, rolled back)" : "rebuilt from", rep.events,
               rep.identical ? ": identical to the previous projections"
                             : ": DIFFERENT from the previous projections");
        for (int i = 0; i < rep.ntables; i++)
            printf("  %-15s %8lld rows  %.16s  %s\n", rep.t[i].table, rep.t[i].rows_after,
                   rep.t[i].after,
                   strcmp(rep.t[i].before, rep.t[i].after) ? "changed" : "identical");
    }
    return rep.identical ? 0 : 1;
}

int cmd_ledger(int argc, char **argv)
{
    struct common c;
    argc = common_args(argc, argv, &c);
    const char *op = argc > 1 ? argv[1] : "";
    if (!strcmp(op, "verify"))
        return ledger_verify(argc - 1, argv + 1, &c);
    if (!strcmp(op, "rebuild"))
        return ledger_rebuild(argc - 1, argv + 1, &c);
    if (!strcmp(op, "keygen"))
        return ledger_keygen(argc - 1, argv + 1, &c);
    if (!strcmp(op, "checkpoint"))
        return ledger_checkpoint(argc - 1, argv + 1, &c);
    printf("usage: liangshan ledger COMMAND --store FILE.gpkg|postgresql://… [--json]\n"
           "  verify [--checkpoints DIR --public-key PUB.pem [--tsa-ca CA.pem]]\n"
           "         [--expect-head [SEQ:]HASH] [--projections]\n"
           "                           walk the hash chain and name the first event at fault;\n"
           "                           compare the accounts with their events, each signed\n"
           "                           checkpoint (and its RFC 3161 time-stamp) and a\n"
           "                           published head with the chain, and the projections\n"
           "                           with a replay of the journal\n"
           "  rebuild [--check]        replay the journal into fresh projections and compare\n"
           "  keygen --key PRIV.pem --public PUB.pem   an Ed25519 key pair for checkpoints\n"
           "  checkpoint --key PRIV.pem --out DIR [--time T] [--tsa URL]\n"
           "                           sign the head into DIR, optionally time-stamped by an\n"
           "                           RFC 3161 authority\n");
    return !strcmp(op, "--help") ? 0 : 1;
}

/* `registry export OUT.gpkg [--as-of D] [--overwrite]`. */
static int export_cmd(int argc, char **argv, const char *store, int json)
{
    const char *out = NULL, *as_of = NULL;
    int overwrite = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--as-of") && i + 1 < argc)
            as_of = argv[++i];
        else if (!strcmp(argv[i], "--overwrite"))
            overwrite = 1;
        else if (!out && argv[i][0] != '-')
            out = argv[i];
        else
            return cli_usage_error("registry export", "unknown argument %s", argv[i]);
    }
    if (!out)
        return cli_usage_error("registry export", "give the output file OUT.gpkg");
    struct ls_err err = { 0 };
    cli_gdal_init();
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    const struct common c = { .store = store };
    if (open_common(&c, &st, &r, &err))
        return cli_fail(&err, json);
    struct reg_export_counts n;
    int rc = reg_export(st, out, as_of, overwrite, &n, &err);
    app_registry_close(st, r);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        cli_print_json(json_pack("{s:s, s:i, s:i, s:i}", "out", out, "units", (int)n.units, "rrr",
                                 (int)n.rrrs, "parties", (int)n.parties));
    else
        printf("exported %ld units, %ld rights/restrictions/responsibilities and %ld parties%s%s "
               "to %s\n",
               n.units, n.rrrs, n.parties, as_of ? " as of " : "", as_of ? as_of : "", out);
    return 0;
}
