/*
 * market/uniform — the uniform-price sealed multi-unit auction (markets.md §3.2, the EU ETS
 * and RGGI primary auctions): sealed bids are sorted highest first; those at or above the
 * reserve are accepted until the supply is gone; the lowest accepted bid is the clearing
 * price every winner pays. The bids at that price share what is left pro rata to their
 * quantity; the whole units a pro-rata floor leaves go one each by the largest remainder, then
 * to the earliest bid (the EU rule draws lots: we keep the outcome deterministic).
 */
#include <stdlib.h>
#include <string.h>

#include "market/internal.h"

struct rem {
    mk_wide r;
    uint64_t seq;
    size_t i;
};

/* the largest remainder first, then the earliest bid */
static int by_remainder(const void *a, const void *b)
{
    const struct rem *x = a, *y = b;
    if (x->r != y->r)
        return (x->r < y->r) - (x->r > y->r);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The bids k[from..to) at one price share `left` units pro rata. */
static int share_margin(struct mk_bid *bids, const struct mk_key *k, size_t from, size_t to,
                        mk_qty left, struct ls_err *err)
{
    mk_wide group = 0;
    for (size_t i = from; i < to; i++)
        group += bids[k[i].i].qty;
    size_t n = to - from;
    struct rem *rem = malloc(n * sizeof *rem);
    if (!rem)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for %zu bids", n);
    mk_qty given = 0;
    for (size_t i = from; i < to; i++) {
        struct mk_bid *x = &bids[k[i].i];
        mk_wide p = (mk_wide)left * x->qty;
        x->filled = (mk_qty)(p / group);
        given += x->filled;
        rem[i - from] = (struct rem){ p % group, x->seq, k[i].i };
    }
    /* Σ remainders = (left - given) × group and each is below group, so at least left - given
     * bids have one: each of the first gets one unit */
    qsort(rem, n, sizeof *rem, by_remainder);
    for (size_t u = 0; u < (size_t)(left - given) && u < n; u++)
        bids[rem[u].i].filled++;
    free(rem);
    return 0;
}

int mk_uniform_auction(struct mk_bid *bids, size_t n, mk_qty supply, mk_px reserve,
                       struct mk_clearing *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    if (supply < 1 || supply > MK_QTY_MAX)
        return mk_refuse(err, "auction.supply", "supply", "the supply is 1 to %lld units",
                         (long long)MK_QTY_MAX);
    if (reserve < 0)
        return mk_refuse(err, "auction.reserve", "reserve", "a reserve is 0 ticks or more");
    int rc = mk_bids_check(bids, n, 0, "bid", err);
    if (rc || n == 0)
        return rc;
    struct mk_key *k = malloc(n * sizeof *k);
    if (!k)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for %zu bids", n);
    for (size_t i = 0; i < n; i++)
        k[i] = (struct mk_key){ bids[i].price, bids[i].seq, i };
    qsort(k, n, sizeof *k, mk_bid_first);
    mk_qty left = supply;
    for (size_t i = 0; i < n && left > 0 && bids[k[i].i].price >= reserve;) {
        size_t j = i;
        mk_wide group = 0;
        for (; j < n && bids[k[j].i].price == bids[k[i].i].price; j++)
            group += bids[k[j].i].qty;
        out->price = bids[k[i].i].price;
        if (group <= left) {
            for (size_t q = i; q < j; q++)
                bids[k[q].i].filled = bids[k[q].i].qty;
            left -= (mk_qty)group;
        } else {
            rc = share_margin(bids, k, i, j, left, err);
            left = 0;
        }
        i = j;
    }
    free(k);
    out->volume = supply - left;
    out->deal = out->volume > 0;
    if (!out->deal)
        out->price = 0;
    return rc;
}
