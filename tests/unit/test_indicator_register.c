/*
 * The indicator register on a real store: a hand-worked cropland project through acceptance,
 * issuance, a partial transfer, retirement against obligations with the 13号 rules, a
 * deduction; every bad request of issue 19 refused by its rule with nothing written; the
 * ledger replayed into identical projections; and a property test — random operations
 * against a small model of balances written here, independent of the module — checking
 * every balance after every step and the invariants (indicator verify) along the way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "indicator/indicator.h"
#include "registry/rebuild.h"

#define SQUARE                                                                                 \
    "01030000000100000005000000000000801750834100000000682f4841000000a01a50834100000000682f48" \
    "41000000a01a508341000000009a2f48410000008017508341000000009a2f48410000008017508341000000" \
    "00682f4841"
#define EVIDENCE "[{\"name\":\"验收报告.pdf\",\"sha256\":\"" SHA "\"}]"
#define SHA      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

struct fx {
    char path[512];
    struct ls_store *st;
    struct reg *reg;
    struct ind *in;
    struct ls_err err;
};

static struct fx *fx_open(const char *name)
{
    struct fx *f = calloc(1, sizeof *f);
    const char *tmp = getenv("LS_TEST_TMP");
    snprintf(f->path, sizeof f->path, "%s/%s-%d.gpkg", tmp && *tmp ? tmp : "/tmp", name,
             (int)getpid());
    unlink(f->path);
    struct st_create cr = { .srid = 4528, .hash = "sha256", .created = "2026-01-01T00:00:00Z" };
    assert_int_equal(st_open(f->path, &cr, &f->st, &f->err), 0);
    assert_int_equal(reg_open(f->st, &f->reg, &f->err), 0);
    assert_int_equal(ind_open(f->st, f->reg, &f->in, &f->err), 0);
    static const char *const parties[] = { "OWNER", "BUYER", "OTHER", "H4", "H5" };
    assert_int_equal(st_begin_write(f->st, &f->err), 0);
    for (size_t i = 0; i < sizeof parties / sizeof parties[0]; i++) {
        char text[256];
        snprintf(text, sizeof text,
                 "{\"type\":\"party\",\"date\":\"2025-01-01\",\"party\":{\"id\":\"%s\","
                 "\"name\":\"%s\",\"kind\":\"enterprise\"}}",
                 parties[i], parties[i]);
        json_t *app = json_loads(text, 0, NULL);
        struct reg_submit_opts o = { "test", "2025-01-01T00:00:00Z" };
        assert_int_equal(reg_submit(f->reg, app, &o, "parties", NULL, &f->err), 0);
        json_decref(app);
    }
    assert_int_equal(st_commit(f->st, &f->err), 0);
    return f;
}

static void fx_close(struct fx *f)
{
    ind_close(f->in);
    reg_close(f->reg);
    st_close(f->st);
    unlink(f->path);
    free(f);
}

/* Submits one request in its own transaction. want_rule NULL: must succeed; else must be
 * refused with that rule named, and the ledger must not grow. */
static json_t *req(struct fx *f, const char *want_rule, const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    json_error_t je;
    json_t *r = json_loads(text, 0, &je);
    if (!r)
        fail_msg("bad test JSON: %s: %s", je.text, text);
    long long before = 0, after = 0;
    char hash[LG_HASH_HEX];
    assert_int_equal(lg_head(f->st, &before, hash, &f->err), 0);
    assert_int_equal(st_begin_write(f->st, &f->err), 0);
    struct ind_submit_opts o = { "test", "2025-06-30T00:00:00Z", 0 };
    json_t *res = NULL;
    memset(&f->err, 0, sizeof f->err);
    int rc = ind_submit(f->in, r, &o, "test", NULL, &res, &f->err);
    json_decref(r);
    if (!want_rule) {
        if (rc)
            fail_msg("refused: %s (%s)", f->err.msg, text);
        assert_int_equal(st_commit(f->st, &f->err), 0);
        return res;
    }
    st_rollback(f->st);
    if (!rc)
        fail_msg("accepted, expected rule %s: %s", want_rule, text);
    char rule[96];
    snprintf(rule, sizeof rule, "rule %s:", want_rule);
    if (!strstr(f->err.msg, rule))
        fail_msg("expected %s, got: %s", rule, f->err.msg);
    assert_int_equal(lg_head(f->st, &after, hash, &f->err), 0);
    assert_int_equal(before, after);
    return NULL;
}

static long long balance(struct fx *f, const char *holder, const char *account, const char *state)
{
    json_t *h = NULL;
    assert_int_equal(ind_holdings(f->in, holder, 0, &h, &f->err), 0);
    long long v = json_integer_value(
        json_object_get(json_object_get(json_object_get(h, "accounts"), account), state));
    json_decref(h);
    return v;
}

static void verify_ok(struct fx *f)
{
    struct ind_verify_report rep;
    assert_int_equal(st_begin_read(f->st, &f->err), 0);
    assert_int_equal(ind_verify(f->in, &rep, &f->err), 0);
    st_rollback(f->st);
    if (!rep.ok)
        fail_msg("indicator verify: event %lld: %s", rep.bad_seq, rep.why);
}

static int project_ind(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    return ind_project(ctx, ev, err);
}

static void rebuild_identical(struct fx *f)
{
    struct reg_projector more[] = { { "indicator.", ind_projection_tables, ind_projection_keys,
                                      IND_PROJECTION_TABLES, project_ind, f->in } };
    struct reg_rebuild_report rep;
    assert_int_equal(reg_rebuild(f->reg, more, 1, 1, &rep, &f->err), 0);
    assert_int_equal(rep.ntables, REG_REBUILD_TABLES + IND_PROJECTION_TABLES);
    for (int i = 0; i < rep.ntables; i++)
        if (strcmp(rep.t[i].before, rep.t[i].after))
            fail_msg("%s differs after the replay", rep.t[i].table);
    assert_true(rep.identical);
}

/* P1: 10,000 m² reclaimed, 7,500 kg capacity, 4,000 m² of it paddy (the acceptance figures
 * come from the app's check; here they are given). P2: 6,000 m² of dry land. */
static void issue_two_projects(struct fx *f)
{
    json_decref(req(f, NULL,
                    "{\"type\":\"project\",\"date\":\"2025-03-01\",\"project\":\"P1\",\"class\":"
                    "\"cropland\",\"name\":\"东村垦造\",\"county\":\"331099\",\"owner\":\"OWNER\","
                    "\"evidence\":" EVIDENCE ",\"footprint\":\"" SQUARE "\"}"));
    json_decref(req(f, NULL,
                    "{\"type\":\"accept\",\"date\":\"2025-06-30\",\"project\":\"P1\",\"check\":{"
                    "\"passed\":true},\"quantities\":{\"CRQ\":10000,\"CRC\":7500,\"CRP\":4000},"
                    "\"attributes\":{\"quality_grade\":5}}"));
    json_t *r = req(f, NULL, "{\"type\":\"issue\",\"date\":\"2025-06-30\",\"project\":\"P1\"}");
    json_t *b = json_object_get(r, "batches");
    assert_int_equal(json_array_size(b), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(b, 0), "batch")),
                        "LS-CRQ-331099-P1-20250630-1");
    json_decref(r);
    json_decref(req(f, NULL,
                    "{\"type\":\"project\",\"date\":\"2025-03-02\",\"project\":\"P2\",\"class\":"
                    "\"cropland\",\"name\":\"西村垦造\",\"county\":\"331099\",\"owner\":\"OWNER\","
                    "\"evidence\":" EVIDENCE ",\"footprint\":\"" SQUARE "\"}"));
    json_decref(req(f, NULL,
                    "{\"type\":\"accept\",\"date\":\"2025-07-01\",\"project\":\"P2\",\"check\":{"
                    "\"passed\":true},\"quantities\":{\"CRQ\":6000,\"CRC\":3000}}"));
    json_decref(req(f, NULL, "{\"type\":\"issue\",\"date\":\"2025-07-01\",\"project\":\"P2\"}"));
}

static void a_cropland_project_from_acceptance_to_retirement(void **state)
{
    (void)state;
    struct fx *f = fx_open("ind-walk");
    issue_two_projects(f);
    assert_int_equal(balance(f, "OWNER", "CRQ", "active"), 16000);
    assert_int_equal(balance(f, "OWNER", "CRP", "active"), 4000);
    /* 4,250 of P1's quantity to BUYER: [1, 4250] moves, [4251, 10000] stays */
    json_t *r = req(f, NULL,
                    "{\"type\":\"transfer\",\"date\":\"2025-07-02\",\"from\":\"OWNER\",\"to\":"
                    "\"BUYER\",\"project\":\"P1\",\"units\":{\"CRQ\":4250,\"CRP\":2000,\"CRC\":"
                    "3000}}");
    json_t *m0 = json_array_get(json_object_get(r, "moves"), 0);
    assert_int_equal(json_integer_value(json_object_get(m0, "first")), 1);
    assert_int_equal(json_integer_value(json_object_get(m0, "last")), 4250);
    json_decref(r);
    assert_int_equal(balance(f, "BUYER", "CRQ", "active"), 4250);
    assert_int_equal(balance(f, "OWNER", "CRQ", "active"), 16000 - 4250);
    /* OB1 owes 3,000 m² with 1,500 m² of paddy and 2,000 kg */
    json_decref(req(f, NULL,
                    "{\"type\":\"obligation\",\"date\":\"2025-07-03\",\"obligation\":\"OB1\","
                    "\"kind\":\"cropland_occupation\",\"county\":\"331099\",\"source\":\"check "
                    "A\",\"required\":{\"CRQ\":3000,\"CRC\":2000,\"CRP\":1500}}"));
    /* retirement rules, each refused with nothing written */
    req(f, "retire.over_requirement",
        "{\"type\":\"retire\",\"date\":\"2025-07-04\",\"holder\":\"BUYER\",\"obligation\":"
        "\"OB1\",\"units\":{\"CRQ\":3001}}");
    req(f, "balance.insufficient",
        "{\"type\":\"retire\",\"date\":\"2025-07-04\",\"holder\":\"BUYER\",\"obligation\":"
        "\"OB1\",\"units\":{\"CRP\":2001}}");
    req(f, "retire.obligation_unknown",
        "{\"type\":\"retire\",\"date\":\"2025-07-04\",\"holder\":\"BUYER\",\"obligation\":"
        "\"OB9\",\"units\":{\"CRQ\":1}}");
    /* someone else's account: OWNER names BUYER's serial */
    req(f, "serial.not_held",
        "{\"type\":\"retire\",\"date\":\"2025-07-04\",\"holder\":\"OWNER\",\"obligation\":"
        "\"OB1\",\"serials\":[\"LS-CRQ-331099-P1-20250630-1-1-100\"]}");
    /* 占水田补水田: dry land (P2) may meet at most 3,000 − 1,500 of the quantity */
    req(f, "retire.paddy_for_paddy",
        "{\"type\":\"retire\",\"date\":\"2025-07-04\",\"holder\":\"OWNER\",\"obligation\":"
        "\"OB1\",\"project\":\"P2\",\"units\":{\"CRQ\":1501}}");
    json_decref(req(f, NULL,
                    "{\"type\":\"retire\",\"date\":\"2025-07-04\",\"holder\":\"OWNER\","
                    "\"obligation\":\"OB1\",\"project\":\"P2\",\"units\":{\"CRQ\":1500}}"));
    json_t *ob = NULL;
    assert_int_equal(ind_obligation_show(f->in, "OB1", &ob, &f->err), 0);
    assert_string_equal(json_string_value(json_object_get(ob, "state")), "partly_fulfilled");
    json_decref(ob);
    json_decref(req(f, NULL,
                    "{\"type\":\"retire\",\"date\":\"2025-07-05\",\"holder\":\"BUYER\","
                    "\"obligation\":\"OB1\",\"units\":{\"CRQ\":1500,\"CRP\":1500,\"CRC\":2000}}"));
    assert_int_equal(ind_obligation_show(f->in, "OB1", &ob, &f->err), 0);
    assert_string_equal(json_string_value(json_object_get(ob, "state")), "fulfilled");
    json_decref(ob);
    req(f, "retire.fulfilled",
        "{\"type\":\"retire\",\"date\":\"2025-07-06\",\"holder\":\"BUYER\",\"obligation\":"
        "\"OB1\",\"units\":{\"CRQ\":1}}");
    /* a retired serial never moves: BUYER's [1, 1500] of P1 were retired */
    req(f, "serial.retired",
        "{\"type\":\"transfer\",\"date\":\"2025-07-06\",\"from\":\"BUYER\",\"to\":\"OTHER\","
        "\"serials\":[\"LS-CRQ-331099-P1-20250630-1-1-10\"]}");
    req(f, "serial.twice",
        "{\"type\":\"transfer\",\"date\":\"2025-07-06\",\"from\":\"BUYER\",\"to\":\"OTHER\","
        "\"serials\":[\"LS-CRQ-331099-P1-20250630-1-1501-1600\","
        "\"LS-CRQ-331099-P1-20250630-1-1600-1700\"]}");
    /* quantities: negative, overflowing, fractional (no 0.5 unit), and issuing twice */
    req(f, "units.range",
        "{\"type\":\"transfer\",\"date\":\"2025-07-06\",\"from\":\"BUYER\",\"to\":\"OTHER\","
        "\"units\":{\"CRQ\":-5}}");
    req(f, "units.range",
        "{\"type\":\"transfer\",\"date\":\"2025-07-06\",\"from\":\"BUYER\",\"to\":\"OTHER\","
        "\"units\":{\"CRQ\":9223372036854775807}}");
    req(f, "units.integer",
        "{\"type\":\"transfer\",\"date\":\"2025-07-06\",\"from\":\"BUYER\",\"to\":\"OTHER\","
        "\"units\":{\"CRQ\":0.5}}");
    req(f, "issue.once", "{\"type\":\"issue\",\"date\":\"2025-07-06\",\"project\":\"P1\"}");
    req(f, "accept.state",
        "{\"type\":\"accept\",\"date\":\"2025-07-06\",\"project\":\"P1\",\"check\":{\"passed\":"
        "true},\"quantities\":{\"CRQ\":1}}");
    req(f, "holder.unknown",
        "{\"type\":\"transfer\",\"date\":\"2025-07-06\",\"from\":\"BUYER\",\"to\":\"NOBODY\","
        "\"units\":{\"CRQ\":1}}");
    /* a sink credit of another province meets an offset; cropland of another province is
     * refused: the class table keeps cropland in its province */
    json_decref(req(f, NULL,
                    "{\"type\":\"obligation\",\"date\":\"2025-07-06\",\"obligation\":\"OB2\","
                    "\"kind\":\"cropland_occupation\",\"county\":\"320102\",\"required\":{"
                    "\"CRQ\":100}}"));
    req(f, "balance.insufficient",
        "{\"type\":\"retire\",\"date\":\"2025-07-06\",\"holder\":\"OWNER\",\"obligation\":"
        "\"OB2\",\"units\":{\"CRQ\":100}}");
    req(f, "retire.province",
        "{\"type\":\"retire\",\"date\":\"2025-07-06\",\"holder\":\"OWNER\",\"obligation\":"
        "\"OB2\",\"serials\":[\"LS-CRQ-331099-P1-20250630-1-5001-5100\"]}");
    /* monitoring finds P2's parcel not cropland: its 4,500 unretired m² are deducted, the
     * 1,500 retired stay retired, and OB1, which they fulfilled, is flagged */
    json_t *d = req(f, NULL,
                    "{\"type\":\"deduct\",\"date\":\"2026-06-30\",\"project\":\"P2\",\"reason\":"
                    "\"2026 年度变更调查: not cropland\"}");
    assert_int_equal(json_array_size(json_object_get(d, "flagged")), 1);
    json_decref(d);
    assert_int_equal(balance(f, "OWNER", "CRQ", "deducted"), 4500);
    assert_int_equal(balance(f, "OWNER", "CRQ", "retired"), 1500);
    assert_int_equal(balance(f, "OWNER", "CRC", "deducted"), 3000);
    assert_int_equal(ind_obligation_show(f->in, "OB1", &ob, &f->err), 0);
    assert_true(json_is_true(json_object_get(ob, "flagged")));
    json_decref(ob);
    /* issued = active + locked + retired + cancelled + deducted, per county and account */
    json_t *rep = NULL;
    assert_int_equal(ind_report(f->in, NULL, &rep, &f->err), 0);
    json_t *crq = json_object_get(
        json_object_get(json_object_get(json_object_get(rep, "counties"), "331099"), "accounts"),
        "CRQ");
    assert_int_equal(json_integer_value(json_object_get(crq, "issued")), 16000);
    assert_int_equal(json_integer_value(json_object_get(crq, "retired")), 3000);
    assert_int_equal(json_integer_value(json_object_get(crq, "deducted")), 4500);
    assert_int_equal(json_integer_value(json_object_get(crq, "active")), 8500);
    json_decref(rep);
    /* as of the day before the deduction, nothing was deducted */
    assert_int_equal(ind_report(f->in, "2026-06-29", &rep, &f->err), 0);
    crq = json_object_get(
        json_object_get(json_object_get(json_object_get(rep, "counties"), "331099"), "accounts"),
        "CRQ");
    assert_int_equal(json_integer_value(json_object_get(crq, "deducted")), 0);
    json_decref(rep);
    /* the history of a serial names the events that moved its units */
    json_t *h = NULL;
    assert_int_equal(ind_history(f->in, "LS-CRQ-331099-P1-20250630-1-1-10", &h, &f->err), 0);
    assert_int_equal(json_array_size(h), 3); /* issue, transfer, retire */
    json_decref(h);
    verify_ok(f);
    rebuild_identical(f);
    fx_close(f);
}

/* verify finds a projection edited behind the ledger's back */
static void verify_catches_an_edited_projection(void **state)
{
    (void)state;
    struct fx *f = fx_open("ind-edit");
    issue_two_projects(f);
    verify_ok(f);
    assert_int_equal(st_begin_write(f->st, &f->err), 0);
    assert_int_equal(st_exec(f->st,
                             "UPDATE ind_block SET holder = 'OTHER' WHERE first_unit = 1 "
                             "AND batch_id = 'LS-CRQ-331099-P2-20250701-1'",
                             &f->err),
                     0);
    assert_int_equal(st_commit(f->st, &f->err), 0);
    struct ind_verify_report rep;
    assert_int_equal(st_begin_read(f->st, &f->err), 0);
    assert_int_equal(ind_verify(f->in, &rep, &f->err), 0);
    st_rollback(f->st);
    assert_false(rep.ok);
    assert_non_null(strstr(rep.why, "LS-CRQ-331099-P2-20250701-1-1-6000"));
    fx_close(f);
}

/* ---- property test: random operations against an independent model of balances ---- */

enum { NH = 5, NA = 2, NS = 3 }; /* holders, accounts (CRQ, CCS), states active/locked/out */
static const char *const holders[NH] = { "OWNER", "BUYER", "OTHER", "H4", "H5" };
static const char *const accounts[NA] = { "CRQ", "CCS" };

struct model {
    long long bal[NH][NA][NS]; /* [.][.][0] active, [1] locked, [2] retired or cancelled */
    long long ob_required[NA], ob_retired[NA];
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t next_rand(void)
{
    /* splitmix64: a fixed seed, so a failure is reproduced step by step */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void random_operations_agree_with_a_model(void **state)
{
    (void)state;
    struct fx *f = fx_open("ind-prop");
    long steps = 100000;
    const char *env = getenv("LS_PROPERTY_OPS");
    if (env && *env)
        steps = strtol(env, NULL, 10);
    struct model m;
    memset(&m, 0, sizeof m);
    /* a cropland project and a sink project, 1,000,000 units each to OWNER; one obligation
     * per class large enough to be met many times over */
    json_decref(req(f, NULL,
                    "{\"type\":\"project\",\"date\":\"2025-01-02\",\"project\":\"C1\",\"class\":"
                    "\"cropland\",\"name\":\"c\",\"county\":\"331099\",\"owner\":\"OWNER\","
                    "\"evidence\":" EVIDENCE ",\"footprint\":\"" SQUARE "\"}"));
    json_decref(req(f, NULL,
                    "{\"type\":\"accept\",\"date\":\"2025-01-02\",\"project\":\"C1\",\"check\":{"
                    "\"passed\":true},\"quantities\":{\"CRQ\":1000000}}"));
    json_decref(req(f, NULL, "{\"type\":\"issue\",\"date\":\"2025-01-02\",\"project\":\"C1\"}"));
    json_decref(req(f, NULL,
                    "{\"type\":\"project\",\"date\":\"2025-01-02\",\"project\":\"S1\",\"class\":"
                    "\"carbon_sink\",\"name\":\"s\",\"county\":\"331099\",\"owner\":\"OWNER\","
                    "\"evidence\":" EVIDENCE ",\"footprint\":\"" SQUARE "\"}"));
    json_decref(req(f, NULL,
                    "{\"type\":\"accept\",\"date\":\"2025-01-02\",\"project\":\"S1\",\"check\":{"
                    "\"passed\":true},\"quantities\":{\"CCS\":1000000}}"));
    json_decref(req(f, NULL, "{\"type\":\"issue\",\"date\":\"2025-01-02\",\"project\":\"S1\"}"));
    json_decref(req(f, NULL,
                    "{\"type\":\"obligation\",\"date\":\"2025-01-02\",\"obligation\":\"OC\","
                    "\"kind\":\"cropland_occupation\",\"county\":\"331099\",\"required\":{"
                    "\"CRQ\":300000}}"));
    json_decref(req(f, NULL,
                    "{\"type\":\"obligation\",\"date\":\"2025-01-02\",\"obligation\":\"OS\","
                    "\"kind\":\"offset\",\"county\":\"110101\",\"required\":{\"CCS\":300000}}"));
    m.bal[0][0][0] = m.bal[0][1][0] = 1000000;
    m.ob_required[0] = m.ob_required[1] = 300000;
    static const char *const obligations[NA] = { "OC", "OS" };
    struct ind_submit_opts o = { "prop", "2025-01-03T00:00:00Z", 0 };
    assert_int_equal(st_begin_write(f->st, &f->err), 0);
    long refused = 0;
    for (long step = 0; step < steps; step++) {
        int h = (int)(next_rand() % NH), a = (int)(next_rand() % NA), op = (int)(next_rand() % 10);
        int to = (int)(next_rand() % NH);
        long long have = m.bal[h][a][op == 6 ? 1 : 0];
        /* mostly quantities the holder has, sometimes more, to exercise the refusal */
        long long q = 1 + (long long)(next_rand() % (uint64_t)(have > 0 ? have + have / 8 + 2 : 3));
        if (next_rand() % 4)
            q = 1 + q % 2000;
        char text[512];
        const char *type;
        int ok;
        if (op < 5) { /* transfer */
            if (to == h)
                to = (to + 1) % NH;
            type = "transfer";
            snprintf(text, sizeof text,
                     "{\"type\":\"transfer\",\"date\":\"2025-01-03\",\"from\":\"%s\",\"to\":\"%s\","
                     "\"units\":{\"%s\":%lld}}",
                     holders[h], holders[to], accounts[a], q);
            ok = q <= have;
        } else if (op < 7) { /* lock, unlock */
            type = op == 5 ? "lock" : "unlock";
            snprintf(text, sizeof text,
                     "{\"type\":\"%s\",\"date\":\"2025-01-03\",\"holder\":\"%s\",\"units\":{\"%s\":"
                     "%lld}}",
                     type, holders[h], accounts[a], q);
            ok = q <= have;
        } else if (op < 9) { /* retire against the class's obligation */
            type = "retire";
            snprintf(text, sizeof text,
                     "{\"type\":\"retire\",\"date\":\"2025-01-03\",\"holder\":\"%s\","
                     "\"obligation\":\"%s\",\"units\":{\"%s\":%lld}}",
                     holders[h], obligations[a], accounts[a], q);
            ok = q <= have && m.ob_retired[a] < m.ob_required[a] &&
                 m.ob_retired[a] + q <= m.ob_required[a];
        } else {
            type = "cancel";
            snprintf(text, sizeof text,
                     "{\"type\":\"cancel\",\"date\":\"2025-01-03\",\"holder\":\"%s\",\"reason\":"
                     "\"t\",\"units\":{\"%s\":%lld}}",
                     holders[h], accounts[a], q);
            ok = q <= have && next_rand() % 4 == 0;
            if (!ok && q <= have)
                continue; /* cancellations kept rare so balances last */
        }
        json_t *r = json_loads(text, 0, NULL);
        int rc = ind_submit(f->in, r, &o, "prop", NULL, NULL, &f->err);
        json_decref(r);
        if (ok != (rc == 0))
            fail_msg("step %ld: %s %s: model says %s, register says %d (%s)", step, type, text,
                     ok ? "yes" : "no", rc, f->err.msg);
        if (!ok) {
            refused++;
            continue;
        }
        if (!strcmp(type, "transfer")) {
            m.bal[h][a][0] -= q;
            m.bal[to][a][0] += q;
        } else if (!strcmp(type, "lock")) {
            m.bal[h][a][0] -= q;
            m.bal[h][a][1] += q;
        } else if (!strcmp(type, "unlock")) {
            m.bal[h][a][1] -= q;
            m.bal[h][a][0] += q;
        } else {
            m.bal[h][a][0] -= q;
            m.bal[h][a][2] += q;
            if (!strcmp(type, "retire"))
                m.ob_retired[a] += q;
        }
        /* every balance of the two holders touched, read back from the register */
        int who[2] = { h, to };
        for (int k = 0; k < (strcmp(type, "transfer") ? 1 : 2); k++) {
            json_t *hold = NULL;
            assert_int_equal(ind_holdings(f->in, holders[who[k]], 0, &hold, &f->err), 0);
            json_t *acc = json_object_get(json_object_get(hold, "accounts"), accounts[a]);
            long long act = json_integer_value(json_object_get(acc, "active"));
            long long lck = json_integer_value(json_object_get(acc, "locked"));
            long long out = json_integer_value(json_object_get(acc, "retired")) +
                            json_integer_value(json_object_get(acc, "cancelled"));
            json_decref(hold);
            if (act != m.bal[who[k]][a][0] || lck != m.bal[who[k]][a][1] ||
                out != m.bal[who[k]][a][2])
                fail_msg("step %ld (%s): %s %s is %lld/%lld/%lld, the model %lld/%lld/%lld", step,
                         type, holders[who[k]], accounts[a], act, lck, out, m.bal[who[k]][a][0],
                         m.bal[who[k]][a][1], m.bal[who[k]][a][2]);
        }
        if (step % 1000 == 999) {
            assert_int_equal(st_commit(f->st, &f->err), 0);
            if (step % 25000 == 24999)
                verify_ok(f);
            assert_int_equal(st_begin_write(f->st, &f->err), 0);
        }
    }
    assert_int_equal(st_commit(f->st, &f->err), 0);
    verify_ok(f);
    assert_true(refused > 0 && refused < steps);
    rebuild_identical(f);
    fx_close(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_cropland_project_from_acceptance_to_retirement),
        cmocka_unit_test(verify_catches_an_edited_projection),
        cmocka_unit_test(random_operations_agree_with_a_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
