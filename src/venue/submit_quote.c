/*
 * venue/submit_quote — the two agreement modes of CEA/CCER's 协议转让 (markets.md §3.2) on a
 * continuous instrument: a posted quote (挂牌协议) that any eligible buyer takes, whole or in
 * lots, at its price within the daily band; and a block trade (大宗协议) negotiated off the
 * book, offered to one named buyer for the whole quantity, from the rules' least size and
 * within the wider block band. The seller's units wait in escrow:<instrument>:<quote> (quotes
 * are numbered with the orders); a take settles delivery-versus-payment at once; a quote ends
 * taken, withdrawn (unquote) or at its expiry. A block trade does not move the last price.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

struct quote {
    char kind[8], seller[VN_ID_MAX], buyer[VN_ID_MAX], expires[16], state[16];
    int64_t price, lots, lots_left;
};

/* 1 found, 0 none. */
static int quote_get(struct vn_ctx *c, const char *instrument, long long id, struct quote *q)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT kind, seller, buyer, expires, state, price, lots, lots_left FROM "
                        "mkt_quote WHERE instrument_id = ? AND quote_id = ?",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, instrument);
    st_bind_int(s, 2, id);
    rc = st_step(s, c->err);
    if (rc == 1) {
        snprintf(q->kind, sizeof q->kind, "%s", st_col_text(s, 0));
        snprintf(q->seller, sizeof q->seller, "%s", st_col_text(s, 1));
        snprintf(q->buyer, sizeof q->buyer, "%s", st_col_text(s, 2));
        snprintf(q->expires, sizeof q->expires, "%s", st_col_text(s, 3));
        snprintf(q->state, sizeof q->state, "%s", st_col_text(s, 4));
        q->price = st_col_int(s, 5);
        q->lots = st_col_int(s, 6);
        q->lots_left = st_col_int(s, 7);
    }
    st_finalize(s);
    return rc;
}

static int quote_new(struct vn_ctx *c, struct vn_book *b, json_t *req, json_t *payload)
{
    const struct vn_rules *r = b->rules;
    const char *party = vn_str(req, "party"), *buyer = vn_str(req, "buyer");
    const char *expires = *vn_str(req, "expires") ? vn_str(req, "expires") : c->date;
    const char *kind = *buyer ? "block" : "quote";
    int rc;
    if (!vn_rules_mode(r, kind))
        return vn_refuse(c, "quote.mode", "buyer", "%s does not trade by %s", r->account,
                         *buyer ? "block trade (大宗协议)" : "posted quote (挂牌协议)");
    if ((rc = vn_eligible(c, r, party, "party")) != 0 ||
        (*buyer && (rc = vn_eligible(c, r, buyer, "buyer")) != 0) ||
        (rc = vn_in_session(c, r)) != 0 ||
        (rc = vn_request_fresh(c, party, vn_str(req, "request_id"))) != 0)
        return rc;
    if (!strcmp(party, buyer))
        return vn_refuse(c, "order.self_trade", "buyer", "%s does not trade with itself", party);
    int64_t price, units;
    if ((rc = vn_int(c, req, "price", 1, VN_MONEY_MAX, "order.price", &price)) != 0 ||
        (rc = vn_int(c, req, "units", 1, MK_QTY_MAX, "order.quantity", &units)) != 0)
        return rc;
    int64_t lots, amount;
    if ((rc = vn_tick_lot(c, r, price, units, &lots)) != 0)
        return rc;
    if (*buyer && lots < r->block_min_lots)
        return vn_refuse(c, "quote.block_size", "units",
                         "a block trade is at least %lld lots; %lld is an order for the book",
                         (long long)r->block_min_lots, (long long)lots);
    int64_t pct = *buyer ? r->block_band_pct : r->band_pct;
    int64_t w = b->reference / 100 * pct + b->reference % 100 * pct / 100;
    if (price < b->reference - w || price > b->reference + w)
        return vn_refuse(c, "order.band", "price",
                         "%lld fen is outside the %s band %lld..%lld (reference %lld ± %lld %%)",
                         (long long)price, kind, (long long)(b->reference - w),
                         (long long)(b->reference + w), (long long)b->reference, (long long)pct);
    if (__builtin_mul_overflow(price, lots, &amount) || amount > VN_MONEY_MAX)
        return vn_refuse(c, "order.price_overflow", "price",
                         "price × lots overflows the money the venue counts");
    if (!vn_date_valid(expires) || vn_days(expires) < vn_days(c->date) ||
        vn_days(expires) > vn_days(c->date) + r->order_days_max)
        return vn_refuse(c, "order.expiry", "expires",
                         "a quote expires on its day or within %lld days after it, not on "
                         "\"%.16s\"",
                         (long long)r->order_days_max, expires);
    uint64_t id = mk_next_id(b->book);
    char escrow[VN_ID_MAX];
    vn_order_escrow(b->instrument, (long long)id, escrow);
    if ((rc = vn_move_units(c, b->account, b->province, party, escrow, units)) != 0)
        return rc; /* what the seller does not hold is refused here */
    if ((rc = mk_set_next_id(b->book, id + 1, c->err)) != 0)
        return rc;
    json_object_set_new(payload, "quote",
                        json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s}", "id",
                                  (json_int_t)id, "kind", kind, "seller", party, "buyer", buyer,
                                  "price", (json_int_t)price, "units", (json_int_t)units, "lots",
                                  (json_int_t)lots, "expires", expires, "request_id",
                                  vn_str(req, "request_id")));
    return 0;
}

static int take(struct vn_ctx *c, struct vn_book *b, json_t *req, json_t *payload, json_t *funds,
                long long id, struct quote *q)
{
    const struct vn_rules *r = b->rules;
    const char *party = vn_str(req, "party");
    int rc;
    if ((rc = vn_eligible(c, r, party, "party")) != 0 || (rc = vn_in_session(c, r)) != 0 ||
        (rc = vn_request_fresh(c, party, vn_str(req, "request_id"))) != 0)
        return rc;
    if (!strcmp(party, q->seller))
        return vn_refuse(c, "order.self_trade", "party", "%s does not take its own quote", party);
    if (*q->buyer && strcmp(q->buyer, party))
        return vn_refuse(c, "quote.buyer", "party", "block %lld is offered to %s, not to %.40s", id,
                         q->buyer, party);
    if (vn_days(q->expires) < vn_days(c->date))
        return vn_refuse(c, "quote.expired", "quote", "quote %lld expired on %s", id, q->expires);
    int64_t units = q->lots_left * r->lot;
    if (json_object_get(req, "units") &&
        (rc = vn_int(c, req, "units", 1, MK_QTY_MAX, "order.quantity", &units)) != 0)
        return rc;
    int64_t lots;
    if ((rc = vn_tick_lot(c, r, q->price, units, &lots)) != 0)
        return rc;
    if (lots > q->lots_left)
        return vn_refuse(c, "quote.quantity", "units", "quote %lld has %lld lots left, not %lld",
                         id, (long long)q->lots_left, (long long)lots);
    /* a block is agreed whole: the buyer takes all of it or none */
    if (*q->buyer && lots != q->lots_left)
        return vn_refuse(c, "quote.block_whole", "units", "block %lld is taken whole (%lld lots)",
                         id, (long long)q->lots_left);
    int64_t amount = q->price * lots, fee = vn_fee(amount, r->fee_bps), avail, held;
    if ((rc = vn_funds_of(c->v, party, &avail, &held, c->err)) != 0)
        return rc;
    if (amount + fee > avail)
        return vn_refuse(c, "order.funds", "units",
                         "taking it costs %lld fen with the fee; %s has %lld available — deposit "
                         "first",
                         (long long)(amount + fee), party, (long long)avail);
    char escrow[VN_ID_MAX];
    vn_order_escrow(b->instrument, id, escrow);
    if ((rc = vn_move_units(c, b->account, b->province, escrow, party, units)) != 0)
        return rc;
    long long no = 0;
    if ((rc = vn_next_trade_no(c, b->instrument, &no)) != 0)
        return rc;
    vn_funds_add(funds, party, -(amount + fee), 0);
    vn_funds_add(funds, q->seller, amount - fee, 0);
    vn_funds_add(funds, VN_FEES, 2 * fee, 0);
    json_object_set_new(payload, "party", json_string(party));
    json_object_set_new(payload, "request_id", json_string(vn_str(req, "request_id")));
    json_object_set_new(payload, "lots_left", json_integer(q->lots_left - lots));
    json_object_set_new(payload, "kind", json_string(q->kind));
    json_object_set_new(payload, "trades",
                        json_pack("[{s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}]",
                                  "trade_no", (json_int_t)no, "buy_order", (json_int_t)0,
                                  "sell_order", (json_int_t)id, "buyer", party, "seller", q->seller,
                                  "price", (json_int_t)q->price, "lots", (json_int_t)lots, "amount",
                                  (json_int_t)amount, "fee_buyer", (json_int_t)fee, "fee_seller",
                                  (json_int_t)fee));
    if (!*q->buyer) {
        b->last = q->price;
        json_object_set_new(payload, "last_price", json_integer(q->price));
    }
    return 0;
}

int vn_sub_quote(struct vn_ctx *c, const char *type, json_t *req, json_t *payload, char *subject)
{
    const char *instrument = vn_str(req, "instrument"), *party = vn_str(req, "party");
    snprintf(c->where, sizeof c->where, "%s %.32s by %.40s", type, instrument, party);
    struct vn_book *b = NULL;
    int rc = vn_instrument(c, instrument, &b);
    if (rc)
        return rc;
    json_object_set_new(payload, "instrument", json_string(instrument));
    if (!strcmp(type, "quote")) {
        rc = quote_new(c, b, req, payload);
        if (!rc)
            snprintf(subject, 64, "mkt-order:%.40s:%lld", instrument,
                     (long long)json_integer_value(
                         json_object_get(json_object_get(payload, "quote"), "id")));
        return rc;
    }
    int64_t id;
    struct quote q;
    if ((rc = vn_int(c, req, "quote", 1, INT64_MAX / 4, "quote.unknown", &id)) != 0)
        return rc;
    if ((rc = quote_get(c, instrument, id, &q)) < 0)
        return rc;
    if (rc == 0)
        return vn_refuse(c, "quote.unknown", "quote", "no quote %lld on %s", (long long)id,
                         instrument);
    if (strcmp(q.state, "open"))
        return vn_refuse(c, "quote.closed", "quote", "quote %lld is %s", (long long)id, q.state);
    json_t *funds = json_object();
    json_object_set_new(payload, "quote", json_integer(id));
    if (!strcmp(type, "take")) {
        rc = take(c, b, req, payload, funds, id, &q);
    } else if (strcmp(q.seller, party)) {
        rc = vn_refuse(c, "order.owner", "party",
                       "quote %lld is not %s's: only its seller may withdraw it", (long long)id,
                       party);
    } else {
        char escrow[VN_ID_MAX];
        vn_order_escrow(instrument, id, escrow);
        rc = vn_move_units(c, b->account, b->province, escrow, party, q.lots_left * b->rules->lot);
        json_object_set_new(payload, "party", json_string(party));
        json_object_set_new(payload, "lots", json_integer(q.lots_left));
    }
    if (!rc) {
        json_object_set_new(payload, "time", json_string(c->time));
        json_object_set_new(payload, "funds", vn_funds_list(funds));
        snprintf(subject, 64, "mkt-order:%.40s:%lld", instrument, (long long)id);
    }
    json_decref(funds);
    return rc;
}

int vn_quotes_expire(struct vn_ctx *c, const struct vn_book *b, json_t *expired)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT quote_id, seller, lots_left FROM mkt_quote WHERE instrument_id = ? "
                        "AND state = 'open' AND expires < ? ORDER BY quote_id",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, b->instrument);
    st_bind_text(s, 2, c->date);
    while ((rc = st_step(s, c->err)) == 1)
        json_array_append_new(
            expired, json_pack("{s:I, s:s, s:I}", "quote", (json_int_t)st_col_int(s, 0), "seller",
                               st_col_text(s, 1), "lots", (json_int_t)st_col_int(s, 2)));
    st_finalize(s);
    for (size_t i = 0; rc == 0 && i < json_array_size(expired); i++) {
        json_t *e = json_array_get(expired, i);
        char escrow[VN_ID_MAX];
        vn_order_escrow(b->instrument, vn_pnum(e, "quote"), escrow);
        rc = vn_move_units(c, b->account, b->province, escrow, vn_pstr(e, "seller"),
                           vn_pnum(e, "lots") * b->rules->lot);
    }
    return rc < 0 ? rc : 0;
}

/* ---- projection ---- */

int vn_project_quote(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    const char *type = ev->type + strlen("market.");
    const char *instrument = vn_pstr(p, "instrument");
    long long seq = ev->seq;
    int rc = 0;
    json_t *ex = json_object_get(p, "expired_quotes");
    for (size_t i = 0; !rc && i < json_array_size(ex); i++) {
        long long id = vn_pnum(json_array_get(ex, i), "quote");
        const void *vals[] = { &seq, instrument, &id };
        rc = vn_exec(v,
                     "UPDATE mkt_quote SET state = 'expired', lots_left = 0, updated_seq = ? "
                     "WHERE instrument_id = ? AND quote_id = ?",
                     "isi", vals, err);
    }
    if (rc || !strcmp(type, "expire"))
        return rc;
    if (!strcmp(type, "quote")) {
        json_t *q = json_object_get(p, "quote");
        long long id = vn_pnum(q, "id"), price = vn_pnum(q, "price"), lots = vn_pnum(q, "lots"),
                  next = id + 1;
        const void *vals[] = { instrument,
                               &id,
                               vn_pstr(q, "kind"),
                               vn_pstr(q, "seller"),
                               vn_pstr(q, "buyer"),
                               &price,
                               &lots,
                               &lots,
                               vn_pstr(q, "expires"),
                               &seq,
                               &seq };
        rc = vn_exec(v,
                     "INSERT INTO mkt_quote (instrument_id, quote_id, kind, seller, buyer, price, "
                     "lots, lots_left, expires, state, quoted_seq, updated_seq) VALUES (?, ?, ?, "
                     "?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                     "sisssiiisii", vals, err);
        const void *nx[] = { &next, instrument };
        if (!rc)
            rc = vn_exec(v, "UPDATE mkt_instrument SET next_order = ? WHERE instrument_id = ?",
                         "is", nx, err);
        if (!rc && *vn_pstr(q, "request_id")) {
            const void *rq[] = { vn_pstr(q, "seller"), vn_pstr(q, "request_id"), &seq };
            rc = vn_exec(v, "INSERT INTO mkt_request (party, request_id, seq) VALUES (?, ?, ?)",
                         "ssi", rq, err);
        }
        return rc;
    }
    long long id = vn_pnum(p, "quote"), left = vn_pnum(p, "lots_left");
    const char *state = !strcmp(type, "unquote") ? "withdrawn" : left ? "open" : "taken";
    const void *vals[] = { &left, state, &seq, instrument, &id };
    rc = vn_exec(v,
                 "UPDATE mkt_quote SET lots_left = ?, state = ?, updated_seq = ? WHERE "
                 "instrument_id = ? AND quote_id = ?",
                 "isisi", vals, err);
    json_t *trades = json_object_get(p, "trades");
    for (size_t i = 0; !rc && i < json_array_size(trades); i++)
        rc = vn_trade_insert(v, ev, instrument, vn_pstr(p, "kind"), vn_pstr(p, "time"),
                             json_array_get(trades, i), err);
    if (!rc && *vn_pstr(p, "request_id")) {
        const void *rq[] = { vn_pstr(p, "party"), vn_pstr(p, "request_id"), &seq };
        rc = vn_exec(v, "INSERT INTO mkt_request (party, request_id, seq) VALUES (?, ?, ?)", "ssi",
                     rq, err);
    }
    if (!rc && json_object_get(p, "last_price")) {
        long long last = vn_pnum(p, "last_price");
        const void *lp[] = { &last, instrument };
        rc = vn_exec(v, "UPDATE mkt_instrument SET last_price = ? WHERE instrument_id = ?", "is",
                     lp, err);
    }
    return rc;
}
