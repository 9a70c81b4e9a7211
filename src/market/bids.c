/* market/bids — what the auctions share: their bids checked, and the priority orders (price,
 * then time) they are filled in. */
#include <stdio.h>

#include "market/internal.h"

int mk_bids_check(struct mk_bid *bids, size_t n, int both_sides, const char *what,
                  struct ls_err *err)
{
    for (size_t i = 0; i < n; i++) {
        struct mk_bid *x = &bids[i];
        char where[48];
        snprintf(where, sizeof where, "%s %zu", what, i + 1);
        int rc = 0;
        if (x->side != MK_BUY && (!both_sides || x->side != MK_SELL))
            rc = mk_refuse(err, "order.side", "side", "%s is %s", where,
                           both_sides ? "neither a buy nor a sell" : "not a bid to buy");
        else if (x->qty < 1 || x->qty > MK_QTY_MAX)
            rc = mk_refuse(err, "order.quantity", "quantity", "%s: a quantity is 1 to %lld units",
                           where, (long long)MK_QTY_MAX);
        else if (x->price < 1)
            rc = mk_refuse(err, "order.price", "price", "%s: a price is one tick or more", where);
        if (rc) {
            snprintf(err->where, sizeof err->where, "%s", where);
            return rc;
        }
    }
    for (size_t i = 0; i < n; i++)
        bids[i].filled = 0;
    return 0;
}

/* bids: the highest price first; asks: the lowest first; then the earliest */
int mk_bid_first(const void *a, const void *b)
{
    const struct mk_key *x = a, *y = b;
    if (x->price != y->price)
        return (x->price < y->price) - (x->price > y->price);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int mk_ask_first(const void *a, const void *b)
{
    const struct mk_key *x = a, *y = b;
    if (x->price != y->price)
        return (x->price > y->price) - (x->price < y->price);
    return (x->seq > y->seq) - (x->seq < y->seq);
}
