/*
 * market/listing — 挂牌 (markets.md §3.2; 《招标拍卖挂牌出让国有建设用地使用权规定》, 39号令
 * arts. 17–20): over the listing period bidders file bid forms (报价单), each raising the
 * displayed price by at least the increment; at the close, when several bidders still want
 * to bid the lot goes to an on-site auction; otherwise the highest form at or above the
 * confidential reserve (底价) is a deal, equal forms going to the earliest, and below the
 * reserve there is no deal.
 */
#include <string.h>

#include "market/internal.h"

int mk_listing_open(struct mk_listing *l, mk_px start, mk_px increment, mk_px reserve, int64_t open,
                    int64_t close, struct ls_err *err)
{
    memset(l, 0, sizeof *l);
    if (start < 1)
        return mk_refuse(err, "listing.start", "start_price", "a start price is one tick or more");
    if (increment < 1)
        return mk_refuse(err, "listing.increment", "increment", "an increment is one tick or more");
    if (reserve < 0)
        return mk_refuse(err, "listing.reserve", "reserve", "a reserve is 0 ticks or more");
    if (close <= open)
        return mk_refuse(err, "listing.period", "close",
                         "the listing period closes after it opens");
    *l = (struct mk_listing){ start, increment, reserve, open, close, 0, 0, 0, 0 };
    return 0;
}

int mk_listing_bid(struct mk_listing *l, uint32_t bidder, mk_px price, uint64_t seq, int64_t now,
                   struct ls_err *err)
{
    if (now < l->open || now >= l->close)
        return mk_refuse(err, "listing.period", "time",
                         "bid forms are taken from %lld until %lld (this one at %lld)",
                         (long long)l->open, (long long)l->close, (long long)now);
    if (!l->bids || (l->current == l->start && price == l->start)) {
        if (price < l->start)
            return mk_refuse(err, "listing.below_start", "price",
                             "a bid form is at least the start price %lld ticks, not %lld",
                             (long long)l->start, (long long)price);
        /* a form at the start price while nobody has raised: equal forms, the earliest leads */
        if (l->bids && price == l->current) {
            if (bidder == l->leader)
                return mk_refuse(err, "listing.increment", "price",
                                 "the leading bidder raises by the increment or not at all");
            l->bids++;
            return 0;
        }
    } else {
        mk_px least;
        if (__builtin_add_overflow(l->current, l->increment, &least))
            return mk_refuse(err, "order.price_overflow", "price", "the next price overflows");
        if (price < least)
            return mk_refuse(err, "listing.increment", "price",
                             "a bid form is at least the displayed %lld ticks plus the increment "
                             "%lld, not %lld",
                             (long long)l->current, (long long)l->increment, (long long)price);
    }
    l->current = price;
    l->leader = bidder;
    l->leader_seq = seq;
    l->bids++;
    return 0;
}

int mk_listing_close(const struct mk_listing *l, int64_t now, int still_bidding,
                     int64_t auction_close, enum mk_listing_outcome *outcome,
                     struct mk_clearing *out, struct mk_english *auction, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    *outcome = MK_LISTING_NO_DEAL;
    if (now < l->close)
        return mk_refuse(err, "listing.open", "time", "the listing closes at %lld",
                         (long long)l->close);
    if (l->bids && still_bidding >= 2) {
        /* the on-site auction starts from the displayed price, the leader holding it */
        int rc =
            mk_english_open(auction, l->current, l->increment, l->reserve, auction_close, 0, err);
        if (rc)
            return rc;
        auction->current = l->current;
        auction->leader = l->leader;
        auction->bids = 1;
        *outcome = MK_LISTING_TO_AUCTION;
        return 0;
    }
    if (l->bids && l->current >= l->reserve) {
        *outcome = MK_LISTING_DEAL;
        out->price = l->current;
        out->volume = 1;
        out->deal = 1;
    }
    return 0;
}
