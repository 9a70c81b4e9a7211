/*
 * venue/ on a real store: random order streams from six parties against one sink-credit
 * instrument, each order and cancel in its own transaction, held against a model written here
 * — a flat list of orders searched in full for every match, money and units per party, escrow
 * per order, the fee floor(amount × 15 / 10,000) each side — after every step: the same
 * refusals, the same trades (orders, price, lots), every party's money available and held and
 * units held, money conserved, and the indicator register's invariants at the end; then the
 * ledger replayed into identical tables.
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

#include "base/rng.h"
#include "registry/rebuild.h"
#include "venue/venue.h"

#define NP    6
#define LOT   1000
#define BPS   15
#define MONEY 2000000LL /* fen each party deposits */
#define UNITS 200000LL  /* kgCO2e each party holds */
#define SQUARE                                                                                 \
    "01030000000100000005000000000000801750834100000000682f4841000000a01a50834100000000682f48" \
    "41000000a01a508341000000009a2f48410000008017508341000000009a2f48410000008017508341000000" \
    "00682f4841"

struct fx {
    char path[512];
    struct ls_store *st;
    struct reg *reg;
    struct ind *in;
    struct venue *v;
    struct ls_err err;
};

static void ind_req(struct fx *f, const char *text)
{
    json_t *r = json_loads(text, 0, NULL);
    struct ind_submit_opts o = { "test", "2025-06-30T00:00:00Z", 0 };
    if (ind_submit(f->in, r, &o, "setup", NULL, NULL, &f->err))
        fail_msg("setup refused: %s (%s)", f->err.msg, text);
    json_decref(r);
}

/* One venue request in its own transaction: 0 recorded (*res when asked), else the refusal. */
static int vreq(struct fx *f, json_t **res, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    json_t *r = json_loads(text, 0, NULL);
    if (!r)
        fail_msg("bad test JSON: %s", text);
    struct vn_submit_opts o = { "test", "2025-07-01T02:00:00Z" };
    assert_int_equal(st_begin_write(f->st, &f->err), 0);
    json_t *out = NULL;
    int rc = vn_submit(f->v, r, &o, "test", NULL, &out, &f->err);
    json_decref(r);
    if (rc) {
        st_rollback(f->st);
        vn_forget(f->v);
    } else
        assert_int_equal(st_commit(f->st, &f->err), 0);
    if (res)
        *res = out;
    else
        json_decref(out);
    return rc;
}

static struct fx *fx_open(void)
{
    struct fx *f = calloc(1, sizeof *f);
    const char *tmp = getenv("LS_TEST_TMP");
    snprintf(f->path, sizeof f->path, "%s/venue-%d.gpkg", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    unlink(f->path);
    struct st_create cr = { .srid = 4528, .hash = "sha256", .created = "2026-01-01T00:00:00Z" };
    assert_int_equal(st_open(f->path, &cr, &f->st, &f->err), 0);
    assert_int_equal(reg_open(f->st, &f->reg, &f->err), 0);
    assert_int_equal(ind_open(f->st, f->reg, &f->in, &f->err), 0);
    assert_int_equal(vn_open(f->st, f->reg, f->in, &f->v, &f->err), 0);
    assert_int_equal(st_begin_write(f->st, &f->err), 0);
    for (int i = 0; i < NP; i++) {
        char text[256];
        snprintf(text, sizeof text,
                 "{\"type\":\"party\",\"date\":\"2025-01-01\",\"party\":{\"id\":\"P%d\","
                 "\"name\":\"P%d\",\"kind\":\"enterprise\"}}",
                 i, i);
        json_t *app = json_loads(text, 0, NULL);
        struct reg_submit_opts o = { "test", "2025-01-01T00:00:00Z" };
        assert_int_equal(reg_submit(f->reg, app, &o, "parties", NULL, &f->err), 0);
        json_decref(app);
    }
    ind_req(f, "{\"type\":\"project\",\"date\":\"2025-03-01\",\"project\":\"S1\",\"class\":"
               "\"carbon_sink\",\"name\":\"s\",\"county\":\"331099\",\"owner\":\"P0\","
               "\"evidence\":[{\"name\":\"e\",\"sha256\":"
               "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}],"
               "\"footprint\":\"" SQUARE "\"}");
    char text[512];
    snprintf(text, sizeof text,
             "{\"type\":\"accept\",\"date\":\"2025-06-30\",\"project\":\"S1\",\"check\":{"
             "\"passed\":true},\"quantities\":{\"CCS\":%lld}}",
             UNITS * NP);
    ind_req(f, text);
    ind_req(f, "{\"type\":\"issue\",\"date\":\"2025-06-30\",\"project\":\"S1\"}");
    for (int i = 1; i < NP; i++) {
        snprintf(text, sizeof text,
                 "{\"type\":\"transfer\",\"date\":\"2025-06-30\",\"from\":\"P0\",\"to\":\"P%d\","
                 "\"units\":{\"CCS\":%lld}}",
                 i, UNITS);
        ind_req(f, text);
    }
    assert_int_equal(st_commit(f->st, &f->err), 0);
    assert_int_equal(vreq(f, NULL,
                          "{\"type\":\"instrument\",\"date\":\"2025-07-01\",\"instrument\":"
                          "\"CCS-33\",\"account\":\"CCS\",\"province\":\"33\",\"mode\":"
                          "\"continuous\",\"reference_price\":8000}"),
                     0);
    for (int i = 0; i < NP; i++)
        assert_int_equal(vreq(f, NULL,
                              "{\"type\":\"deposit\",\"date\":\"2025-07-01\",\"party\":\"P%d\","
                              "\"amount\":%lld,\"bank_ref\":\"B%d\"}",
                              i, MONEY, i),
                         0);
    return f;
}

static void fx_close(struct fx *f)
{
    vn_close(f->v);
    ind_close(f->in);
    reg_close(f->reg);
    st_close(f->st);
    unlink(f->path);
    free(f);
}

/* ---------------- the model ---------------- */

struct m_order {
    long long id, seq, price, lots, hold;
    int party, buy;
};

struct model {
    struct m_order o[2048];
    int n;
    long long next_id, clock;
    long long avail[NP + 1], held[NP + 1], units[NP]; /* [NP]: the venue's fees */
    long long trades[256][4];                         /* buy order, sell order, price, lots */
    int ntrades;
};

static long long fee(long long amount)
{
    return amount * BPS / 10000;
}

static long long hold_of(long long price, long long lots)
{
    return price * lots + fee(price * lots);
}

static void m_remove(struct model *m, int i)
{
    m->o[i] = m->o[--m->n];
}

/* 0 placed, 1 refused for money, 2 refused for units */
static int m_place(struct model *m, int party, int buy, long long price, long long lots, int ioc)
{
    m->ntrades = 0;
    long long hold = buy ? hold_of(price, lots) : 0;
    if (buy && hold > m->avail[party])
        return 1;
    if (!buy && lots * LOT > m->units[party])
        return 2;
    long long id = m->next_id++;
    if (buy) {
        m->avail[party] -= hold;
        m->held[party] += hold;
    } else
        m->units[party] -= lots * LOT;
    long long left = lots;
    int stp = 0;
    while (left > 0) {
        int best = -1;
        for (int i = 0; i < m->n; i++) {
            struct m_order *x = &m->o[i];
            if (x->buy == buy || (buy ? x->price > price : x->price < price))
                continue;
            if (best < 0 || (buy ? x->price < m->o[best].price : x->price > m->o[best].price) ||
                (x->price == m->o[best].price && x->seq < m->o[best].seq))
                best = i;
        }
        if (best < 0)
            break;
        struct m_order *k = &m->o[best];
        if (k->party == party) {
            stp = 1;
            break;
        }
        long long q = k->lots < left ? k->lots : left, amount = k->price * q;
        int buyer = buy ? party : k->party, seller = buy ? k->party : party;
        long long was = buy ? hold : k->hold;
        long long now = buy ? hold_of(price, left - q) : hold_of(k->price, k->lots - q);
        m->held[buyer] += now - was;
        m->avail[buyer] += was - now - (amount + fee(amount));
        m->avail[seller] += amount - fee(amount);
        m->avail[NP] += 2 * fee(amount);
        m->units[buyer] += q * LOT;
        if (buy)
            hold = now;
        else
            k->hold = now;
        long long *t = m->trades[m->ntrades++];
        t[0] = buy ? id : k->id;
        t[1] = buy ? k->id : id;
        t[2] = k->price;
        t[3] = q;
        k->lots -= q;
        left -= q;
        if (k->lots == 0)
            m_remove(m, best);
    }
    if (left > 0 && !ioc && !stp)
        m->o[m->n++] = (struct m_order){ id, m->clock++, price, left, hold, party, buy };
    else if (left > 0) {
        if (buy) {
            m->avail[party] += hold;
            m->held[party] -= hold;
        } else
            m->units[party] += left * LOT;
    }
    return 0;
}

static int m_cancel(struct model *m, int party, long long id)
{
    for (int i = 0; i < m->n; i++)
        if (m->o[i].id == id) {
            if (m->o[i].party != party)
                return 1;
            if (m->o[i].buy) {
                m->avail[party] += m->o[i].hold;
                m->held[party] -= m->o[i].hold;
            } else
                m->units[party] += m->o[i].lots * LOT;
            m_remove(m, i);
            return 0;
        }
    return 1;
}

static void agree(struct fx *f, const struct model *m)
{
    long long total = 0;
    for (int i = 0; i <= NP; i++) {
        char party[16];
        snprintf(party, sizeof party, i < NP ? "P%d" : "venue:fees", i);
        json_t *fu = NULL;
        assert_int_equal(vn_funds(f->v, party, &fu, &f->err), 0);
        long long a = json_integer_value(json_object_get(fu, "available")),
                  h = json_integer_value(json_object_get(fu, "held"));
        json_decref(fu);
        if (a != m->avail[i] || h != m->held[i])
            fail_msg("%s: money %lld/%lld, the model %lld/%lld", party, a, h, m->avail[i],
                     m->held[i]);
        total += a + h;
        if (i == NP)
            break;
        json_t *ho = NULL;
        assert_int_equal(ind_holdings(f->in, party, 0, &ho, &f->err), 0);
        long long u = json_integer_value(
            json_object_get(json_object_get(json_object_get(ho, "accounts"), "CCS"), "active"));
        json_decref(ho);
        if (u != m->units[i])
            fail_msg("%s: %lld units, the model %lld", party, u, m->units[i]);
    }
    assert_int_equal(total, MONEY * NP); /* money is conserved */
}

static void random_streams_agree_with_the_model(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        struct fx *f = fx_open();
        static struct model m;
        memset(&m, 0, sizeof m);
        m.next_id = 1;
        for (int i = 0; i < NP; i++) {
            m.avail[i] = MONEY;
            m.units[i] = UNITS;
        }
        struct ls_rng g;
        ls_rng_seed(&g, seed);
        for (int op = 0; op < 400; op++) {
            int party = (int)ls_rng_below(&g, NP);
            json_t *res = NULL;
            if (ls_rng_below(&g, 10) < 7 || m.next_id == 1) {
                int buy = (int)ls_rng_below(&g, 2), ioc = ls_rng_below(&g, 10) == 0;
                long long price = 7950 + (long long)ls_rng_below(&g, 101);
                long long lots = 1 + (long long)ls_rng_below(&g, buy ? 60 : 40);
                int want = m_place(&m, party, buy, price, lots, ioc);
                int rc = vreq(f, &res,
                              "{\"type\":\"order\",\"date\":\"2025-07-01\",\"time\":\"10:00:00\","
                              "\"instrument\":\"CCS-33\",\"party\":\"P%d\",\"side\":\"%s\","
                              "\"price\":%lld,\"units\":%lld,\"time_in_force\":\"%s\"}",
                              party, buy ? "buy" : "sell", price, lots * LOT, ioc ? "IOC" : "GTC");
                if (want)
                    assert_non_null(
                        strstr(f->err.msg, want == 1 ? "rule order.funds" : "rule balance."));
                else if (rc)
                    fail_msg("op %d refused: %s", op, f->err.msg);
                json_t *t = json_object_get(res, "trades");
                assert_int_equal(json_array_size(t), (size_t)(want ? 0 : m.ntrades));
                for (int k = 0; !want && k < m.ntrades; k++) {
                    json_t *x = json_array_get(t, (size_t)k);
                    assert_int_equal(json_integer_value(json_object_get(x, "buy_order")),
                                     m.trades[k][0]);
                    assert_int_equal(json_integer_value(json_object_get(x, "sell_order")),
                                     m.trades[k][1]);
                    assert_int_equal(json_integer_value(json_object_get(x, "price")),
                                     m.trades[k][2]);
                    assert_int_equal(json_integer_value(json_object_get(x, "lots")),
                                     m.trades[k][3]);
                }
            } else {
                /* mostly one's own resting order; sometimes one that is not (refused) */
                long long id = 1 + (long long)ls_rng_below(&g, (uint64_t)(m.next_id - 1));
                for (int i = 0; i < m.n && ls_rng_below(&g, 5); i++)
                    if (m.o[i].id == id)
                        party = m.o[i].party;
                int want = m_cancel(&m, party, id);
                int rc = vreq(f, NULL,
                              "{\"type\":\"cancel\",\"date\":\"2025-07-01\",\"time\":"
                              "\"10:00:00\",\"instrument\":\"CCS-33\",\"party\":\"P%d\","
                              "\"order\":%lld}",
                              party, id);
                assert_int_equal(rc != 0, want != 0);
            }
            json_decref(res);
            assert_int_equal(st_begin_read(f->st, &f->err), 0);
            agree(f, &m);
            st_rollback(f->st);
        }
        json_t *tr = NULL;
        assert_int_equal(vn_trades(f->v, "CCS-33", "", &tr, &f->err), 0);
        assert_true(json_array_size(tr) > 50); /* the streams do trade */
        json_decref(tr);
        struct ind_verify_report rep;
        assert_int_equal(st_begin_read(f->st, &f->err), 0);
        assert_int_equal(ind_verify(f->in, &rep, &f->err), 0);
        st_rollback(f->st);
        if (!rep.ok)
            fail_msg("indicator verify: event %lld: %s", rep.bad_seq, rep.why);
        fx_close(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_streams_agree_with_the_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
