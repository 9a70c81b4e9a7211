/*
 * market/call — 集合竞价, the call auction (markets.md §3.2, the stock exchanges' opening
 * rule): every order is collected, then one price clears them all. The price is an order's
 * limit price and
 *   (1) maximises the volume traded, min(demand at or above it, supply at or below it);
 *   (2) every bid above it and every ask below it fills whole;
 *   (3) at it, one side fills whole (true of any price by (1)'s min, so not tested apart);
 * of several such prices the one nearest the reference (the previous close, the Shenzhen
 * rule), and of two as near the lower (our choice: the buyer's side of the tie).
 * Orders fill by price, then time priority.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "market/internal.h"

/* One sort of every order by (price, seq) ascending serves both sides: asks fill from the
 * front; bids fill from the highest price group down, each group in time order. */
struct group {
    size_t from, to; /* keys [from, to) at one price */
    mk_wide bid, ask;
};

static void fill(struct mk_bid *x, mk_qty *volume)
{
    x->filled = x->qty < *volume ? x->qty : *volume;
    *volume -= x->filled;
}

static void allocate(struct mk_bid *o, const struct mk_key *k, const struct group *g, size_t m,
                     size_t at, mk_qty volume)
{
    mk_qty left = volume;
    for (size_t q = 0; q <= at && left > 0; q++)
        for (size_t i = g[q].from; i < g[q].to && left > 0; i++)
            if (o[k[i].i].side == MK_SELL)
                fill(&o[k[i].i], &left);
    left = volume;
    for (size_t q = m; q-- > at && left > 0;)
        for (size_t i = g[q].from; i < g[q].to && left > 0; i++)
            if (o[k[i].i].side == MK_BUY)
                fill(&o[k[i].i], &left);
}

static mk_wide distance(mk_px p, mk_px reference)
{
    mk_wide d = (mk_wide)p - reference;
    return d < 0 ? -d : d;
}

int mk_call_auction(struct mk_bid *orders, size_t n, mk_px reference, struct mk_clearing *out,
                    struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = mk_bids_check(orders, n, 1, "order", err);
    if (rc || n == 0)
        return rc;
    struct mk_key *k = malloc(n * sizeof *k);
    struct group *g = malloc(n * sizeof *g);
    if (!k || !g) {
        free(k), free(g);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for %zu orders", n);
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (struct mk_key){ orders[i].price, orders[i].seq, i };
    qsort(k, n, sizeof *k, mk_ask_first);
    size_t m = 0;
    mk_wide total_bid = 0, total_ask = 0;
    for (size_t i = 0; i < n; i++) {
        if (m == 0 || k[g[m - 1].from].price != k[i].price)
            g[m++] = (struct group){ i, i, 0, 0 };
        g[m - 1].to = i + 1;
        const struct mk_bid *x = &orders[k[i].i];
        *(x->side == MK_BUY ? &g[m - 1].bid : &g[m - 1].ask) += x->qty;
        *(x->side == MK_BUY ? &total_bid : &total_ask) += x->qty;
    }
    if (total_bid > INT64_MAX || total_ask > INT64_MAX) {
        free(k), free(g);
        return mk_refuse(err, "auction.total", "quantity",
                         "the orders of one side add up to more than %lld units",
                         (long long)INT64_MAX);
    }
    /* two passes over the prices: (1) the largest volume; then, of the prices that reach it
     * and meet (2), the one nearest the reference. Demand at or above a price is a suffix sum,
     * supply at or below it a prefix sum. */
    mk_wide vmax = 0;
    long best = -1;
    for (int pass = 0; pass < 2; pass++) {
        mk_wide demand_from = total_bid, supply_below = 0;
        for (size_t q = 0; q < m; q++) {
            mk_wide demand_above = demand_from - g[q].bid, supply_at = supply_below + g[q].ask;
            mk_wide v = demand_from < supply_at ? demand_from : supply_at;
            if (pass == 0 && v > vmax)
                vmax = v;
            mk_px p = k[g[q].from].price;
            if (pass == 1 && v == vmax && v > 0 && demand_above <= v && supply_below <= v &&
                (best < 0 || distance(p, reference) < distance(k[g[best].from].price, reference)))
                best = (long)q; /* as near: the lower, met first, stays */
            demand_from = demand_above;
            supply_below = supply_at;
        }
    }
    if (vmax > 0 && best < 0)
        rc = ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL,
                        "no price of the largest volume lets every order through it fill");
    else if (best >= 0) {
        out->price = k[g[best].from].price;
        out->volume = (mk_qty)vmax;
        out->deal = 1;
        allocate(orders, k, g, m, (size_t)best, out->volume);
    }
    free(k), free(g);
    return rc;
}
