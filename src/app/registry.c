/*
 * app/registry — registry and ledger use cases shared by the command line and the server.
 */
#include "app/registry.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/auth.h"
#include "app/tsa.h"
#include "bundle/bundle.h"
#include "compensation/compensation.h"
#include "contract/contract.h"
#include "damage/damage.h"
#include "indicator/indicator.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/timestamp.h"
#include "plan/plan.h"
#include "valuation/valuation.h"
#include "venue/venue.h"

int app_registry_open(const char *target, struct ls_store **st, struct reg **r, struct ls_err *err)
{
    *st = NULL;
    *r = NULL;
    if (!target || !*target)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "store",
                          "no store named: a GeoPackage path or a postgresql:// address");
    int rc = st_open(target, NULL, st, err);
    if (!rc)
        rc = reg_open(*st, r, err);
    if (rc) {
        st_close(*st);
        *st = NULL;
    }
    return rc;
}

void app_registry_close(struct ls_store *st, struct reg *r)
{
    reg_close(r);
    st_close(st);
}

int app_registry_batch_check(const json_t *apps, const char *input, struct ls_err *err)
{
    /* an empty list would commit nothing and report success: a batch that records nothing
     * is always a mistake in the file, so it is refused like a malformed one */
    if (!json_is_object(apps) && !(json_is_array(apps) && json_array_size(apps) > 0))
        return ls_err_set(err, LS_EINVAL, input, NULL, NULL,
                          "give one application (a JSON object) or a non-empty list of them");
    /* the type decides every other rule: without it no rule can say anything useful, so it
     * is asked for before any runs (a missing type used to be reported as a bad date) */
    size_t n = json_is_array(apps) ? json_array_size(apps) : 1;
    for (size_t i = 0; i < n; i++) {
        const json_t *a = json_is_array(apps) ? json_array_get(apps, i) : apps;
        const char *type = json_string_value(json_object_get(a, "type"));
        if (!json_is_object(a) || !type || !*type) {
            char where[32];
            snprintf(where, sizeof where, "application %zu", i + 1);
            return ls_err_set(err, LS_EINVAL, input, where, "type",
                              "%s has no \"type\" (party, first, transfer, change, correct, "
                              "mortgage, mortgage_release, seizure, objection, release, cancel)",
                              json_is_object(a) ? "the application" : "a non-object");
        }
    }
    return 0;
}

int app_registry_apply(struct ls_store *st, struct reg *r, json_t *apps,
                       const struct reg_submit_opts *so, const char *input, int dry_run,
                       json_t **out, struct ls_err *err)
{
    *out = NULL;
    int rc = app_registry_batch_check(apps, input, err);
    if (rc)
        return rc;
    json_t *list = json_is_array(apps) ? apps : NULL;
    size_t n = list ? json_array_size(list) : 1;
    json_t *done = json_array(), *certs = json_object();
    rc = st_begin_write(st, err);
    for (size_t i = 0; !rc && i < n; i++) {
        char in[600];
        if (list)
            snprintf(in, sizeof in, "%s [%zu]", input, i);
        else
            snprintf(in, sizeof in, "%s", input);
        long long seq = 0;
        rc = reg_submit(r, list ? json_array_get(list, i) : apps, so, in, &seq, err);
        if (!rc)
            rc = reg_certificates_issued(r, seq, certs, err);
        if (!rc)
            json_array_append_new(done, json_integer(seq));
    }
    /* all or nothing: one refusal rolls back the applications before it in the batch; a dry
     * run (预审) goes through every rule and then rolls back what passed */
    if (!rc && !dry_run)
        rc = st_commit(st, err);
    if (rc || dry_run)
        st_rollback(st);
    if (rc) {
        json_decref(done);
        json_decref(certs);
        return rc;
    }
    *out = dry_run ? json_pack("{s:b,s:I,s:o}", "dry_run", 1, "checked", (json_int_t)n,
                               "certificates", certs)
                   : json_pack("{s:o,s:o}", "recorded", done, "certificates", certs);
    if (dry_run)
        json_decref(done);
    return 0;
}

int app_registry_refused(int rc)
{
    /* reg_submit refuses with EINVAL (a rule broken), ENOENT (a record it names is not
     * registered) or EEXIST (a code already taken); anything else is the store failing */
    return rc == -LS_EINVAL || rc == -LS_ENOENT || rc == -LS_EEXIST;
}

/* Reads run inside one read transaction so a search, or a unit with its rights, is one
 * snapshot even while a writer commits between the statements (WAL or MVCC). */
static int end_read(struct ls_store *st, int rc)
{
    st_rollback(st);
    return rc;
}

static int search_page(struct reg *r, const struct reg_query *q, json_t **out, struct ls_err *err)
{
    int rc = reg_search(r, q, out, err);
    if (!rc && q->limit > 0 && json_array_size(json_object_get(*out, "units")) == (size_t)q->limit)
        json_object_set_new(*out, "next", json_pack("{s:I}", "offset", q->offset + q->limit));
    return rc;
}

int app_registry_search(struct ls_store *st, struct reg *r, const struct reg_query *q, json_t **out,
                        struct ls_err *err)
{
    int rc = st_begin_read(st, err);
    return end_read(st, rc ? rc : search_page(r, q, out, err));
}

int app_registry_show(struct ls_store *st, struct reg *r, const char *code, const char *as_of,
                      json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(st, err);
    return end_read(st, rc ? rc : reg_show(r, code, as_of, out, err));
}

int app_registry_history(struct ls_store *st, struct reg *r, const char *code, json_t **out,
                         struct ls_err *err)
{
    int rc = st_begin_read(st, err);
    return end_read(st, rc ? rc : reg_history(r, code, out, err));
}

int app_ledger_head(struct ls_store *st, json_t **out, struct ls_err *err)
{
    long long seq = 0;
    char hash[LG_HASH_HEX] = "";
    int rc = lg_head(st, &seq, hash, err);
    if (!rc)
        *out = json_pack("{s:I,s:s,s:s}", "events", (json_int_t)seq, "head", hash, "algorithm",
                         lg_algorithm(st));
    return rc;
}

static int chain_json(struct ls_store *st, json_t **out, struct ls_err *err)
{
    struct lg_verify_report v;
    int rc = lg_verify(st, &v, err);
    if (!rc)
        *out = json_pack("{s:b,s:I,s:s,s:s,s:I,s:s}", "ok", v.ok, "events", (json_int_t)v.events,
                         "algorithm", v.algorithm, "head", v.head_hash, "bad_seq",
                         (json_int_t)v.bad_seq, "why", v.why);
    return rc;
}

static int is_checkpoint_name(const char *n)
{
    size_t len = strlen(n);
    return len > 16 && !strncmp(n, "checkpoint-", 11) && !strcmp(n + len - 5, ".json");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The checkpoint files of dir, sorted (their names carry the zero-padded seq). */
static int checkpoint_files(const char *dir, char ***names, size_t *n, struct ls_err *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ls_err_set(err, LS_ENOENT, dir, NULL, "checkpoints", "cannot open the folder: %s",
                          ls_strerror(errno));
    size_t cap = 0;
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d))) {
        if (!is_checkpoint_name(e->d_name))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **nn = realloc(*names, cap * sizeof *nn);
            if (!nn) {
                rc = ls_err_set(err, LS_ENOMEM, dir, NULL, NULL, "out of memory");
                break;
            }
            *names = nn;
        }
        if (!((*names)[*n] = strdup(e->d_name)))
            rc = ls_err_set(err, LS_ENOMEM, dir, NULL, NULL, "out of memory");
        else
            (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof **names, by_name);
    return rc;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The checkpoint's RFC 3161 stamp, over its signature text, against the TSA's CA: a missing
 * stamp fails like a bad one, since whoever asks for stamps relies on them. */
static int check_timestamp(const char *path, const struct lg_checkpoint *c, const char *ca,
                           json_t *row, int *all_ok, struct ls_err *err)
{
    json_error_t je;
    json_t *o = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    const char *token =
        json_string_value(json_object_get(json_object_get(o, "timestamp"), "token"));
    char at[32] = "", why[256] = "the checkpoint carries no time-stamp";
    int ok = 0;
    if (token)
        ok = lg_ts_verify(token, c->signature, strlen(c->signature), ca, at, why, err);
    json_decref(o);
    if (ok < 0)
        return ok;
    *all_ok &= ok;
    json_object_set_new(row, "timestamp_ok", json_boolean(ok));
    json_object_set_new(row, "timestamped_at", ok ? json_string(at) : json_null());
    if (!ok) {
        const char *prev = json_string_value(json_object_get(row, "why"));
        char both[600];
        snprintf(both, sizeof both, "%s%s%s", prev && *prev ? prev : "", prev && *prev ? "; " : "",
                 why);
        json_object_set_new(row, "why", json_string(both));
    }
    return 0;
}

static int verify_checkpoints(struct ls_store *st, const struct app_verify_opts *o, json_t *report,
                              int *all_ok, struct ls_err *err)
{
    struct lg_key *key = NULL;
    int rc = lg_key_load(o->public_key, 0, &key, err);
    char **names = NULL;
    size_t n = 0;
    if (!rc)
        rc = checkpoint_files(o->checkpoints_dir, &names, &n, err);
    if (!rc && !n)
        rc = ls_err_set(err, LS_ENOENT, o->checkpoints_dir, NULL, "checkpoints",
                        "no checkpoint-*.json in the folder");
    json_t *a = json_array();
    for (size_t i = 0; !rc && i < n; i++) {
        char path[2048], why[256] = "";
        snprintf(path, sizeof path, "%s/%s", o->checkpoints_dir, names[i]);
        struct lg_checkpoint c;
        rc = lg_ckpt_read(path, &c, err);
        if (rc)
            break;
        int sig = lg_ckpt_signature_ok(&c, key);
        int match = 0;
        if (!sig)
            snprintf(why, sizeof why, "the signature is not valid for this public key");
        else if ((match = lg_ckpt_matches(st, &c, why, err)) < 0)
            rc = match;
        *all_ok &= sig && match == 1;
        json_t *row = json_pack("{s:s,s:I,s:b,s:b,s:s}", "file", names[i], "seq", (json_int_t)c.seq,
                                "signature_ok", sig, "matches", match == 1, "why", why);
        if (!rc && o->tsa_ca)
            rc = check_timestamp(path, &c, o->tsa_ca, row, all_ok, err);
        json_array_append_new(a, row);
    }
    json_object_set_new(report, "checkpoints", a);
    free_names(names, n);
    lg_key_free(key);
    return rc;
}

/* "HASH" anywhere in the chain, or "SEQ:HASH" exactly there. */
static int expect_head(struct ls_store *st, const char *want, json_t *report, int *all_ok,
                       struct ls_err *err)
{
    const char *colon = strchr(want, ':');
    const char *hash = colon ? colon + 1 : want;
    /* a mistyped head would otherwise read as "not in this ledger": a false alarm of a
     * rewrite, so the form is checked first (SEQ digits, then 64 hex digits) */
    char *end = NULL;
    long long seq = colon ? strtoll(want, &end, 10) : 0;
    int ok = strlen(hash) == 64 && strspn(hash, "0123456789abcdef") == 64 &&
             (!colon || (end == colon && seq > 0));
    if (!ok)
        return ls_err_set(err, LS_EINVAL, want, NULL, "expect_head",
                          "a head is its 64-hex-digit hash, or SEQ:HASH");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st,
                        colon ? "SELECT seq FROM ledger_event WHERE hash = ? AND seq = ?"
                              : "SELECT seq FROM ledger_event WHERE hash = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, hash);
    if (colon)
        st_bind_int(s, 2, seq);
    rc = st_step(s, err);
    st_finalize(s);
    if (rc < 0)
        return rc;
    *all_ok &= rc == 1;
    json_object_set_new(report, "expected_head",
                        json_pack("{s:s,s:b}", "head", want, "found", rc == 1));
    return 0;
}

int app_ledger_verify(struct ls_store *st, const struct app_verify_opts *o, json_t **out,
                      struct ls_err *err)
{
    *out = NULL;
    int rc = st_begin_read(st, err);
    if (!rc)
        rc = chain_json(st, out, err);
    int ok = *out && json_is_true(json_object_get(*out, "ok"));
    if (!rc && o && o->accounts) {
        char why[256];
        int m = app_auth_accounts_match(st, why, err);
        if (m < 0)
            rc = m;
        ok &= m == 1;
        json_object_set_new(*out, "accounts_match", json_boolean(m == 1));
        json_object_set_new(*out, "accounts_why", json_string(why));
    }
    if (!rc && o && o->checkpoints_dir)
        rc = verify_checkpoints(st, o, *out, &ok, err);
    if (!rc && o && o->expect_head)
        rc = expect_head(st, o->expect_head, *out, &ok, err);
    st_rollback(st);
    /* the projections are replayed in a write transaction of their own, rolled back: the
     * register the faces read must be what the journal says, not only the journal intact */
    if (!rc && o && o->reg) {
        struct reg_rebuild_report rep;
        rc = app_ledger_rebuild(st, o->reg, 1, &rep, err);
        if (!rc) {
            ok &= rep.identical;
            json_object_set_new(*out, "projections_identical", json_boolean(rep.identical));
        }
    }
    if (rc) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    json_object_set_new(*out, "ok", json_boolean(ok));
    return 0;
}

static int project_indicator(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return ind_project(ctx, ev, err);
}

static int project_market(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return vn_project(ctx, ev, err);
}

static int project_valuation(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return val_project(ctx, ev, err);
}

static int project_bundle(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return bnd_project(ctx, ev, err);
}

static int project_contract(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return con_project(ctx, ev, err);
}

static int project_plan(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return pln_project(ctx, ev, err);
}

static int project_compensation(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return cmp_project(ctx, ev, err);
}

static int project_damage(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return dmg_project(ctx, ev, err);
}

int app_ledger_rebuild(struct ls_store *st, struct reg *r, int check_only,
                       struct reg_rebuild_report *rep, struct ls_err *err)
{
    struct ind *in = NULL;
    struct venue *v = NULL;
    struct val_register *vr = NULL;
    struct bnd *bn = NULL;
    struct con *cn = NULL;
    struct pln *pn = NULL;
    struct cmp *cp = NULL;
    struct dmg *dm = NULL;
    int rc = ind_open(st, r, &in, err);
    if (!rc)
        rc = vn_open(st, r, in, &v, err);
    if (!rc)
        rc = val_register_open(st, r, &vr, err);
    if (!rc)
        rc = bnd_open(st, r, vr, &bn, err);
    if (!rc)
        rc = con_open(st, r, &cn, err);
    if (!rc)
        rc = pln_open(st, r, cn, &pn, err);
    if (!rc)
        rc = cmp_open(st, &cp, err);
    if (!rc)
        rc = dmg_open(st, &dm, err);
    if (rc) {
        cmp_close(cp);
        pln_close(pn);
        con_close(cn);
        bnd_close(bn);
        val_register_close(vr);
        vn_close(v);
        ind_close(in);
        return rc;
    }
    struct reg_projector more[] = { { "indicator.", ind_projection_tables, ind_projection_keys,
                                      IND_PROJECTION_TABLES, project_indicator, in },
                                    { "market.", vn_projection_tables, vn_projection_keys,
                                      VN_PROJECTION_TABLES, project_market, v },
                                    { "valuation.", val_projection_tables, val_projection_keys,
                                      VAL_PROJECTION_TABLES, project_valuation, vr },
                                    { "bundle.", bnd_projection_tables, bnd_projection_keys,
                                      BND_PROJECTION_TABLES, project_bundle, bn },
                                    { "contract.", con_projection_tables, con_projection_keys,
                                      CON_PROJECTION_TABLES, project_contract, cn },
                                    { "plan.", pln_projection_tables, pln_projection_keys,
                                      PLN_PROJECTION_TABLES, project_plan, pn },
                                    { "compensation.", cmp_projection_tables, cmp_projection_keys,
                                      CMP_PROJECTION_TABLES, project_compensation, cp },
                                    { "damage.", dmg_projection_tables, dmg_projection_keys,
                                      DMG_PROJECTION_TABLES, project_damage, dm } };
    rc = reg_rebuild(r, more, 8, check_only, rep, err);
    dmg_close(dm);
    cmp_close(cp);
    pln_close(pn);
    con_close(cn);
    bnd_close(bn);
    val_register_close(vr);
    vn_close(v);
    ind_close(in);
    return rc;
}

/* "timestamp": {"tsa", "time", "token"} added to the checkpoint's JSON text. */
static int stamp(const struct lg_checkpoint *c, const char *tsa_url, char **text,
                 struct ls_err *err)
{
    char *token = NULL, at[32];
    int rc = app_tsa_stamp(tsa_url, c->signature, strlen(c->signature), &token, at, err);
    json_error_t je;
    json_t *o = rc ? NULL : json_loads(*text, 0, &je);
    char *stamped = NULL;
    if (o) {
        json_object_set_new(o, "timestamp",
                            json_pack("{s:s,s:s,s:s}", "tsa", tsa_url, "time", at, "token", token));
        stamped = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
        json_decref(o);
    }
    free(token);
    /* a stamp asked for is never dropped silently: without it nothing is written */
    if (!rc && !stamped)
        rc = ls_err_set(err, LS_ENOMEM, tsa_url, NULL, "tsa", "out of memory adding the stamp");
    if (!rc) {
        free(*text);
        *text = stamped;
    }
    return rc;
}

int app_ledger_checkpoint(struct ls_store *st, const char *private_key, const char *dir,
                          const char *signed_at, const char *tsa_url, json_t **out,
                          struct ls_err *err)
{
    *out = NULL;
    struct lg_key *key = NULL;
    int rc = lg_key_load(private_key, 1, &key, err);
    struct lg_checkpoint c;
    if (!rc)
        rc = lg_ckpt_sign(st, key, signed_at, &c, err);
    lg_key_free(key);
    if (rc)
        return rc;
    char *text = lg_ckpt_to_json(&c);
    if (text && tsa_url && (rc = stamp(&c, tsa_url, &text, err))) {
        free(text);
        return rc;
    }
    char path[2048], tmp[2100];
    snprintf(path, sizeof path, "%s/checkpoint-%012lld.json", dir, c.seq);
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = text ? fopen(tmp, "w") : NULL;
    int ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    if (f)
        ok &= fclose(f) == 0;
    /* published whole or not at all: a reader never sees half a checkpoint */
    if (ok)
        ok = rename(tmp, path) == 0;
    if (!ok) {
        rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the checkpoint: %s",
                        ls_strerror(errno));
        unlink(tmp);
    }
    json_error_t je;
    if (!rc)
        *out = json_loads(text, 0, &je);
    free(text);
    return rc;
}

int app_ledger_checkpoints_list(const char *dir, json_t **out, struct ls_err *err)
{
    char **names = NULL;
    size_t n = 0;
    *out = NULL;
    int rc = checkpoint_files(dir, &names, &n, err);
    json_t *a = json_array();
    for (size_t i = 0; !rc && i < n; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        json_error_t je;
        json_t *c = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
        if (c)
            json_array_append_new(a, c);
    }
    free_names(names, n);
    if (rc) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}
