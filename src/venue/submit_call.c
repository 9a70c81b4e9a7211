/*
 * venue/submit_call — a call market's uncross (集合竞价, markets.md §3.2): the orders an
 * instrument of mode "call" collected rest off the book (submit_order.c); at the uncross the
 * trading centre names, market/call.c finds the one price that maximises the volume (ties:
 * nearest the last price, else the reference; the lower of two as near), and every filled
 * order trades at it. Buyers and sellers are paired by price, then time priority; each pair
 * settles delivery-versus-payment as a continuous trade does. What is not filled keeps
 * waiting for the next uncross, or its expiry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

struct waiting {
    long long id;
    char party[VN_ID_MAX];
    int buy;
    int64_t price, lots, hold;
};

static int waiting_read(struct venue *v, const struct vn_book *b, struct waiting **out, size_t *n,
                        struct ls_err *err)
{
    *out = NULL;
    *n = 0;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT order_id, party, side, price, lots_left, hold FROM mkt_order WHERE "
                        "instrument_id = ? AND state = 'resting' ORDER BY order_id",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, b->instrument);
    size_t cap = 0;
    while ((rc = st_step(s, err)) == 1) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            struct waiting *w = realloc(*out, cap * sizeof *w);
            if (!w) {
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
                break;
            }
            *out = w;
        }
        struct waiting *w = &(*out)[(*n)++];
        w->id = st_col_int(s, 0);
        snprintf(w->party, sizeof w->party, "%s", st_col_text(s, 1));
        w->buy = !strcmp(st_col_text(s, 2), "buy");
        w->price = st_col_int(s, 3);
        w->lots = st_col_int(s, 4);
        w->hold = st_col_int(s, 5);
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

/* price, then time priority: bids highest first, asks lowest first */
static int by_priority(const void *a, const void *b)
{
    const struct waiting *x = *(const struct waiting *const *)a;
    const struct waiting *y = *(const struct waiting *const *)b;
    if (x->price != y->price)
        return x->buy ? (x->price < y->price) - (x->price > y->price)
                      : (x->price > y->price) - (x->price < y->price);
    return (x->id > y->id) - (x->id < y->id);
}

/* The fills of one side, paired in priority order with the other's. */
static int pair_and_settle(struct vn_ctx *c, struct vn_book *b, struct waiting *w,
                           const struct mk_bid *bids, size_t n, int64_t price, json_t *trades,
                           json_t *orders, json_t *funds)
{
    const struct vn_rules *r = b->rules;
    struct waiting **buys = malloc((n ? n : 1) * sizeof *buys);
    struct waiting **sells = malloc((n ? n : 1) * sizeof *sells);
    int64_t *left = malloc((n ? n : 1) * sizeof *left);
    if (!buys || !sells || !left) {
        free(buys);
        free(sells);
        free(left);
        return ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    size_t nb = 0, ns = 0;
    for (size_t i = 0; i < n; i++) {
        left[i] = bids[i].filled; /* what of order i is still to pair */
        if (bids[i].filled > 0 && w[i].buy)
            buys[nb++] = &w[i];
        else if (bids[i].filled > 0)
            sells[ns++] = &w[i];
    }
    qsort(buys, nb, sizeof *buys, by_priority);
    qsort(sells, ns, sizeof *sells, by_priority);
    long long no = 0;
    int rc = vn_next_trade_no(c, b->instrument, &no);
    size_t i = 0, j = 0;
    while (!rc && i < nb && j < ns) {
        struct waiting *x = buys[i], *y = sells[j];
        int64_t *lx = &left[x - w], *ly = &left[y - w];
        int64_t lots = *lx < *ly ? *lx : *ly, amount = price * lots;
        int64_t fee_b = vn_fee(amount, r->fee_bps), fee_s = vn_fee(amount, r->fee_bps);
        char from[VN_ID_MAX];
        vn_order_escrow(b->instrument, y->id, from);
        rc = vn_move_units(c, b->account, b->province, from, x->party, lots * r->lot);
        /* the buyer's hold shrinks to what its order still needs at its limit */
        int64_t now = vn_hold_for(x->price, x->lots - lots, r->fee_bps);
        vn_funds_add(funds, x->party, x->hold - now - (amount + fee_b), now - x->hold);
        vn_funds_add(funds, y->party, amount - fee_s, 0);
        vn_funds_add(funds, VN_FEES, fee_b + fee_s, 0);
        x->hold = now;
        x->lots -= lots;
        y->lots -= lots;
        *lx -= lots;
        *ly -= lots;
        json_array_append_new(
            trades,
            json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "trade_no",
                      (json_int_t)(no++), "buy_order", (json_int_t)x->id, "sell_order",
                      (json_int_t)y->id, "buyer", x->party, "seller", y->party, "price",
                      (json_int_t)price, "lots", (json_int_t)lots, "amount", (json_int_t)amount,
                      "fee_buyer", (json_int_t)fee_b, "fee_seller", (json_int_t)fee_s));
        i += *lx == 0;
        j += *ly == 0;
    }
    for (size_t k = 0; !rc && k < n; k++)
        if (bids[k].filled > 0)
            json_array_append_new(orders,
                                  json_pack("{s:I, s:I, s:I, s:s}", "order", (json_int_t)w[k].id,
                                            "lots_left", (json_int_t)w[k].lots, "hold",
                                            (json_int_t)(w[k].buy ? w[k].hold : 0), "state",
                                            w[k].lots ? "resting" : "filled"));
    free(buys);
    free(sells);
    free(left);
    return rc;
}

/* The waiting orders read and cleared (nothing settled): *w and *bids the caller frees. */
static int clear(struct venue *v, const struct vn_book *b, struct waiting **w, struct mk_bid **bids,
                 size_t *n, struct mk_clearing *cl, struct ls_err *err)
{
    int rc = waiting_read(v, b, w, n, err);
    *bids = rc ? NULL : malloc((*n ? *n : 1) * sizeof **bids);
    if (!rc && !*bids)
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < *n; i++)
        (*bids)[i] =
            (struct mk_bid){ (*w)[i].buy ? MK_BUY : MK_SELL, (*w)[i].price / b->rules->tick,
                             (*w)[i].lots, (uint64_t)(*w)[i].id, 0 };
    /* the previous close breaks a tie; before any trade, the reference */
    if (!rc)
        rc = mk_call_auction(*bids, *n, (b->last ? b->last : b->reference) / b->rules->tick, cl,
                             err);
    return rc;
}

int vn_call_indicative(struct venue *v, const struct vn_book *b, int64_t *price, int64_t *lots,
                       struct ls_err *err)
{
    struct waiting *w = NULL;
    struct mk_bid *bids = NULL;
    size_t n = 0;
    struct mk_clearing cl = { 0, 0, 0 };
    int rc = clear(v, b, &w, &bids, &n, &cl, err);
    *price = cl.deal ? cl.price * b->rules->tick : 0;
    *lots = cl.volume;
    free(w);
    free(bids);
    return rc;
}

int vn_sub_uncross(struct vn_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *instrument = vn_str(req, "instrument");
    snprintf(c->where, sizeof c->where, "uncross %.32s", instrument);
    struct vn_book *b = NULL;
    int rc = vn_instrument(c, instrument, &b);
    if (rc)
        return rc;
    if (!b->call)
        return vn_refuse(c, "call.mode", "instrument",
                         "%s trades continuously: only a call market is uncrossed", instrument);
    struct waiting *w = NULL;
    struct mk_bid *bids = NULL;
    size_t n = 0;
    struct mk_clearing cl = { 0, 0, 0 };
    const struct vn_rules *r = b->rules;
    if ((rc = clear(c->v, b, &w, &bids, &n, &cl, c->err)) != 0)
        return rc;
    json_t *trades = json_array(), *orders = json_array(), *funds = json_object();
    int64_t price = cl.price * r->tick;
    if (!rc && cl.deal)
        rc = pair_and_settle(c, b, w, bids, n, price, trades, orders, funds);
    if (!rc) {
        json_object_set_new(payload, "instrument", json_string(instrument));
        json_object_set_new(payload, "time", json_string(c->time));
        json_object_set_new(payload, "price", json_integer(cl.deal ? price : 0));
        json_object_set_new(payload, "lots", json_integer(cl.volume));
        json_object_set_new(payload, "trades", trades);
        json_object_set_new(payload, "makers", orders);
        json_object_set_new(payload, "funds", vn_funds_list(funds));
        if (cl.deal) {
            json_object_set_new(payload, "last_price", json_integer(price));
            b->last = price;
        }
        snprintf(subject, 64, "mkt-instrument:%.40s", instrument);
    } else {
        json_decref(trades);
        json_decref(orders);
    }
    json_decref(funds);
    free(bids);
    free(w);
    return rc;
}
