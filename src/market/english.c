/*
 * market/english — the ascending (English) auction of one lot (拍卖, markets.md §3.2): open
 * outcry from the start price in fixed increments; the highest bid at or above the reserve
 * wins and pays its bid, else the lot is unsold. A bid in the last `extend` seconds moves the
 * close to `extend` seconds after it (the anti-sniping rule of online auctions), so every
 * bidder has time to answer the last bid.
 */
#include <string.h>

#include "market/internal.h"

int mk_english_open(struct mk_english *a, mk_px start, mk_px increment, mk_px reserve,
                    int64_t close, int64_t extend, struct ls_err *err)
{
    memset(a, 0, sizeof *a);
    if (start < 1)
        return mk_refuse(err, "auction.start", "start_price", "a start price is one tick or more");
    if (increment < 1)
        return mk_refuse(err, "auction.increment", "increment", "an increment is one tick or more");
    if (reserve < 0)
        return mk_refuse(err, "auction.reserve", "reserve", "a reserve is 0 ticks or more");
    if (extend < 0)
        return mk_refuse(err, "auction.extension", "extend", "an extension is 0 s or more");
    *a = (struct mk_english){ start, increment, reserve, close, extend, 0, 0, 0 };
    return 0;
}

int mk_english_bid(struct mk_english *a, uint32_t bidder, mk_px price, int64_t now,
                   struct ls_err *err)
{
    if (now >= a->close)
        return mk_refuse(err, "auction.closed", "time", "the auction closed at %lld (bid at %lld)",
                         (long long)a->close, (long long)now);
    if (a->bids && bidder == a->leader)
        return mk_refuse(err, "auction.leader", "bidder",
                         "the leading bidder does not raise its own bid");
    mk_px least = a->start;
    if (a->bids && __builtin_add_overflow(a->current, a->increment, &least))
        return mk_refuse(err, "order.price_overflow", "price", "the next price overflows");
    if (price < least)
        return mk_refuse(err, "auction.below_current", "price",
                         "a bid is at least %lld ticks (%s), not %lld", (long long)least,
                         a->bids ? "the current bid plus the increment" : "the start price",
                         (long long)price);
    a->current = price;
    a->leader = bidder;
    a->bids++;
    if (a->extend > 0 && a->close - now < a->extend)
        a->close = now + a->extend;
    return 0;
}

int mk_english_result(const struct mk_english *a, int64_t now, struct mk_clearing *out,
                      uint32_t *winner, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    *winner = 0;
    if (now < a->close)
        return mk_refuse(err, "auction.open", "time", "the auction closes at %lld",
                         (long long)a->close);
    if (a->bids && a->current >= a->reserve) {
        out->price = a->current;
        out->volume = 1;
        out->deal = 1;
        *winner = a->leader;
    }
    return 0;
}
