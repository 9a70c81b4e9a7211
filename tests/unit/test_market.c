/*
 * market/: the matching core against a deliberately naive matcher written here (a flat list
 * searched in full for every match, O(n²)) fed the same random order streams — every refusal,
 * trade, price and remaining quantity equal after every operation; the call auction and the
 * uniform-price auction against naive clearings (every price tried) on random books and
 * against hand-worked books, tie cases included; the sealed, English and listing rules by
 * hand-worked cases, each bad bid refused by its rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/rng.h"
#include "market/market.h"

/* ---------------- the naive continuous matcher ---------------- */

struct ref_order {
    uint64_t id, seq;
    int side;
    mk_px price;
    mk_qty qty;
    uint32_t owner;
};

struct ref {
    struct ref_order o[4096];
    size_t n;
    uint64_t next_id, clock;
    mk_px lo, hi;
    struct mk_fill f[4096];
    size_t nf;
};

static long ref_find(const struct ref *r, uint64_t id)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->o[i].id == id)
            return (long)i;
    return -1;
}

static void ref_remove(struct ref *r, size_t i)
{
    r->o[i] = r->o[--r->n];
}

/* The best resting order the incoming one may trade with, by a full scan. */
static long ref_best(const struct ref *r, int side, mk_px limit)
{
    long best = -1;
    for (size_t i = 0; i < r->n; i++) {
        const struct ref_order *x = &r->o[i];
        if (x->side == side || (side == MK_BUY ? x->price > limit : x->price < limit))
            continue;
        if (best < 0)
            best = (long)i;
        else {
            const struct ref_order *b = &r->o[best];
            int better = side == MK_BUY ? x->price < b->price : x->price > b->price;
            if (better || (x->price == b->price && x->seq < b->seq))
                best = (long)i;
        }
    }
    return best;
}

static void ref_arrive(struct ref *r, int side, mk_px price, mk_qty qty, uint32_t owner, int tif,
                       uint64_t id, struct mk_result *res)
{
    mk_qty left = qty;
    while (left > 0) {
        long b = ref_best(r, side, price);
        if (b < 0)
            break;
        struct ref_order *m = &r->o[b];
        if (m->owner == owner) {
            res->self_trade = 1;
            break;
        }
        mk_qty q = m->qty < left ? m->qty : left;
        r->f[r->nf++] = (struct mk_fill){ m->id, id, m->owner, owner, m->price, q };
        m->qty -= q;
        left -= q;
        res->filled += q;
        if (m->qty == 0)
            ref_remove(r, (size_t)b);
    }
    if (left > 0 && tif == MK_GTC && !res->self_trade) {
        r->o[r->n++] = (struct ref_order){ id, r->clock++, side, price, left, owner };
        res->resting = left;
    } else
        res->cancelled = left;
    res->nfills = r->nf;
}

static int ref_place(struct ref *r, int side, mk_px price, mk_qty qty, uint32_t owner, int tif,
                     struct mk_result *res)
{
    memset(res, 0, sizeof *res);
    r->nf = 0;
    if (qty < 1 || price < r->lo || price > r->hi)
        return -1;
    res->id = r->next_id++;
    ref_arrive(r, side, price, qty, owner, tif, res->id, res);
    return 0;
}

static int ref_cancel(struct ref *r, uint64_t id, uint32_t owner)
{
    r->nf = 0;
    long i = ref_find(r, id);
    if (i < 0 || r->o[i].owner != owner)
        return -1;
    ref_remove(r, (size_t)i);
    return 0;
}

static int ref_amend(struct ref *r, uint64_t id, uint32_t owner, mk_px price, mk_qty qty,
                     struct mk_result *res)
{
    memset(res, 0, sizeof *res);
    r->nf = 0;
    long i = ref_find(r, id);
    if (i < 0 || r->o[i].owner != owner || qty < 1 || price < r->lo || price > r->hi)
        return -1;
    res->id = id;
    struct ref_order *o = &r->o[i];
    if (price == o->price && qty <= o->qty) {
        res->cancelled = o->qty - qty;
        o->qty = qty;
        res->resting = qty;
        return 0;
    }
    int side = o->side;
    ref_remove(r, (size_t)i);
    ref_arrive(r, side, price, qty, owner, MK_GTC, id, res);
    return 0;
}

static int by_book_order(const void *a, const void *b)
{
    const struct ref_order *x = a, *y = b;
    if (x->side != y->side)
        return x->side - y->side;
    if (x->price != y->price)
        return x->side == MK_BUY ? (x->price < y->price) - (x->price > y->price)
                                 : (x->price > y->price) - (x->price < y->price);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static void books_equal(struct mk_book *b, struct ref *r)
{
    static struct mk_order_view v[4096];
    struct ref_order sorted[4096];
    memcpy(sorted, r->o, r->n * sizeof *sorted);
    qsort(sorted, r->n, sizeof *sorted, by_book_order);
    size_t nb = mk_orders(b, MK_BUY, v, 4096);
    size_t na = mk_orders(b, MK_SELL, v + nb, 4096 - nb);
    assert_int_equal(nb + na, r->n);
    assert_int_equal(mk_book_count(b), r->n);
    for (size_t i = 0; i < r->n; i++) {
        assert_int_equal(v[i].id, sorted[i].id);
        assert_int_equal(v[i].side, sorted[i].side);
        assert_int_equal(v[i].price, sorted[i].price);
        assert_int_equal(v[i].qty, sorted[i].qty);
        assert_int_equal(v[i].owner, sorted[i].owner);
    }
}

static void results_equal(struct mk_book *b, const struct mk_result *x, const struct ref *r,
                          const struct mk_result *y)
{
    assert_int_equal(x->id, y->id);
    assert_int_equal(x->filled, y->filled);
    assert_int_equal(x->resting, y->resting);
    assert_int_equal(x->cancelled, y->cancelled);
    assert_int_equal(x->self_trade, y->self_trade);
    size_t n;
    const struct mk_fill *f = mk_book_fills(b, &n);
    assert_int_equal(n, r->nf);
    assert_int_equal(x->nfills, y->nfills);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(f[i].maker, r->f[i].maker);
        assert_int_equal(f[i].taker, r->f[i].taker);
        assert_int_equal(f[i].maker_owner, r->f[i].maker_owner);
        assert_int_equal(f[i].price, r->f[i].price);
        assert_int_equal(f[i].qty, r->f[i].qty);
    }
}

/* Random streams: places (GTC and IOC), cancels and amends — some by the wrong owner, some of
 * orders gone, some off the band — over a narrow band so most orders cross. */
static void continuous_matches_the_naive_matcher(void **state)
{
    (void)state;
    static struct ref r;
    for (uint64_t seed = 1; seed <= 24; seed++) {
        struct ls_rng g;
        ls_rng_seed(&g, seed);
        memset(&r, 0, sizeof r);
        r.lo = 100;
        r.hi = 100 + (mk_px)(5 + seed * 3);
        r.next_id = 1;
        struct mk_book *b = NULL;
        struct ls_err err = { 0 };
        assert_int_equal(mk_book_new(r.lo, r.hi, &b, &err), 0);
        for (int op = 0; op < 3000; op++) {
            uint64_t kind = ls_rng_below(&g, 100);
            uint32_t owner = (uint32_t)ls_rng_below(&g, 5);
            struct mk_result x, y;
            int rx, ry;
            if (kind < 60 || r.next_id == 1) {
                int side = (int)ls_rng_below(&g, 2);
                mk_px p = r.lo - 1 + (mk_px)ls_rng_below(&g, (uint64_t)(r.hi - r.lo + 3));
                mk_qty q = (mk_qty)ls_rng_below(&g, 40); /* 0 is refused */
                int tif = ls_rng_below(&g, 6) == 0 ? MK_IOC : MK_GTC;
                rx = mk_place(b, (enum mk_side)side, p, q, owner, (enum mk_tif)tif, &x, &err);
                ry = ref_place(&r, side, p, q, owner, tif, &y);
                assert_int_equal(rx != 0, ry != 0);
                if (!rx)
                    results_equal(b, &x, &r, &y);
            } else {
                uint64_t id = 1 + ls_rng_below(&g, r.next_id - 1);
                long i = ref_find(&r, id);
                if (i >= 0 && ls_rng_below(&g, 4))
                    owner = r.o[i].owner; /* mostly the owner; sometimes another party */
                if (kind < 80) {
                    rx = mk_cancel(b, id, owner, NULL, &err);
                    ry = ref_cancel(&r, id, owner);
                    assert_int_equal(rx != 0, ry != 0);
                } else {
                    mk_px p = i >= 0 && ls_rng_below(&g, 2)
                                  ? r.o[i].price
                                  : r.lo + (mk_px)ls_rng_below(&g, (uint64_t)(r.hi - r.lo + 1));
                    mk_qty q = 1 + (mk_qty)ls_rng_below(&g, 40);
                    rx = mk_amend(b, id, owner, p, q, &x, &err);
                    ry = ref_amend(&r, id, owner, p, q, &y);
                    assert_int_equal(rx != 0, ry != 0);
                    if (!rx)
                        results_equal(b, &x, &r, &y);
                }
            }
            if (op % 50 == 0)
                books_equal(b, &r);
        }
        books_equal(b, &r);
        mk_book_free(b);
    }
}

static void continuous_by_hand(void **state)
{
    (void)state;
    struct mk_book *b = NULL;
    struct ls_err err = { 0 };
    struct mk_result res;
    assert_int_equal(mk_book_new(90, 110, &b, &err), 0);
    /* sells 10 @101 (A=1), 5 @101 (B=2), 7 @102 (C=3); D=4 buys 20 @102 */
    assert_int_equal(mk_place(b, MK_SELL, 101, 10, 1, MK_GTC, &res, &err), 0);
    assert_int_equal(mk_place(b, MK_SELL, 101, 5, 2, MK_GTC, &res, &err), 0);
    assert_int_equal(mk_place(b, MK_SELL, 102, 7, 3, MK_GTC, &res, &err), 0);
    assert_int_equal(mk_place(b, MK_BUY, 102, 20, 4, MK_GTC, &res, &err), 0);
    size_t n;
    const struct mk_fill *f = mk_book_fills(b, &n);
    /* price then time: A's 10 and B's 5 at 101, then 5 of C's at 102, each at the maker's price */
    assert_int_equal(n, 3);
    assert_int_equal(f[0].maker, 1);
    assert_int_equal(f[0].price, 101);
    assert_int_equal(f[0].qty, 10);
    assert_int_equal(f[1].maker, 2);
    assert_int_equal(f[1].qty, 5);
    assert_int_equal(f[2].maker, 3);
    assert_int_equal(f[2].price, 102);
    assert_int_equal(f[2].qty, 5);
    assert_int_equal(res.filled, 20);
    assert_int_equal(res.resting, 0);
    struct mk_order_view v;
    assert_int_equal(mk_order(b, 3, &v), 1);
    assert_int_equal(v.qty, 2);
    /* a buy at 105 trades at the resting 102, not at its own limit */
    assert_int_equal(mk_place(b, MK_BUY, 105, 1, 4, MK_GTC, &res, &err), 0);
    f = mk_book_fills(b, &n);
    assert_int_equal(f[0].price, 102);
    /* self-trade prevention: C's buy meets C's own ask: nothing trades, the remainder goes */
    assert_int_equal(mk_place(b, MK_BUY, 102, 3, 3, MK_GTC, &res, &err), 0);
    assert_int_equal(res.filled, 0);
    assert_int_equal(res.cancelled, 3);
    assert_int_equal(res.self_trade, 1);
    assert_int_equal(mk_order(b, 3, &v), 1);
    /* reducing keeps the place in the queue; raising loses it */
    assert_int_equal(mk_place(b, MK_BUY, 95, 10, 1, MK_GTC, &res, &err), 0);
    uint64_t first = res.id;
    assert_int_equal(mk_place(b, MK_BUY, 95, 10, 2, MK_GTC, &res, &err), 0);
    assert_int_equal(mk_amend(b, first, 1, 95, 4, &res, &err), 0);
    struct mk_order_view q[4];
    assert_int_equal(mk_orders(b, MK_BUY, q, 4), 2);
    assert_int_equal(q[0].id, first);
    assert_int_equal(mk_amend(b, first, 1, 95, 8, &res, &err), 0);
    assert_int_equal(mk_orders(b, MK_BUY, q, 4), 2);
    assert_int_equal(q[1].id, first);
    struct mk_level_view d[2];
    assert_int_equal(mk_depth(b, MK_BUY, d, 2), 1);
    assert_int_equal(d[0].price, 95);
    assert_int_equal(d[0].qty, 18);
    assert_int_equal(d[0].orders, 2);
    /* an IOC remainder is cancelled */
    assert_int_equal(mk_place(b, MK_SELL, 95, 30, 5, MK_IOC, &res, &err), 0);
    assert_int_equal(res.filled, 18);
    assert_int_equal(res.cancelled, 12);
    assert_int_equal(mk_book_count(b), 1); /* C's 1 left at 102 */
    /* refusals name their rule and change nothing */
    assert_int_not_equal(mk_place(b, MK_BUY, 111, 1, 1, MK_GTC, &res, &err), 0);
    assert_non_null(strstr(err.msg, "rule order.band"));
    assert_int_not_equal(mk_place(b, MK_BUY, 100, 0, 1, MK_GTC, &res, &err), 0);
    assert_non_null(strstr(err.msg, "rule order.quantity"));
    assert_int_not_equal(mk_place(b, MK_BUY, 100, MK_QTY_MAX + 1, 1, MK_GTC, &res, &err), 0);
    assert_int_not_equal(mk_cancel(b, 3, 1, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "rule order.owner"));
    assert_int_not_equal(mk_cancel(b, 1, 1, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "rule order.not_resting"));
    assert_int_not_equal(mk_cancel(b, 999, 1, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "rule order.unknown"));
    assert_int_equal(mk_book_count(b), 1);
    mk_qty left;
    assert_int_equal(mk_cancel(b, 3, 3, &left, &err), 0);
    assert_int_equal(left, 1);
    assert_int_equal(mk_book_count(b), 0);
    mk_book_free(b);
    assert_int_not_equal(mk_book_new(0, 10, &b, &err), 0);
    assert_int_not_equal(mk_book_new(10, 10 + MK_LEVELS_MAX, &b, &err), 0);
}

/* ---------------- the call auction ---------------- */

static struct mk_bid order(int side, mk_px price, mk_qty qty, uint64_t seq)
{
    return (struct mk_bid){ (enum mk_side)side, price, qty, seq, 0 };
}

static void call_auction_by_hand(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    struct mk_clearing c;
    /* demand at or above 100..105: 45 45 30 30 10 10; supply at or below: 12 12 30 30 40 40;
     * the volume is largest (30) at 102 and 103, both letting every order through fill */
    struct mk_bid o[6] = { order(MK_BUY, 105, 10, 1),  order(MK_BUY, 103, 20, 2),
                           order(MK_BUY, 101, 15, 3),  order(MK_SELL, 100, 12, 4),
                           order(MK_SELL, 102, 18, 5), order(MK_SELL, 104, 10, 6) };
    assert_int_equal(mk_call_auction(o, 6, 100, &c, &err), 0);
    assert_int_equal(c.price, 102); /* nearest the previous close 100 */
    assert_int_equal(c.volume, 30);
    mk_qty want[6] = { 10, 20, 0, 12, 18, 0 };
    for (int i = 0; i < 6; i++)
        assert_int_equal(o[i].filled, want[i]);
    assert_int_equal(mk_call_auction(o, 6, 110, &c, &err), 0);
    assert_int_equal(c.price, 103);
    /* two prices as near the close: the lower */
    struct mk_bid t[2] = { order(MK_BUY, 102, 10, 1), order(MK_SELL, 100, 10, 2) };
    assert_int_equal(mk_call_auction(t, 2, 101, &c, &err), 0);
    assert_int_equal(c.price, 100);
    assert_int_equal(mk_call_auction(t, 2, 102, &c, &err), 0);
    assert_int_equal(c.price, 102);
    /* rule (2) decides: 101 and 103 both trade 5, but at 101 the 10 bid at 103 would not fill,
     * so 103 — though 101 is the previous close */
    struct mk_bid u[3] = { order(MK_BUY, 103, 10, 1), order(MK_BUY, 101, 1, 2),
                           order(MK_SELL, 101, 5, 3) };
    assert_int_equal(mk_call_auction(u, 3, 101, &c, &err), 0);
    assert_int_equal(c.price, 103);
    assert_int_equal(c.volume, 5);
    assert_int_equal(u[0].filled, 5);
    assert_int_equal(u[1].filled, 0);
    /* time priority at the margin: two bids at the price, the earlier first */
    struct mk_bid w[3] = { order(MK_BUY, 100, 6, 9), order(MK_BUY, 100, 6, 3),
                           order(MK_SELL, 100, 8, 1) };
    assert_int_equal(mk_call_auction(w, 3, 100, &c, &err), 0);
    assert_int_equal(w[1].filled, 6);
    assert_int_equal(w[0].filled, 2);
    /* no cross: no deal */
    struct mk_bid x[2] = { order(MK_BUY, 99, 10, 1), order(MK_SELL, 100, 10, 2) };
    assert_int_equal(mk_call_auction(x, 2, 100, &c, &err), 0);
    assert_int_equal(c.deal, 0);
    assert_int_equal(x[0].filled + x[1].filled, 0);
    /* bad orders refused by rule, naming the order */
    struct mk_bid bad[2] = { order(MK_BUY, 99, 10, 1), order(MK_SELL, 0, 10, 2) };
    assert_int_not_equal(mk_call_auction(bad, 2, 100, &c, &err), 0);
    assert_non_null(strstr(err.msg, "rule order.price"));
    assert_string_equal(err.where, "order 2");
}

/* The naive clearing: every order's price tried, demand and supply summed by a full scan. */
static mk_px naive_call(const struct mk_bid *o, size_t n, mk_px ref, mk_qty *volume)
{
    mk_px best = 0;
    mk_qty vmax = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            mk_px p = o[k].price;
            mk_qty d = 0, s = 0, above = 0, below = 0;
            for (size_t i = 0; i < n; i++) {
                if (o[i].side == MK_BUY && o[i].price >= p)
                    d += o[i].qty;
                if (o[i].side == MK_BUY && o[i].price > p)
                    above += o[i].qty;
                if (o[i].side == MK_SELL && o[i].price <= p)
                    s += o[i].qty;
                if (o[i].side == MK_SELL && o[i].price < p)
                    below += o[i].qty;
            }
            mk_qty v = d < s ? d : s;
            if (pass == 0 && v > vmax)
                vmax = v;
            if (pass == 1 && v == vmax && v > 0 && above <= v && below <= v) {
                mk_px dp = llabs(p - ref), db = llabs(best - ref);
                if (!best || dp < db || (dp == db && p < best))
                    best = p;
            }
        }
    *volume = vmax;
    return best;
}

static void call_auction_matches_the_naive_clearing(void **state)
{
    (void)state;
    struct ls_rng g;
    ls_rng_seed(&g, 7);
    struct mk_bid o[300];
    for (int round = 0; round < 300; round++) {
        size_t n = 1 + ls_rng_below(&g, 300);
        for (size_t i = 0; i < n; i++)
            o[i] = order((int)ls_rng_below(&g, 2), 90 + (mk_px)ls_rng_below(&g, 21),
                         1 + (mk_qty)ls_rng_below(&g, 50), n - i);
        mk_px ref = 85 + (mk_px)ls_rng_below(&g, 31);
        mk_qty vol;
        mk_px want = naive_call(o, n, ref, &vol);
        struct mk_clearing c;
        struct ls_err err = { 0 };
        assert_int_equal(mk_call_auction(o, n, ref, &c, &err), 0);
        assert_int_equal(c.price, want);
        assert_int_equal(c.volume, want ? vol : 0);
        /* every fill: through the price, by price then time, both sides the volume */
        mk_qty bought = 0, sold = 0;
        for (size_t i = 0; i < n; i++) {
            assert_true(o[i].filled >= 0 && o[i].filled <= o[i].qty);
            if (o[i].filled)
                assert_true(o[i].side == MK_BUY ? o[i].price >= c.price : o[i].price <= c.price);
            if ((o[i].side == MK_BUY && o[i].price > c.price && c.deal) ||
                (o[i].side == MK_SELL && o[i].price < c.price && c.deal))
                assert_int_equal(o[i].filled, o[i].qty);
            *(o[i].side == MK_BUY ? &bought : &sold) += o[i].filled;
            for (size_t j = 0; j < n; j++)
                if (o[j].side == o[i].side && o[j].price == o[i].price && o[j].seq < o[i].seq &&
                    o[i].filled > 0)
                    assert_int_equal(o[j].filled, o[j].qty); /* an earlier one is whole first */
        }
        assert_int_equal(bought, c.volume);
        assert_int_equal(sold, c.volume);
    }
}

/* ---------------- uniform-price, sealed, English, listing ---------------- */

static void uniform_auction_by_hand(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    struct mk_clearing c;
    /* 100 units, reserve 50: 40 @60 and 30 @58 fill (70); 30 left for 45 asked at 55: 20 and
     * 25 get 13.33 and 16.67 → 13 and 16, the last unit to the larger remainder (25's) */
    struct mk_bid b[5] = { order(MK_BUY, 60, 40, 1), order(MK_BUY, 58, 30, 2),
                           order(MK_BUY, 55, 20, 3), order(MK_BUY, 55, 25, 4),
                           order(MK_BUY, 49, 10, 5) };
    assert_int_equal(mk_uniform_auction(b, 5, 100, 50, &c, &err), 0);
    assert_int_equal(c.price, 55);
    assert_int_equal(c.volume, 100);
    mk_qty want[5] = { 40, 30, 13, 17, 0 };
    for (int i = 0; i < 5; i++)
        assert_int_equal(b[i].filled, want[i]);
    /* equal remainders: the earliest bid */
    struct mk_bid t[2] = { order(MK_BUY, 10, 1, 2), order(MK_BUY, 10, 1, 1) };
    assert_int_equal(mk_uniform_auction(t, 2, 1, 0, &c, &err), 0);
    assert_int_equal(t[1].filled, 1);
    assert_int_equal(t[0].filled, 0);
    /* undersubscribed: the lowest accepted bid is the price */
    struct mk_bid u[2] = { order(MK_BUY, 60, 30, 1), order(MK_BUY, 49, 20, 2) };
    assert_int_equal(mk_uniform_auction(u, 2, 100, 50, &c, &err), 0);
    assert_int_equal(c.price, 60);
    assert_int_equal(c.volume, 30);
    assert_int_equal(mk_uniform_auction(u, 2, 100, 61, &c, &err), 0);
    assert_int_equal(c.deal, 0);
    struct mk_bid s[1] = { order(MK_SELL, 60, 30, 1) };
    assert_int_not_equal(mk_uniform_auction(s, 1, 100, 50, &c, &err), 0);
    assert_non_null(strstr(err.msg, "rule order.side"));
    assert_int_not_equal(mk_uniform_auction(u, 2, 0, 50, &c, &err), 0);
    assert_non_null(strstr(err.msg, "rule auction.supply"));
}

static void uniform_auction_matches_the_naive_clearing(void **state)
{
    (void)state;
    struct ls_rng g;
    ls_rng_seed(&g, 11);
    struct mk_bid b[200];
    for (int round = 0; round < 300; round++) {
        size_t n = 1 + ls_rng_below(&g, 200);
        mk_qty supply = 1 + (mk_qty)ls_rng_below(&g, 3000);
        mk_px reserve = 40 + (mk_px)ls_rng_below(&g, 15);
        for (size_t i = 0; i < n; i++)
            b[i] = order(MK_BUY, 40 + (mk_px)ls_rng_below(&g, 30), 1 + (mk_qty)ls_rng_below(&g, 60),
                         n - i);
        /* naive: lower the price one tick at a time until the demand at it covers the supply */
        mk_px price = 0;
        mk_qty demand = 0;
        for (mk_px p = 69; p >= reserve && demand < supply; p--) {
            mk_qty at = 0;
            for (size_t i = 0; i < n; i++)
                at += b[i].price == p ? b[i].qty : 0;
            if (at) {
                price = p;
                demand += at;
            }
        }
        struct mk_clearing c;
        struct ls_err err = { 0 };
        assert_int_equal(mk_uniform_auction(b, n, supply, reserve, &c, &err), 0);
        assert_int_equal(c.price, price);
        assert_int_equal(c.volume, demand < supply ? demand : supply);
        mk_qty total = 0, margin = 0, margin_filled = 0;
        for (size_t i = 0; i < n; i++) {
            total += b[i].filled;
            if (b[i].price > price && price)
                assert_int_equal(b[i].filled, b[i].qty);
            if (b[i].price < price || !price)
                assert_int_equal(b[i].filled, 0);
            if (b[i].price == price) {
                margin += b[i].qty;
                margin_filled += b[i].filled;
            }
        }
        assert_int_equal(total, c.volume);
        /* pro rata at the margin: each within one unit of its exact share */
        for (size_t i = 0; i < n && price; i++)
            if (b[i].price == price) {
                double exact = (double)margin_filled * (double)b[i].qty / (double)margin;
                assert_true((double)b[i].filled > exact - 1.0 && (double)b[i].filled < exact + 1.0);
            }
    }
}

static void sealed_by_hand(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    struct mk_clearing c;
    long w;
    struct mk_bid b[4] = { order(MK_BUY, 120, 1, 3), order(MK_BUY, 130, 1, 5),
                           order(MK_BUY, 130, 1, 4), order(MK_BUY, 90, 1, 1) };
    assert_int_equal(mk_sealed_first_price(b, 4, 100, &w, &c, &err), 0);
    assert_int_equal(w, 2); /* 130 twice: the earlier (seq 4) */
    assert_int_equal(c.price, 130);
    assert_int_equal(mk_sealed_first_price(b, 4, 131, &w, &c, &err), 0);
    assert_int_equal(w, -1);
    assert_int_equal(c.deal, 0);
}

static void english_by_hand(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    struct mk_english a;
    struct mk_clearing c;
    uint32_t who;
    /* start 100, increment 10, reserve 150, closing at 1000, extended 60 s by a late bid */
    assert_int_equal(mk_english_open(&a, 100, 10, 150, 1000, 60, &err), 0);
    assert_int_not_equal(mk_english_bid(&a, 1, 90, 10, &err), 0);
    assert_non_null(strstr(err.msg, "rule auction.below_current"));
    assert_int_equal(mk_english_bid(&a, 1, 100, 10, &err), 0);
    assert_int_not_equal(mk_english_bid(&a, 2, 105, 20, &err), 0);
    assert_non_null(strstr(err.msg, "110"));
    assert_int_equal(mk_english_bid(&a, 2, 110, 20, &err), 0);
    assert_int_not_equal(mk_english_bid(&a, 2, 130, 30, &err), 0);
    assert_non_null(strstr(err.msg, "rule auction.leader"));
    assert_int_equal(mk_english_bid(&a, 1, 160, 950, &err), 0);
    assert_int_equal(a.close, 1010);
    assert_int_not_equal(mk_english_result(&a, 1000, &c, &who, &err), 0);
    assert_non_null(strstr(err.msg, "rule auction.open"));
    assert_int_equal(mk_english_bid(&a, 2, 170, 1005, &err), 0); /* before the moved close */
    assert_int_equal(a.close, 1065);
    assert_int_not_equal(mk_english_bid(&a, 1, 180, 1065, &err), 0);
    assert_non_null(strstr(err.msg, "rule auction.closed"));
    assert_int_equal(mk_english_result(&a, 1065, &c, &who, &err), 0);
    assert_int_equal(c.deal, 1);
    assert_int_equal(c.price, 170);
    assert_int_equal(who, 2);
    /* below the reserve: unsold */
    assert_int_equal(mk_english_open(&a, 100, 10, 150, 1000, 0, &err), 0);
    assert_int_equal(mk_english_bid(&a, 1, 140, 10, &err), 0);
    assert_int_equal(mk_english_result(&a, 1000, &c, &who, &err), 0);
    assert_int_equal(c.deal, 0);
    /* an increment that overflows is refused */
    assert_int_equal(mk_english_open(&a, INT64_MAX - 5, 10, 0, 1000, 0, &err), 0);
    assert_int_equal(mk_english_bid(&a, 1, INT64_MAX - 5, 10, &err), 0);
    assert_int_not_equal(mk_english_bid(&a, 2, INT64_MAX, 11, &err), 0);
    assert_non_null(strstr(err.msg, "rule order.price_overflow"));
    assert_int_not_equal(mk_english_open(&a, 0, 10, 0, 1000, 0, &err), 0);
}

static void listing_by_hand(void **state)
{
    (void)state;
    struct ls_err err = { 0 };
    struct mk_listing l;
    struct mk_clearing c;
    struct mk_english a;
    enum mk_listing_outcome out;
    /* start 100, increment 10, confidential reserve 120, bid forms from 0 until 1000 */
    assert_int_equal(mk_listing_open(&l, 100, 10, 120, 0, 1000, &err), 0);
    assert_int_not_equal(mk_listing_bid(&l, 1, 99, 1, 5, &err), 0);
    assert_non_null(strstr(err.msg, "rule listing.below_start"));
    assert_int_equal(mk_listing_bid(&l, 1, 100, 1, 5, &err), 0);
    assert_int_equal(mk_listing_bid(&l, 2, 100, 2, 6, &err), 0); /* equal forms: A leads */
    assert_int_equal(l.leader, 1);
    assert_int_not_equal(mk_listing_bid(&l, 1, 100, 3, 7, &err), 0);
    assert_int_not_equal(mk_listing_bid(&l, 3, 105, 3, 7, &err), 0);
    assert_non_null(strstr(err.msg, "rule listing.increment"));
    assert_int_equal(mk_listing_bid(&l, 2, 110, 4, 8, &err), 0);
    assert_int_equal(mk_listing_bid(&l, 1, 130, 5, 9, &err), 0);
    assert_int_not_equal(mk_listing_bid(&l, 2, 150, 6, 1000, &err), 0);
    assert_non_null(strstr(err.msg, "rule listing.period"));
    assert_int_not_equal(mk_listing_close(&l, 999, 1, 0, &out, &c, &a, &err), 0);
    /* one bidder left at the deadline: A's 130 is over the reserve: a deal */
    assert_int_equal(mk_listing_close(&l, 1000, 1, 0, &out, &c, &a, &err), 0);
    assert_int_equal(out, MK_LISTING_DEAL);
    assert_int_equal(c.price, 130);
    /* two still bidding: to an on-site auction from 130, A holding it; B must bid 140 */
    assert_int_equal(mk_listing_close(&l, 1000, 2, 2000, &out, &c, &a, &err), 0);
    assert_int_equal(out, MK_LISTING_TO_AUCTION);
    assert_int_not_equal(mk_english_bid(&a, 2, 135, 1500, &err), 0);
    assert_int_equal(mk_english_bid(&a, 2, 140, 1500, &err), 0);
    uint32_t who;
    assert_int_equal(mk_english_result(&a, 2000, &c, &who, &err), 0);
    assert_int_equal(who, 2);
    assert_int_equal(c.price, 140);
    /* below the reserve: no deal; no bids: no deal */
    assert_int_equal(mk_listing_open(&l, 100, 10, 120, 0, 1000, &err), 0);
    assert_int_equal(mk_listing_close(&l, 1000, 0, 0, &out, &c, &a, &err), 0);
    assert_int_equal(out, MK_LISTING_NO_DEAL);
    assert_int_equal(mk_listing_bid(&l, 1, 110, 1, 5, &err), 0);
    assert_int_equal(mk_listing_close(&l, 1000, 1, 0, &out, &c, &a, &err), 0);
    assert_int_equal(out, MK_LISTING_NO_DEAL);
    assert_int_not_equal(mk_listing_open(&l, 100, 10, 120, 1000, 1000, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(continuous_by_hand),
        cmocka_unit_test(continuous_matches_the_naive_matcher),
        cmocka_unit_test(call_auction_by_hand),
        cmocka_unit_test(call_auction_matches_the_naive_clearing),
        cmocka_unit_test(uniform_auction_by_hand),
        cmocka_unit_test(uniform_auction_matches_the_naive_clearing),
        cmocka_unit_test(sealed_by_hand),
        cmocka_unit_test(english_by_hand),
        cmocka_unit_test(listing_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
