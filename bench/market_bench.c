/*
 * The matching core's figures (issue 20), in memory on one core:
 *   market_bench [OPS]
 *   - exchange-core's published mix (markets.md §3.1): about 1,000 resting orders over 750
 *     price levels, then 9 % GTC places, 3 % IOC, 6 % cancels and 82 % moves (an amend to a
 *     new price), OPS operations (default 3 M); throughput of the core alone, p50/p99/p99.99
 *     of each operation's latency;
 *   - a uniform-price auction of 100,000 sealed bids, and a call auction of 100,000 orders;
 *   - the baseline of the same run: qsort of 100,000 (price, seq) keys, and a floor of one
 *     random read-modify-write per operation over an array the size of the book.
 * The stream is fixed by the seed; the figures are printed as ratios against the baseline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "market/market.h"
#include "timing.h"

#define LEVELS 750
#define MID    10000

static double ns_now(void)
{
    return now_ms() * 1e6;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static int cmp_key(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    if (x[0] != y[0])
        return (x[0] > y[0]) - (x[0] < y[0]);
    return (x[1] > y[1]) - (x[1] < y[1]);
}

static double sort_baseline_ms(void)
{
    struct ls_rng g;
    ls_rng_seed(&g, 3);
    int64_t(*k)[2] = malloc(100000 * sizeof *k);
    for (int i = 0; i < 100000; i++) {
        k[i][0] = (int64_t)ls_rng_below(&g, 1000);
        k[i][1] = i;
    }
    double t0 = now_ms();
    qsort(k, 100000, sizeof *k, cmp_key);
    double t = now_ms() - t0;
    free(k);
    return t;
}

static mk_px near_mid(struct ls_rng *g, int side)
{
    /* a passive price most of the time, within the 750 levels around the mid */
    int64_t off = (int64_t)ls_rng_below(g, LEVELS / 2);
    int64_t cross = ls_rng_below(g, 50) == 0 ? -1 : 1;
    return side == MK_BUY ? MID - off * cross : MID + off * cross;
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? strtol(argv[1], NULL, 10) : 3000000;
    struct ls_err err = { 0 };
    struct mk_book *b = NULL;
    if (mk_book_new(MID - 4 * LEVELS, MID + 4 * LEVELS, &b, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    struct ls_rng g;
    ls_rng_seed(&g, 20);
    uint64_t *live = malloc(1 << 20 << 3);
    size_t nlive = 0;
    struct mk_result res;
    for (int i = 0; i < 1000; i++) {
        int side = i % 2;
        mk_place(b, (enum mk_side)side,
                 side == MK_BUY ? MID - 1 - (i % LEVELS) / 2 : MID + 1 + (i % LEVELS) / 2,
                 1 + (mk_qty)ls_rng_below(&g, 100), (uint32_t)ls_rng_below(&g, 64), MK_GTC, &res,
                 &err);
        if (res.resting)
            live[nlive++] = res.id;
    }
    float *lat = malloc((size_t)ops * sizeof *lat);
    double core = 0;
    long fills = 0, refused = 0, kinds[4] = { 0 };
    double w0 = now_ms();
    for (long i = 0; i < ops; i++) {
        uint64_t r = ls_rng_below(&g, 100);
        uint32_t owner = (uint32_t)ls_rng_below(&g, 64);
        int side = (int)ls_rng_below(&g, 2);
        /* a live order to cancel or move: drop the ones that left the book */
        struct mk_order_view v;
        uint64_t id = 0;
        while (r >= 12 && nlive) {
            size_t k = ls_rng_below(&g, nlive);
            if (mk_order(b, live[k], &v)) {
                id = live[k];
                break;
            }
            live[k] = live[--nlive];
        }
        mk_px p = near_mid(&g, id ? (int)v.side : side);
        mk_qty q = 1 + (mk_qty)ls_rng_below(&g, 100);
        double t0 = ns_now();
        int rc;
        /* exchange-core's generator holds the book near 1,000 orders: over that, a place
         * takes liquidity (IOC through the spread) instead of adding it */
        if (r < 9 && mk_book_count(b) > 1000)
            r = 9;
        else if (r >= 9 && r < 12 && mk_book_count(b) < 1000)
            r = 0;
        int gtc = r < 9 || (r >= 12 && !id);
        kinds[gtc ? 0 : r < 12 ? 1 : r < 18 ? 2 : 3]++;
        if (gtc)
            rc = mk_place(b, (enum mk_side)side, p, q, owner, MK_GTC, &res, &err);
        else if (r < 12)
            rc = mk_place(b, (enum mk_side)side, side == MK_BUY ? p + 20 : p - 20, q, owner, MK_IOC,
                          &res, &err);
        else if (r < 18)
            rc = mk_cancel(b, id, v.owner, NULL, &err);
        else
            rc = mk_amend(b, id, v.owner, p, v.qty, &res, &err);
        double dt = ns_now() - t0;
        core += dt;
        lat[i] = (float)dt;
        if (rc)
            refused++;
        else if (gtc || r < 12 || r >= 18) {
            fills += (long)res.nfills;
            if (res.resting && gtc && nlive < (1 << 20))
                live[nlive++] = res.id;
        }
    }
    double wall = now_ms() - w0;
    /* the memory floor: one random read-modify-write per operation over the book's size */
    size_t span = (size_t)(8 * LEVELS + 1) * 2 + 4096;
    int64_t *floor_arr = calloc(span, sizeof *floor_arr);
    double f0 = now_ms();
    for (long i = 0; i < ops; i++)
        floor_arr[ls_rng_below(&g, span)] += i;
    double floor_ms = now_ms() - f0;
    qsort(lat, (size_t)ops, sizeof *lat, cmp_float);
    double sort_ms = sort_baseline_ms();
    printf("continuous book, exchange-core mix: %ld ops in %.0f ms of core time (%.0f ms wall): "
           "%.2f M ops/s; p50 %.2f us, p99 %.2f us, p99.99 %.2f us, max %.1f us; %ld fills, "
           "%ld refused, %zu resting; mix %.1f %% GTC, %.1f %% IOC, %.1f %% cancel, %.1f %% move; "
           "floor (one random RMW per op) %.2f M ops/s (core at %.2f "
           "of it)\n",
           ops, core / 1e6, wall, (double)ops / (core / 1e9) / 1e6, lat[ops / 2] / 1e3,
           lat[(long)((double)ops * 0.99)] / 1e3, lat[(long)((double)ops * 0.9999)] / 1e3,
           lat[ops - 1] / 1e3, fills, refused, mk_book_count(b),
           100.0 * (double)kinds[0] / (double)ops, 100.0 * (double)kinds[1] / (double)ops,
           100.0 * (double)kinds[2] / (double)ops, 100.0 * (double)kinds[3] / (double)ops,
           (double)ops / (floor_ms / 1e3) / 1e6, (floor_ms / 1e3) / (core / 1e9));
    mk_book_free(b);
    free(lat);
    free(live);
    free(floor_arr);

    /* the auctions: 100,000 bids over 2,000 ticks */
    enum { N = 100000 };
    struct mk_bid *bids = malloc(N * sizeof *bids);
    for (int i = 0; i < N; i++)
        bids[i] = (struct mk_bid){ MK_BUY, 1000 + (mk_px)ls_rng_below(&g, 2000),
                                   1 + (mk_qty)ls_rng_below(&g, 1000), (uint64_t)i, 0 };
    struct mk_clearing c;
    double t0 = now_ms();
    int rc = mk_uniform_auction(bids, N, 20000000, 1500, &c, &err);
    double uni = now_ms() - t0;
    printf("uniform-price auction, %d sealed bids: %.1f ms (goal 50; %.2f of the sort baseline "
           "%.1f ms); price %lld, volume %lld%s\n",
           N, uni, uni / sort_ms, sort_ms, (long long)c.price, (long long)c.volume,
           rc ? " FAILED" : "");
    for (int i = 0; i < N; i++) {
        bids[i].side = i % 2 ? MK_SELL : MK_BUY;
        bids[i].price = bids[i].side == MK_BUY ? 1900 + (mk_px)ls_rng_below(&g, 300)
                                               : 2000 + (mk_px)ls_rng_below(&g, 300);
    }
    t0 = now_ms();
    rc = mk_call_auction(bids, N, 2050, &c, &err);
    double call = now_ms() - t0;
    printf("call auction, %d orders: %.1f ms (goal 50; %.2f of the sort baseline); price %lld, "
           "volume %lld%s\n",
           N, call, call / sort_ms, (long long)c.price, (long long)c.volume, rc ? " FAILED" : "");
    free(bids);
    return 0;
}
