/*
 * market/sealed — the sealed first-price tender of one lot (招标, markets.md §3.2): one sealed
 * bid each; the highest at or above the reserve wins and pays its bid; of equal bids the
 * earliest wins (as 39号令 art. 20 rules for equal bid forms).
 */
#include <stdio.h>
#include <string.h>

#include "market/internal.h"

int mk_sealed_first_price(const struct mk_bid *bids, size_t n, mk_px reserve, long *winner,
                          struct mk_clearing *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    *winner = -1;
    if (reserve < 0)
        return mk_refuse(err, "auction.reserve", "reserve", "a reserve is 0 ticks or more");
    for (size_t i = 0; i < n; i++) {
        const struct mk_bid *x = &bids[i];
        if (x->side != MK_BUY || x->price < 1 || x->qty < 1 || x->qty > MK_QTY_MAX) {
            int rc = mk_refuse(err, "order.bid", "price",
                               "bid %zu is not a bid to buy at one tick or more", i + 1);
            snprintf(err->where, sizeof err->where, "bid %zu", i + 1);
            return rc;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const struct mk_bid *x = &bids[i];
        if (x->price < reserve)
            continue;
        const struct mk_bid *w = *winner >= 0 ? &bids[*winner] : NULL;
        if (!w || x->price > w->price || (x->price == w->price && x->seq < w->seq))
            *winner = (long)i;
    }
    if (*winner >= 0) {
        out->price = bids[*winner].price;
        out->volume = 1;
        out->deal = 1;
    }
    return 0;
}
