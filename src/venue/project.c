/*
 * venue/project — a market.* event applied to the projections. The event carries every order
 * that left the book, every trade and every change of money, so replaying it matches nothing
 * again: what submit decided is written as it was decided.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

const char *const vn_projection_tables[VN_PROJECTION_TABLES] = { "mkt_instrument", "mkt_funds",
                                                                 "mkt_order",      "mkt_trade",
                                                                 "mkt_request",    "mkt_listing",
                                                                 "mkt_bidder",     "mkt_quote" };
const char *const vn_projection_keys[VN_PROJECTION_TABLES] = {
    "instrument_id",     "party",      "instrument_id, order_id", "instrument_id, trade_no",
    "party, request_id", "listing_id", "listing_id, party",       "instrument_id, quote_id"
};

const char *vn_pstr(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

long long vn_pnum(json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

int vn_exec(struct venue *v, const char *sql, const char *types, const void **vals,
            struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st, sql, &s, err);
    if (rc)
        return rc;
    for (int i = 0; types[i]; i++)
        if (types[i] == 's')
            st_bind_text(s, i + 1, vals[i]);
        else
            st_bind_int(s, i + 1, *(const long long *)vals[i]);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

int vn_trade_insert(struct venue *v, const struct lg_event *ev, const char *instrument,
                    const char *mode, const char *time, json_t *t, struct ls_err *err)
{
    long long seq = ev->seq, no = vn_pnum(t, "trade_no"), bo = vn_pnum(t, "buy_order"),
              so = vn_pnum(t, "sell_order"), price = vn_pnum(t, "price"), lots = vn_pnum(t, "lots"),
              amount = vn_pnum(t, "amount"), fb = vn_pnum(t, "fee_buyer"),
              fs = vn_pnum(t, "fee_seller");
    const void *vals[] = {
        instrument,           &no,    &seq,  ev->effective, time, &bo, &so, vn_pstr(t, "buyer"),
        vn_pstr(t, "seller"), &price, &lots, &amount,       &fb,  &fs, mode
    };
    return vn_exec(v,
                   "INSERT INTO mkt_trade (instrument_id, trade_no, seq, trade_date, trade_time, "
                   "buy_order, sell_order, buyer, seller, price, lots, amount, fee_buyer, "
                   "fee_seller, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "siissiissiiiiis", vals, err);
}

static int funds(struct venue *v, json_t *list, struct ls_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(list); i++) {
        json_t *f = json_array_get(list, i);
        rc = vn_funds_apply(v, vn_pstr(f, "party"), vn_pnum(f, "available"), vn_pnum(f, "held"),
                            err);
    }
    return rc;
}

/* An order leaves the book with nothing left: state, lots_left 0, hold 0. */
static int order_ends(struct venue *v, const char *instrument, long long id, const char *state,
                      long long seq, struct ls_err *err)
{
    const void *vals[] = { state, &seq, instrument, &id };
    return vn_exec(v,
                   "UPDATE mkt_order SET state = ?, lots_left = 0, hold = 0, updated_seq = ? "
                   "WHERE instrument_id = ? AND order_id = ?",
                   "sisi", vals, err);
}

static int expired(struct venue *v, const char *instrument, json_t *list, long long seq,
                   struct ls_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(list); i++)
        rc = order_ends(v, instrument, vn_pnum(json_array_get(list, i), "order"), "expired", seq,
                        err);
    return rc;
}

/* The orders a trade left resting or filled: lots left, hold, state. */
static int makers(struct venue *v, const char *instrument, json_t *list, long long seq,
                  struct ls_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(list); i++) {
        json_t *m = json_array_get(list, i);
        long long id = vn_pnum(m, "order"), left = vn_pnum(m, "lots_left"),
                  hold = vn_pnum(m, "hold");
        const void *vals[] = { &left, &hold, vn_pstr(m, "state"), &seq, instrument, &id };
        rc = vn_exec(v,
                     "UPDATE mkt_order SET lots_left = ?, hold = ?, state = ?, updated_seq = ? "
                     "WHERE instrument_id = ? AND order_id = ?",
                     "iisisi", vals, err);
    }
    return rc;
}

/* A call market's uncross: its orders filled, its trades, the money, the last price. */
static int uncross(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    const char *instrument = vn_pstr(p, "instrument");
    int rc = makers(v, instrument, json_object_get(p, "makers"), ev->seq, err);
    json_t *trades = json_object_get(p, "trades");
    for (size_t i = 0; !rc && i < json_array_size(trades); i++)
        rc = vn_trade_insert(v, ev, instrument, "call", vn_pstr(p, "time"),
                             json_array_get(trades, i), err);
    if (!rc)
        rc = funds(v, json_object_get(p, "funds"), err);
    if (!rc && json_object_get(p, "last_price")) {
        long long last = vn_pnum(p, "last_price");
        const void *vals[] = { &last, instrument };
        rc = vn_exec(v, "UPDATE mkt_instrument SET last_price = ? WHERE instrument_id = ?", "is",
                     vals, err);
    }
    return rc;
}

static int order(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    const char *instrument = vn_pstr(p, "instrument");
    long long seq = ev->seq;
    int rc = expired(v, instrument, json_object_get(p, "expired"), seq, err);
    if (!rc)
        rc = makers(v, instrument, json_object_get(p, "makers"), seq, err);
    json_t *o = json_object_get(p, "order");
    long long id = vn_pnum(o, "id"), price = vn_pnum(o, "price"), lots = vn_pnum(o, "lots"),
              left = vn_pnum(o, "lots_left"), hold = vn_pnum(o, "hold");
    if (!rc) {
        const void *vals[] = { instrument,
                               &id,
                               vn_pstr(o, "party"),
                               vn_pstr(o, "side"),
                               &price,
                               &lots,
                               &left,
                               &hold,
                               vn_pstr(o, "time_in_force"),
                               vn_pstr(o, "expires"),
                               vn_pstr(o, "state"),
                               &seq,
                               &seq };
        rc = vn_exec(v,
                     "INSERT INTO mkt_order (instrument_id, order_id, party, side, price, lots, "
                     "lots_left, hold, tif, expires, state, queued_seq, updated_seq) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     "sissiiiisssii", vals, err);
    }
    json_t *trades = json_object_get(p, "trades");
    for (size_t i = 0; !rc && i < json_array_size(trades); i++)
        rc = vn_trade_insert(v, ev, instrument, "continuous", vn_pstr(p, "time"),
                             json_array_get(trades, i), err);
    if (!rc)
        rc = funds(v, json_object_get(p, "funds"), err);
    long long next = id + 1, last = vn_pnum(p, "last_price");
    if (!rc) {
        const void *vals[] = { &next, &last, instrument };
        rc = vn_exec(v,
                     "UPDATE mkt_instrument SET next_order = ?, last_price = ? WHERE "
                     "instrument_id = ?",
                     "iis", vals, err);
    }
    if (!rc && *vn_pstr(o, "request_id")) {
        const void *vals[] = { vn_pstr(o, "party"), vn_pstr(o, "request_id"), &seq };
        rc = vn_exec(v, "INSERT INTO mkt_request (party, request_id, seq) VALUES (?, ?, ?)", "ssi",
                     vals, err);
    }
    return rc;
}

int vn_project_payload(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    const char *type = ev->type + strlen("market.");
    long long seq = ev->seq;
    if (!strcmp(type, "instrument")) {
        long long ref = vn_pnum(p, "reference_price"), zero = 0, one = 1;
        const void *vals[] = { vn_pstr(p, "instrument"),
                               vn_pstr(p, "account"),
                               vn_pstr(p, "province"),
                               vn_pstr(p, "mode"),
                               &ref,
                               &zero,
                               &one,
                               &seq };
        return vn_exec(v,
                       "INSERT INTO mkt_instrument (instrument_id, account, province, mode, "
                       "reference_price, last_price, next_order, state, opened_seq) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, 'open', ?)",
                       "ssssiiii", vals, err);
    }
    if (!strcmp(type, "deposit") || !strcmp(type, "withdraw"))
        return funds(v, json_object_get(p, "funds"), err);
    if (!strcmp(type, "order"))
        return order(v, ev, p, err);
    if (!strcmp(type, "uncross"))
        return uncross(v, ev, p, err);
    if (!strcmp(type, "cancel")) {
        int rc =
            order_ends(v, vn_pstr(p, "instrument"), vn_pnum(p, "order"), "cancelled", seq, err);
        return rc ? rc : funds(v, json_object_get(p, "funds"), err);
    }
    if (!strcmp(type, "listing") || !strcmp(type, "register") || !strcmp(type, "bid") ||
        !strcmp(type, "auction_bid") || !strcmp(type, "close") || !strcmp(type, "delist"))
        return vn_project_listing(v, ev, p, err);
    if (!strcmp(type, "expire")) {
        int rc = expired(v, vn_pstr(p, "instrument"), json_object_get(p, "expired"), seq, err);
        if (!rc)
            rc = vn_project_quote(v, ev, p, err); /* the quotes that expired with the orders */
        return rc ? rc : funds(v, json_object_get(p, "funds"), err);
    }
    if (!strcmp(type, "quote") || !strcmp(type, "take") || !strcmp(type, "unquote")) {
        int rc = vn_project_quote(v, ev, p, err);
        return rc ? rc : funds(v, json_object_get(p, "funds"), err);
    }
    return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "type", "no projection for event %s",
                      ev->type);
}

int vn_project(struct venue *v, const struct lg_event *ev, struct ls_err *err)
{
    json_error_t je;
    json_t *p = json_loads(ev->payload ? ev->payload : "", 0, &je);
    if (!p)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "payload",
                          "event %lld: the payload is not JSON: %s", ev->seq, je.text);
    int rc = vn_project_payload(v, ev, p, err);
    json_decref(p);
    return rc;
}
