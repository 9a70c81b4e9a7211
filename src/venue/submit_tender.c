/*
 * venue/submit_tender — the sealed modes of a listing (markets.md §3.2): a sealed first-price
 * tender (招标) of the whole lot, and a uniform-price sealed auction of its lots (the EU ETS
 * and RGGI primary auctions). A registered bidder files one sealed bid between the opening and
 * the close — a later one replaces it and takes its time — and it holds the money it would
 * pay, never less than the deposit. Nothing of a bid is published before the close; at the
 * close market/sealed.c or market/uniform.c clears them, each winner pays and receives its
 * part delivery-versus-payment (listing.c) and the lots nobody won go back to the seller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

int vn_tender_bid(struct vn_ctx *c, const struct vn_listing *l, json_t *req, json_t *payload,
                  json_t *funds)
{
    const char *party = vn_str(req, "party");
    int64_t hold = 0, best = 0, had = 0, price = 0, units = l->units, avail, held;
    int rc = vn_listing_bidder(c, l->id, party, &hold, &best, &had);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return vn_refuse(c, "listing.not_registered", "party",
                         "%.40s has not registered (and paid the deposit) for %s", party, l->id);
    int64_t now = vn_instant(c->date, c->time);
    if (now < vn_at(l->open_at) || now >= vn_at(l->close_at))
        return vn_refuse(c, "listing.period", "time", "the tender takes bids from %s until %s",
                         l->open_at, l->close_at);
    if ((rc = vn_int(c, req, "price", 1, VN_MONEY_MAX, "order.price", &price)) != 0)
        return rc;
    if (price < l->start)
        return vn_refuse(c, "tender.start", "price", "%lld fen is below the start price %lld",
                         (long long)price, (long long)l->start);
    /* a uniform-price bid names how much of the lot it wants; a tender bids for all of it */
    if (!strcmp(l->mode, "uniform") &&
        (rc = vn_int(c, req, "units", 1, l->units, "listing.quantity", &units)) != 0)
        return rc;
    int64_t lots, amount;
    if ((rc = vn_tick_lot(c, l->rules, price, units, &lots)) != 0)
        return rc;
    if (__builtin_mul_overflow(price, lots, &amount) || amount > VN_MONEY_MAX / 2)
        return vn_refuse(c, "order.price_overflow", "price",
                         "price × lots overflows the money the venue counts");
    int64_t need = vn_hold_for(price, lots, l->rules->fee_bps);
    if (need < l->deposit)
        need = l->deposit;
    if ((rc = vn_funds_of(c->v, party, &avail, &held, c->err)) != 0)
        return rc;
    if (need - hold > avail)
        return vn_refuse(c, "listing.funds", "price",
                         "the bid holds %lld fen with its fee; %s has %lld more available, not "
                         "%lld",
                         (long long)need, party, (long long)avail, (long long)(need - hold));
    vn_funds_add(funds, party, hold - need, need - hold);
    json_object_set_new(payload, "party", json_string(party));
    json_object_set_new(payload, "price", json_integer(price));
    json_object_set_new(payload, "lots", json_integer(lots));
    json_object_set_new(payload, "hold", json_integer(need));
    json_object_set_new(payload, "bids", json_integer(l->bids + (best == 0)));
    json_object_set_new(payload, "replaces", json_integer(best));
    return 0;
}

struct sealed_bid {
    char party[VN_ID_MAX];
};

/* The sealed bids in the order they were filed. */
static int bids_read(struct vn_ctx *c, const struct vn_listing *l, struct mk_bid **out,
                     struct sealed_bid **who, size_t *n)
{
    *out = NULL;
    *who = NULL;
    *n = 0;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT party, best, lots, bid_seq FROM mkt_bidder WHERE listing_id = ? "
                        "AND best > 0 ORDER BY bid_seq",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, l->id);
    size_t cap = 0;
    while ((rc = st_step(s, c->err)) == 1) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            struct mk_bid *b = realloc(*out, cap * sizeof *b);
            struct sealed_bid *w = b ? realloc(*who, cap * sizeof *w) : NULL;
            if (b)
                *out = b;
            if (w)
                *who = w;
            if (!b || !w) {
                rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
                break;
            }
        }
        (*out)[*n] = (struct mk_bid){ MK_BUY, st_col_int(s, 1), st_col_int(s, 2),
                                      (uint64_t)st_col_int(s, 3), 0 };
        snprintf((*who)[*n].party, VN_ID_MAX, "%s", st_col_text(s, 0));
        (*n)++;
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int vn_tender_close(struct vn_ctx *c, const struct vn_listing *l, json_t *payload, json_t *funds)
{
    struct mk_bid *bids = NULL;
    struct sealed_bid *who = NULL;
    size_t n = 0;
    struct mk_clearing cl = { 0, 0, 0 };
    int rc = bids_read(c, l, &bids, &who, &n);
    if (!rc && !strcmp(l->mode, "sealed")) {
        long w = -1;
        rc = mk_sealed_first_price(bids, n, l->reserve, &w, &cl, c->err);
        if (!rc && w >= 0) {
            bids[w].filled = l->lots;
            cl.volume = l->lots;
        }
    } else if (!rc) {
        rc = mk_uniform_auction(bids, n, l->lots, l->reserve, &cl, c->err);
    }
    json_t *trades = json_array(), *winners = json_object();
    for (size_t i = 0; !rc && i < n; i++)
        if (bids[i].filled > 0) {
            json_object_set_new(winners, who[i].party, json_integer(bids[i].filled));
            rc = vn_listing_award(c, l, who[i].party, cl.price, bids[i].filled, trades, funds);
        }
    if (!rc)
        rc = vn_listing_release(c, l, winners, funds);
    if (!rc)
        rc = vn_listing_return(c, l, l->lots - cl.volume);
    if (!rc) {
        json_object_set_new(payload, "outcome", json_string(cl.volume ? "sold" : "unsold"));
        json_object_set_new(payload, "lots_sold", json_integer(cl.volume));
        json_object_set_new(payload, "bids", json_integer((json_int_t)n));
        json_object_set_new(payload, "trades", trades);
    } else
        json_decref(trades);
    json_decref(winners);
    free(bids);
    free(who);
    return rc;
}
