/*
 * `liangshan indicator` — the resource-rights indicator register (app/indicator): source
 * projects, acceptance computed from the county's data, issuance, transfers, escrow,
 * retirement against obligations, deduction, and the reads and the verification.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/check.h"
#include "app/indicator.h"
#include "cli/cli.h"

#define MAX_SERIALS 64

struct opts {
    const char *store, *actor, *recorded, *date, *from, *to, *holder, *obligation, *project;
    const char *reason, *data, *baseline, *rules, *check, *id, *county, *state, *as_of, *units;
    const char *gep, *evidence_dir;
    const char *evidence[MAX_SERIALS];
    int nevidence;
    const char *serials[MAX_SERIALS];
    int nserials, json, dry_run;
    const char *args[4];
    int nargs;
};

static const char *usage_text =
    "usage: liangshan indicator COMMAND --store STORE [--actor NAME] [--json]\n"
    "  submit FILE.json [--dry-run]         record requests (one or a list), all or none\n"
    "  project FILE.json [--evidence DOC]... register a source project (footprint as WKT); each\n"
    "                                       document kept by its SHA-256 in --evidence-dir\n"
    "                                       (default: STORE.gpkg.evidence)\n"
    "  accept PROJECT --data COUNTY.gpkg --baseline BASELINE.gpkg [--date D]\n"
    "                                       compute the acceptance from the surveys; record it\n"
    "                                       only when every rule passes; a sink takes\n"
    "                                       --gep GEP_RUN_DIR (the vintage's account run)\n"
    "  reject PROJECT --reason TEXT [--check CHECK.json]   record a rejection, with the\n"
    "                                       failed check `accept --json` printed\n"
    "  issue PROJECT [--holder H]           issue one batch per account\n"
    "  transfer --from H --to H2 (--units CRQ=1000,CRC=50 | --serial S ...) [--project P]\n"
    "  lock | unlock | cancel --holder H (--units … | --serial …) [--reason TEXT]\n"
    "  retire --holder H --obligation OB (--units … | --serial …) [--project P]\n"
    "  monitor PROJECT --data LATER.gpkg    check an issued project against a later survey:\n"
    "                                       recorded when it holds, deducted when it does not\n"
    "  deduct PROJECT --reason TEXT         deduct by decision (a finding outside the surveys)\n"
    "  obligation --check CHECK.json --id OB --county ADCODE   the obligation a check creates\n"
    "  show PROJECT | projects [--county C] [--state S] | holdings HOLDER\n"
    "  obligations [ID] [--county C] | history PROJECT|SERIAL | report [--as-of D]\n"
    "  verify [--evidence-dir DIR]          the invariants; with a folder, every document too\n"
    "Dates are YYYY-MM-DD (--date; today when omitted). Exit 1 names the rule refused.\n";

static int parse(int argc, char **argv, struct opts *o)
{
    memset(o, 0, sizeof *o);
    o->store = getenv("LIANGSHAN_STORE");
    o->actor = getenv("LIANGSHAN_ACTOR");
    struct {
        const char *flag;
        const char **dst;
    } flags[] = { { "--store", &o->store },
                  { "--actor", &o->actor },
                  { "--recorded", &o->recorded },
                  { "--date", &o->date },
                  { "--from", &o->from },
                  { "--to", &o->to },
                  { "--holder", &o->holder },
                  { "--obligation", &o->obligation },
                  { "--project", &o->project },
                  { "--reason", &o->reason },
                  { "--data", &o->data },
                  { "--baseline", &o->baseline },
                  { "--rules", &o->rules },
                  { "--check", &o->check },
                  { "--id", &o->id },
                  { "--county", &o->county },
                  { "--state", &o->state },
                  { "--as-of", &o->as_of },
                  { "--units", &o->units },
                  { "--gep", &o->gep },
                  { "--evidence-dir", &o->evidence_dir } };
    for (int i = 2; i < argc; i++) {
        int hit = 0;
        for (size_t k = 0; !hit && k < sizeof flags / sizeof flags[0]; k++)
            if (!strcmp(argv[i], flags[k].flag)) {
                if (i + 1 >= argc)
                    return cli_usage_error("indicator", "%s needs a value", argv[i]);
                *flags[k].dst = argv[++i];
                hit = 1;
            }
        if (hit)
            continue;
        if (!strcmp(argv[i], "--json"))
            o->json = 1;
        else if (!strcmp(argv[i], "--dry-run"))
            o->dry_run = 1;
        else if (!strcmp(argv[i], "--serial") && i + 1 < argc && o->nserials < MAX_SERIALS)
            o->serials[o->nserials++] = argv[++i];
        else if (!strcmp(argv[i], "--evidence") && i + 1 < argc && o->nevidence < MAX_SERIALS)
            o->evidence[o->nevidence++] = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1] == '-')
            return cli_usage_error("indicator", "unknown option %s", argv[i]);
        else if (o->nargs < 4)
            o->args[o->nargs++] = argv[i];
        else
            return cli_usage_error("indicator", "too many arguments");
    }
    if (!o->actor || !*o->actor) {
        struct passwd *pw = getpwuid(getuid());
        o->actor = pw && pw->pw_name ? pw->pw_name : "unknown";
    }
    return 0;
}

static const char *today(char buf[16])
{
    char now[32];
    lg_now_utc(now);
    snprintf(buf, 16, "%.10s", now);
    return buf;
}

/* "CRQ=1000,CRC=50" → {"CRQ": 1000, "CRC": 50} */
static int units_json(const char *text, json_t **out, struct ls_err *err)
{
    *out = json_object();
    char buf[512];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '='), *end = NULL;
        long long v = eq ? strtoll(eq + 1, &end, 10) : 0;
        if (!eq || !end || *end || end == eq + 1) {
            json_decref(*out);
            *out = NULL;
            return ls_err_set(err, LS_EINVAL, "--units", NULL, "units",
                              "\"%s\" is not ACCOUNT=WHOLE_UNITS (e.g. CRQ=1000)", tok);
        }
        *eq = '\0';
        json_object_set_new(*out, tok, json_integer(v));
    }
    return 0;
}

static int print_result(int rc, json_t *out, const struct opts *o, const struct ls_err *err)
{
    if (rc) {
        json_decref(out);
        return cli_fail(err, o->json);
    }
    cli_print_json(out);
    return 0;
}

/* A request built from the flags of transfer, lock, unlock, cancel and retire. */
static int move_request(const char *type, const struct opts *o, const char *date, json_t **req,
                        struct ls_err *err)
{
    *req = json_pack("{s:s, s:s}", "type", type, "date", date);
    if (!strcmp(type, "transfer")) {
        json_object_set_new(*req, "from", json_string(o->from ? o->from : ""));
        json_object_set_new(*req, "to", json_string(o->to ? o->to : ""));
    } else
        json_object_set_new(*req, "holder", json_string(o->holder ? o->holder : ""));
    if (o->obligation)
        json_object_set_new(*req, "obligation", json_string(o->obligation));
    if (o->project)
        json_object_set_new(*req, "project", json_string(o->project));
    if (o->reason)
        json_object_set_new(*req, "reason", json_string(o->reason));
    if (o->units) {
        json_t *u = NULL;
        if (units_json(o->units, &u, err)) {
            json_decref(*req);
            *req = NULL;
            return -LS_EINVAL;
        }
        json_object_set_new(*req, "units", u);
    }
    if (o->nserials) {
        json_t *a = json_array();
        for (int i = 0; i < o->nserials; i++)
            json_array_append_new(a, json_string(o->serials[i]));
        json_object_set_new(*req, "serials", a);
    }
    return 0;
}

static int accept_cmd(struct ls_store *st, struct ind *in, const struct opts *o, const char *date,
                      int monitor, json_t **out, struct ls_err *err)
{
    if (!o->nargs || !o->data || (!monitor && !o->baseline))
        return ls_err_set(err, LS_EINVAL, monitor ? "indicator monitor" : "indicator accept", NULL,
                          NULL, "%s",
                          monitor ? "monitor PROJECT --data LATER.gpkg"
                                  : "accept PROJECT --data COUNTY.gpkg --baseline BASELINE.gpkg");
    struct zn_rules rules;
    int rc = app_rules_open(o->rules ? o->rules : "cn-national-2024", &rules, err);
    if (rc)
        return rc;
    struct zn_data cur, base;
    static const char *const base_layers[] = { "landuse_patch", "shoreline", NULL };
    rc = zn_data_open(o->data, &rules, &cur, err);
    if (!rc && (rc = zn_data_open_layers(monitor ? o->data : o->baseline, &rules, base_layers,
                                         &base, err)) != 0)
        zn_data_free(&cur);
    if (rc) {
        zn_rules_free(&rules);
        return rc;
    }
    struct geo_area_ctx *area = NULL;
    rc = geo_area_ctx_new(&cur.crs, &area, err);
    if (!rc) {
        json_t *p = NULL;
        rc = app_indicator_show(st, in, o->args[0], &p, err);
        const char *county = p ? json_string_value(json_object_get(p, "county")) : "";
        struct app_accept_data d = {
            &cur, &base, &rules, area, app_indicator_withdrawal_k(county ? county : ""), o->gep
        };
        if (!rc)
            rc = monitor ? app_indicator_monitor(st, in, &d, o->args[0], date, o->actor,
                                                 o->recorded, out, err)
                         : app_indicator_accept(st, in, &d, o->args[0], date, o->actor, o->recorded,
                                                out, err);
        json_decref(p);
    }
    geo_area_ctx_free(area);
    zn_data_free(&base);
    zn_data_free(&cur);
    zn_rules_free(&rules);
    return rc;
}

static json_t *load_file(const char *path, struct ls_err *err)
{
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j)
        ls_err_set(err, LS_EINVAL, path, je.line > 0 ? "line" : NULL, NULL, "%s", je.text);
    return j;
}

int cmd_indicator(int argc, char **argv)
{
    struct opts o;
    const char *op = argc > 1 ? argv[1] : "";
    if (!*op || !strcmp(op, "--help") || !strcmp(op, "-h")) {
        fputs(usage_text, *op ? stdout : stderr);
        return *op ? 0 : 1;
    }
    if (parse(argc, argv, &o))
        return 1;
    char day[16];
    const char *date = o.date ? o.date : today(day);
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    struct ind *in = NULL;
    if (app_indicator_open(o.store, &st, &r, &in, &err))
        return cli_fail(&err, o.json);
    json_t *out = NULL, *req = NULL;
    int rc;
    const char *a0 = o.nargs ? o.args[0] : NULL;
    /* evidence kept beside a GeoPackage store unless a folder is named */
    char evdir[1200] = "";
    if (o.evidence_dir)
        snprintf(evdir, sizeof evdir, "%s", o.evidence_dir);
    else if (o.store && strlen(o.store) > 5 && !strcmp(o.store + strlen(o.store) - 5, ".gpkg"))
        snprintf(evdir, sizeof evdir, "%s.evidence", o.store);
    if (!strcmp(op, "submit") || !strcmp(op, "project")) {
        req = a0 ? load_file(a0, &err) : NULL;
        rc = !a0   ? ls_err_set(&err, LS_EINVAL, "indicator", NULL, NULL, "%s FILE.json", op)
             : req ? 0
                   : -LS_EINVAL;
        if (!rc && o.nevidence) {
            json_t *ev = json_object_get(req, "evidence");
            if (!json_is_array(ev)) {
                ev = json_array();
                json_object_set_new(req, "evidence", ev);
            }
            for (int i = 0; !rc && i < o.nevidence; i++)
                rc = !*evdir
                         ? ls_err_set(&err, LS_EINVAL, "indicator project", NULL, "evidence_dir",
                                      "name the --evidence-dir for the documents")
                         : app_indicator_evidence_put(evdir, o.evidence[i], ev, &err);
        }
        if (!rc)
            rc = app_indicator_apply(st, in, req, o.actor, o.recorded, a0, o.dry_run, &out, &err);
    } else if (!strcmp(op, "accept") || !strcmp(op, "monitor"))
        rc = accept_cmd(st, in, &o, date, !strcmp(op, "monitor"), &out, &err);
    else if (!strcmp(op, "reject") || !strcmp(op, "issue") || !strcmp(op, "deduct")) {
        req = json_pack("{s:s, s:s, s:s}", "type", op, "date", date, "project", a0 ? a0 : "");
        if (o.reason)
            json_object_set_new(req, "reason", json_string(o.reason));
        if (o.holder)
            json_object_set_new(req, "holder", json_string(o.holder));
        rc = 0;
        if (o.check) {
            json_t *check = load_file(o.check, &err);
            if (!check)
                rc = -LS_EINVAL;
            else
                json_object_set_new(req, "check", check);
        }
        if (!rc)
            rc = app_indicator_apply(st, in, req, o.actor, o.recorded, op, o.dry_run, &out, &err);
    } else if (!strcmp(op, "transfer") || !strcmp(op, "lock") || !strcmp(op, "unlock") ||
               !strcmp(op, "cancel") || !strcmp(op, "retire")) {
        rc = move_request(op, &o, date, &req, &err);
        if (!rc)
            rc = app_indicator_apply(st, in, req, o.actor, o.recorded, op, o.dry_run, &out, &err);
    } else if (!strcmp(op, "obligation")) {
        json_t *check = o.check ? load_file(o.check, &err) : NULL;
        if (!o.check || !o.id || !o.county)
            rc = ls_err_set(&err, LS_EINVAL, "indicator obligation", NULL, NULL,
                            "obligation --check CHECK.json --id ID --county ADCODE");
        else if (!check)
            rc = -LS_EINVAL;
        else
            rc = app_indicator_obligation_from_check(check, o.id, o.county, date, &req, &err);
        json_decref(check);
        if (!rc)
            rc = app_indicator_apply(st, in, req, o.actor, o.recorded, o.check, o.dry_run, &out,
                                     &err);
    } else if (!strcmp(op, "show"))
        rc = app_indicator_show(st, in, a0 ? a0 : "", &out, &err);
    else if (!strcmp(op, "projects"))
        rc = app_indicator_projects(st, in, o.county, o.state, &out, &err);
    else if (!strcmp(op, "holdings"))
        rc = app_indicator_holdings(st, in, a0 ? a0 : "", &out, &err);
    else if (!strcmp(op, "obligations"))
        rc = app_indicator_obligations(st, in, a0, o.county, &out, &err);
    else if (!strcmp(op, "history"))
        rc = app_indicator_history(st, in, a0 ? a0 : "", &out, &err);
    else if (!strcmp(op, "report"))
        rc = app_indicator_report(st, in, o.as_of, &out, &err);
    else if (!strcmp(op, "verify")) {
        rc = app_indicator_verify(st, in, &out, &err);
        /* the documents too, when their folder is named or beside the store */
        struct stat sb;
        if (!rc && *evdir && (o.evidence_dir || stat(evdir, &sb) == 0)) {
            json_t *ev = NULL;
            rc = app_indicator_evidence_verify(st, in, evdir, &ev, &err);
            if (!rc) {
                if (!json_is_true(json_object_get(ev, "ok")))
                    json_object_set_new(out, "ok", json_false());
                json_object_set_new(out, "evidence", ev);
            }
        }
        if (!rc && !json_is_true(json_object_get(out, "ok"))) {
            cli_print_json(out);
            app_indicator_close(st, r, in);
            return 1;
        }
    } else {
        app_indicator_close(st, r, in);
        return cli_usage_error("indicator", "unknown command \"%s\"", op);
    }
    json_decref(req);
    /* a failed acceptance prints the whole check, with the refusal that names the rule as
     * its "error", and exits 1 */
    if (rc && out && (!strcmp(op, "accept") || !strcmp(op, "monitor"))) {
        cli_fail(&err, 0);
        json_object_set_new(
            out, "error",
            json_pack("{s:s, s:s}", "code", ls_err_name(err.code), "message", err.msg));
        if (o.json)
            cli_print_json(out);
        else
            json_decref(out);
        app_indicator_close(st, r, in);
        return ls_err_exit_code(err.code);
    }
    rc = print_result(rc, out, &o, &err);
    app_indicator_close(st, r, in);
    return rc;
}
