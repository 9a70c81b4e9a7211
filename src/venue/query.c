/* venue/query — what the venue shows: its instruments with their rules, an instrument's book
 * (levels from memory), the trades, a party's money and orders. Prices are fen per lot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

int vn_instruments(struct venue *v, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT instrument_id, account, province, mode, reference_price, "
                        "last_price, state FROM mkt_instrument ORDER BY instrument_id",
                        &s, err);
    if (rc)
        return rc;
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1) {
        const struct vn_rules *r = vn_rules_find(st_col_text(s, 1));
        json_array_append_new(
            a,
            json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:s?, s:s?}",
                      "instrument", st_col_text(s, 0), "account", st_col_text(s, 1), "province",
                      st_col_text(s, 2), "mode", st_col_text(s, 3), "reference_price",
                      (json_int_t)st_col_int(s, 4), "last_price", (json_int_t)st_col_int(s, 5),
                      "state", st_col_text(s, 6), "lot", (json_int_t)(r ? r->lot : 0), "tick",
                      (json_int_t)(r ? r->tick : 0), "band_pct", (json_int_t)(r ? r->band_pct : 0),
                      "fee_bps", (json_int_t)(r ? r->fee_bps : 0), "lot_zh", r ? r->lot_zh : NULL,
                      "lot_en", r ? r->lot_en : NULL));
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

static json_t *levels(const struct vn_book *b, enum mk_side side, int depth)
{
    json_t *a = json_array();
    struct mk_level_view *lv = malloc((size_t)depth * sizeof *lv);
    size_t n = lv ? mk_depth(b->book, side, lv, (size_t)depth) : 0;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:I, s:I, s:I}", "price",
                                           (json_int_t)(lv[i].price * b->rules->tick), "lots",
                                           (json_int_t)lv[i].qty, "units",
                                           (json_int_t)(lv[i].qty * b->rules->lot), "orders",
                                           (json_int_t)lv[i].orders));
    free(lv);
    return a;
}

/* A call market's waiting orders per price, best first (they are off the book). */
static json_t *call_levels(struct venue *v, const struct vn_book *b, int buy, int depth,
                           struct ls_err *err)
{
    json_t *a = json_array();
    struct ls_stmt *s = NULL;
    char sql[320];
    snprintf(sql, sizeof sql,
             "SELECT price, sum(lots_left), count(*) FROM mkt_order WHERE instrument_id = ? AND "
             "state = 'resting' AND side = ? GROUP BY price ORDER BY price %s LIMIT %d",
             buy ? "DESC" : "ASC", depth);
    if (st_prepare(v->st, sql, &s, err) == 0) {
        st_bind_text(s, 1, b->instrument);
        st_bind_text(s, 2, buy ? "buy" : "sell");
        while (st_step(s, err) == 1)
            json_array_append_new(a, json_pack("{s:I, s:I, s:I, s:I}", "price",
                                               (json_int_t)st_col_int(s, 0), "lots",
                                               (json_int_t)st_col_int(s, 1), "units",
                                               (json_int_t)(st_col_int(s, 1) * b->rules->lot),
                                               "orders", (json_int_t)st_col_int(s, 2)));
        st_finalize(s);
    }
    return a;
}

int vn_quotes(struct venue *v, const char *instrument, const char *party, json_t **out,
              struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        v->st,
        "SELECT instrument_id, quote_id, kind, seller, buyer, price, lots, lots_left, expires, "
        "state FROM mkt_quote WHERE (? = '' OR instrument_id = ?) AND (CASE WHEN ? = '' THEN "
        "state = 'open' AND kind = 'quote' ELSE seller = ? OR buyer = ? END) ORDER BY "
        "CASE WHEN ? = '' THEN price ELSE -quoted_seq END, quoted_seq",
        &s, err);
    if (rc)
        return rc;
    const char *in = instrument ? instrument : "", *p = party ? party : "";
    st_bind_text(s, 1, in);
    st_bind_text(s, 2, in);
    st_bind_text(s, 3, p);
    st_bind_text(s, 4, p);
    st_bind_text(s, 5, p);
    st_bind_text(s, 6, p);
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1) {
        json_t *q = json_pack("{s:s, s:I, s:s, s:s, s:I, s:I, s:I, s:s, s:s}", "instrument",
                              st_col_text(s, 0), "quote", (json_int_t)st_col_int(s, 1), "kind",
                              st_col_text(s, 2), "seller", st_col_text(s, 3), "price",
                              (json_int_t)st_col_int(s, 5), "lots", (json_int_t)st_col_int(s, 6),
                              "lots_left", (json_int_t)st_col_int(s, 7), "expires",
                              st_col_text(s, 8), "state", st_col_text(s, 9));
        if (*st_col_text(s, 4))
            json_object_set_new(q, "buyer", json_string(st_col_text(s, 4)));
        json_array_append_new(a, q);
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

int vn_book(struct venue *v, const char *instrument, int depth, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct vn_book *b = NULL;
    int rc = vn_book_get(v, instrument, &b, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ls_err_set(err, LS_ENOENT, NULL, instrument, "instrument", "no instrument %s",
                          instrument);
    if (depth < 1 || depth > 1000)
        depth = 10;
    json_t *quotes = NULL;
    if ((rc = vn_quotes(v, b->instrument, "", &quotes, err)) != 0)
        return rc;
    *out = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:o, s:o}", "instrument", b->instrument,
                     "account", b->account, "mode", b->call ? "call" : "continuous",
                     "reference_price", (json_int_t)b->reference, "last_price", (json_int_t)b->last,
                     "lot", (json_int_t)b->rules->lot, "bids",
                     b->call ? call_levels(v, b, 1, depth, err) : levels(b, MK_BUY, depth), "asks",
                     b->call ? call_levels(v, b, 0, depth, err) : levels(b, MK_SELL, depth),
                     "quotes", quotes);
    /* a call market shows what an uncross now would do (参考成交价) */
    if (b->call) {
        int64_t price = 0, lots = 0;
        if ((rc = vn_call_indicative(v, b, &price, &lots, err)) != 0) {
            json_decref(*out);
            *out = NULL;
            return rc;
        }
        json_object_set_new(
            *out, "indicative",
            json_pack("{s:I, s:I}", "price", (json_int_t)price, "lots", (json_int_t)lots));
    }
    return 0;
}

int vn_trades(struct venue *v, const char *instrument, const char *party, json_t **out,
              struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT instrument_id, trade_no, seq, trade_date, trade_time, buy_order, "
                        "sell_order, buyer, seller, price, lots, amount, fee_buyer, fee_seller, "
                        "mode FROM mkt_trade WHERE (? = '' OR instrument_id = ?) AND (? = '' OR "
                        "buyer = ? OR seller = ?) ORDER BY seq, instrument_id, trade_no",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, instrument ? instrument : "");
    st_bind_text(s, 2, instrument ? instrument : "");
    st_bind_text(s, 3, party ? party : "");
    st_bind_text(s, 4, party ? party : "");
    st_bind_text(s, 5, party ? party : "");
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(
            a, json_pack("{s:s, s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, "
                         "s:s}",
                         "instrument", st_col_text(s, 0), "trade_no", (json_int_t)st_col_int(s, 1),
                         "seq", (json_int_t)st_col_int(s, 2), "date", st_col_text(s, 3), "time",
                         st_col_text(s, 4), "buy_order", (json_int_t)st_col_int(s, 5), "sell_order",
                         (json_int_t)st_col_int(s, 6), "buyer", st_col_text(s, 7), "seller",
                         st_col_text(s, 8), "price", (json_int_t)st_col_int(s, 9), "lots",
                         (json_int_t)st_col_int(s, 10), "amount", (json_int_t)st_col_int(s, 11),
                         "fee_buyer", (json_int_t)st_col_int(s, 12), "fee_seller",
                         (json_int_t)st_col_int(s, 13), "mode", st_col_text(s, 14)));
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

int vn_funds(struct venue *v, const char *party, json_t **out, struct ls_err *err)
{
    int64_t avail, held;
    int rc = vn_funds_of(v, party, &avail, &held, err);
    if (!rc)
        *out = json_pack("{s:s, s:I, s:I}", "party", party, "available", (json_int_t)avail, "held",
                         (json_int_t)held);
    return rc;
}

int vn_orders(struct venue *v, const char *party, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT instrument_id, order_id, side, price, lots, lots_left, hold, tif, "
                        "expires, state, queued_seq, updated_seq FROM mkt_order WHERE party = ? "
                        "ORDER BY queued_seq DESC, instrument_id, order_id DESC",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, party);
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(
            a,
            json_pack("{s:s, s:I, s:s, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:I}", "instrument",
                      st_col_text(s, 0), "order", (json_int_t)st_col_int(s, 1), "side",
                      st_col_text(s, 2), "price", (json_int_t)st_col_int(s, 3), "lots",
                      (json_int_t)st_col_int(s, 4), "lots_left", (json_int_t)st_col_int(s, 5),
                      "hold", (json_int_t)st_col_int(s, 6), "time_in_force", st_col_text(s, 7),
                      "expires", st_col_text(s, 8), "state", st_col_text(s, 9), "seq",
                      (json_int_t)st_col_int(s, 10), "updated_seq", (json_int_t)st_col_int(s, 11)));
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

/* Per party, what a day's settlement moved (fen). */
static json_t *party_row(json_t *parties, const char *party)
{
    json_t *p = json_object_get(parties, party);
    if (!p) {
        p = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "party", party, "deposits", (json_int_t)0,
                      "withdrawals", (json_int_t)0, "paid", (json_int_t)0, "received",
                      (json_int_t)0, "fees", (json_int_t)0);
        json_object_set_new(parties, party, p);
    }
    return p;
}

static void add(json_t *row, const char *k, json_int_t v)
{
    json_object_set_new(row, k, json_integer(json_integer_value(json_object_get(row, k)) + v));
}

int vn_settlement(struct venue *v, const char *date, json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *trades = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT instrument_id, trade_no, seq, trade_time, buyer, seller, price, "
                        "lots, amount, fee_buyer, fee_seller FROM mkt_trade WHERE trade_date = ? "
                        "ORDER BY seq, instrument_id, trade_no",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, date);
    json_t *parties = json_object(), *money = json_array();
    trades = json_array();
    while ((rc = st_step(s, err)) == 1) {
        json_int_t amount = st_col_int(s, 8), fb = st_col_int(s, 9), fs = st_col_int(s, 10);
        json_array_append_new(
            trades,
            json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "instrument",
                      st_col_text(s, 0), "trade_no", (json_int_t)st_col_int(s, 1), "seq",
                      (json_int_t)st_col_int(s, 2), "time", st_col_text(s, 3), "buyer",
                      st_col_text(s, 4), "seller", st_col_text(s, 5), "price",
                      (json_int_t)st_col_int(s, 6), "lots", (json_int_t)st_col_int(s, 7), "amount",
                      amount, "fee_buyer", fb, "fee_seller", fs));
        json_t *b = party_row(parties, st_col_text(s, 4)),
               *sl = party_row(parties, st_col_text(s, 5));
        add(b, "paid", amount + fb);
        add(b, "fees", fb);
        add(sl, "received", amount - fs);
        add(sl, "fees", fs);
        add(party_row(parties, VN_FEES), "received", fb + fs);
    }
    st_finalize(s);
    /* the money the centre recorded that day: its deposits and withdrawals, from the ledger */
    if (rc == 0)
        rc = st_prepare(v->st,
                        "SELECT seq, type, payload FROM ledger_event WHERE effective = ? AND type "
                        "IN ('market.deposit', 'market.withdraw') ORDER BY seq",
                        &s, err);
    if (rc == 0) {
        st_bind_text(s, 1, date);
        while ((rc = st_step(s, err)) == 1) {
            json_t *p = json_loads(st_col_text(s, 2), 0, NULL);
            const char *party = json_string_value(json_object_get(p, "party"));
            json_int_t amount = json_integer_value(json_object_get(p, "amount"));
            int dep = !strcmp(st_col_text(s, 1), "market.deposit");
            if (party) {
                add(party_row(parties, party), dep ? "deposits" : "withdrawals", amount);
                json_array_append_new(
                    money,
                    json_pack("{s:I, s:s, s:s, s:I, s:s}", "seq", (json_int_t)st_col_int(s, 0),
                              "type", dep ? "deposit" : "withdraw", "party", party, "amount",
                              amount, "bank_ref",
                              json_string_value(json_object_get(p, "bank_ref"))
                                  ? json_string_value(json_object_get(p, "bank_ref"))
                                  : ""));
            }
            json_decref(p);
        }
        st_finalize(s);
    }
    if (rc < 0) {
        json_decref(parties);
        json_decref(money);
        json_decref(trades);
        return rc;
    }
    /* parties in id order, each with the day's net change of its money */
    const char *k;
    json_t *row;
    const char **keys = malloc((json_object_size(parties) + 1) * sizeof *keys);
    size_t n = 0;
    if (!keys) {
        json_decref(parties);
        json_decref(money);
        json_decref(trades);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    json_object_foreach(parties, k, row) keys[n++] = k;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
            const char *t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
        }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        row = json_object_get(parties, keys[i]);
        json_int_t net = json_integer_value(json_object_get(row, "deposits")) -
                         json_integer_value(json_object_get(row, "withdrawals")) -
                         json_integer_value(json_object_get(row, "paid")) +
                         json_integer_value(json_object_get(row, "received"));
        json_object_set_new(row, "net", json_integer(net));
        json_array_append(list, row);
    }
    free(keys);
    json_decref(parties);
    *out = json_pack("{s:s, s:s, s:o, s:o, s:o}", "date", date, "currency", "CNY (fen)", "parties",
                     list, "trades", trades, "money", money);
    return 0;
}

/* A listing as published: the lot (units of an account, a registry right or a bundle), its mode,
 * its periods, the deposit and — for 挂牌 — the displayed price while it runs; after its close the
 * outcome with the price and the winner (a uniform-price auction's winners with their lots).
 * The reserve is never shown, nor who leads, nor any sealed bid, nor what a loser bid. */
static json_t *listing_row(struct ls_stmt *s)
{
    const char *state = st_col_text(s, 12), *mode = st_col_text(s, 18);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:I}", "listing",
        st_col_text(s, 0), "mode", mode, "account", st_col_text(s, 1), "province",
        st_col_text(s, 2), "seller", st_col_text(s, 3), "units", (json_int_t)st_col_int(s, 4),
        "lots", (json_int_t)st_col_int(s, 5), "start_price", (json_int_t)st_col_int(s, 6),
        "increment", (json_int_t)st_col_int(s, 7), "deposit", (json_int_t)st_col_int(s, 8),
        "notice_date", st_col_text(s, 9), "open", st_col_text(s, 10), "close", st_col_text(s, 11),
        "state", state, "bids", (json_int_t)st_col_int(s, 14));
    if (*st_col_text(s, 19))
        json_object_set_new(o, "right", json_string(st_col_text(s, 19)));
    if (*st_col_text(s, 22))
        json_object_set_new(o, "bundle", json_string(st_col_text(s, 22)));
    if (st_col_int(s, 21))
        json_object_set_new(o, "max_grade", json_integer(st_col_int(s, 21)));
    if (!strcmp(mode, "listing"))
        json_object_set_new(o, "current_price", json_integer(st_col_int(s, 13)));
    if (*st_col_text(s, 15))
        json_object_set_new(o, "auction_close", json_string(st_col_text(s, 15)));
    if (!strcmp(state, "sold"))
        json_object_set_new(o, "result",
                            json_pack("{s:s, s:I, s:I}", "winner", st_col_text(s, 16), "price",
                                      (json_int_t)st_col_int(s, 17), "lots_sold",
                                      (json_int_t)st_col_int(s, 20)));
    return o;
}

/* The winners of a sold listing with the lots each won, in party order. */
static int listing_winners(struct venue *v, json_t *o, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT party, lots_won FROM mkt_bidder WHERE listing_id = ? AND state = "
                        "'won' ORDER BY party",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, json_string_value(json_object_get(o, "listing")));
    json_t *w = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(w, json_pack("{s:s, s:I}", "party", st_col_text(s, 0), "lots",
                                           (json_int_t)st_col_int(s, 1)));
    st_finalize(s);
    json_object_set_new(json_object_get(o, "result"), "winners", w);
    return rc < 0 ? rc : 0;
}

int vn_listings(struct venue *v, const char *id, json_t **out, struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT listing_id, account, province, seller, units, lots, start_price, "
                        "increment, deposit, notice_date, open_at, close_at, state, "
                        "current_price, bids, auction_close_at, winner, price, mode, right_id, "
                        "lots_sold, max_grade, bundle_id FROM mkt_listing "
                        "WHERE (? = '' OR listing_id = ?) ORDER BY listed_seq",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    st_bind_text(s, 2, id ? id : "");
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(a, listing_row(s));
    st_finalize(s);
    for (size_t i = 0; rc == 0 && i < json_array_size(a); i++)
        if (json_object_get(json_array_get(a, i), "result"))
            rc = listing_winners(v, json_array_get(a, i), err);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    if (id && *id) {
        if (!json_array_size(a)) {
            json_decref(a);
            return ls_err_set(err, LS_ENOENT, NULL, id, "listing", "no listing %s", id);
        }
        *out = json_incref(json_array_get(a, 0));
        json_decref(a);
    } else
        *out = a;
    return 0;
}

/* ---- what changed, for the page's live updates ---- */

struct events_ctx {
    json_t *list;
    size_t max;
    long long last;
};

static int event_seen(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    (void)err;
    struct events_ctx *e = ctx;
    /* the subject says what changed: mkt-order:<instrument>:<n>, mkt-instrument:<instrument>,
     * mkt-listing:<listing>; who acted is not published */
    const char *sub = ev->subject, *key = "instrument";
    char what[VN_ID_MAX] = "";
    if (!strncmp(sub, "mkt-order:", 10)) {
        const char *colon = strrchr(sub + 10, ':');
        snprintf(what, sizeof what, "%.*s", colon ? (int)(colon - sub - 10) : 60, sub + 10);
    } else if (!strncmp(sub, "mkt-instrument:", 15)) {
        snprintf(what, sizeof what, "%s", sub + 15);
    } else if (!strncmp(sub, "mkt-listing:", 12)) {
        snprintf(what, sizeof what, "%s", sub + 12);
        key = "listing";
    }
    json_array_append_new(e->list, json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)ev->seq, "type",
                                             ev->type + strlen("market."), key, what));
    e->last = ev->seq;
    return json_array_size(e->list) >= e->max ? 1 : 0;
}

int vn_events(struct venue *v, long long after, size_t max, json_t **out, struct ls_err *err)
{
    *out = NULL;
    long long head = 0;
    char hash[LG_HASH_HEX];
    int rc = lg_head(v->st, &head, hash, err);
    if (rc)
        return rc;
    /* a watcher that has seen nothing starts at the head; one beyond it (a store rebuilt
     * since) is brought back to it */
    if (after < 0 || after > head)
        after = head;
    struct events_ctx e = { json_array(), max ? max : 1, after };
    if (after < head)
        rc = lg_replay_type_after(v->st, "market.", after, event_seen, &e, err);
    if (rc < 0) {
        json_decref(e.list);
        return rc;
    }
    /* with every event read, the cursor moves to the head: the next call skips the registry's
     * and the indicators' events too */
    if (rc == 0 && head > e.last)
        e.last = head;
    *out = json_pack("{s:I, s:o}", "cursor", (json_int_t)e.last, "events", e.list);
    return 0;
}

int vn_listing_brief(struct ls_store *st, const char *id, struct vn_listing_brief *out,
                     struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st,
                        "SELECT state, seller, winner, right_id, bundle_id, close_at, price, "
                        "lots_sold FROM mkt_listing WHERE listing_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id ? id : "");
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(out->state, sizeof out->state, "%s", st_col_text(s, 0));
        snprintf(out->seller, sizeof out->seller, "%s", st_col_text(s, 1));
        snprintf(out->winner, sizeof out->winner, "%s", st_col_text(s, 2));
        snprintf(out->right, sizeof out->right, "%s", st_col_text(s, 3));
        snprintf(out->bundle, sizeof out->bundle, "%s", st_col_text(s, 4));
        snprintf(out->closed, sizeof out->closed, "%s", st_col_text(s, 5));
        /* a right or a bundle is one lot: the price of the lot is the price paid */
        out->price_fen = st_col_int(s, 6) * st_col_int(s, 7);
    }
    st_finalize(s);
    return rc;
}
