/*
 * venue/submit_order — an order on a continuous instrument: checked against the rules (the
 * party's eligibility, the session, the tick, the lot, the band, the expiry, the request id
 * not used before, the money or the units it needs), its units put in escrow or its money
 * held, matched, and every trade settled delivery-versus-payment: the units from the seller's
 * escrow to the buyer (an indicator transfer), the money from the buyer's hold to the seller
 * less the fees. Cancel and expire give the escrow back. All of it in the caller's
 * transaction; the event records every trade and every change of money.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

/* What a bid holds: its price × lots, and the fee on that. */
int64_t vn_hold_for(int64_t price, int64_t lots, int64_t bps)
{
    return price * lots + vn_fee(price * lots, bps);
}

static void escrow_of(const char *instrument, uint64_t order, char out[VN_ID_MAX])
{
    vn_order_escrow(instrument, (long long)order, out);
}

int vn_move_graded(struct vn_ctx *c, const char *account, const char *province, const char *from,
                   const char *to, int64_t units, int max_grade)
{
    json_t *req = json_pack("{s:s, s:s, s:s, s:s, s:{s:I}}", "type", "transfer", "date", c->date,
                            "from", from, "to", to, "units", account, (json_int_t)units);
    if (*province)
        json_object_set_new(req, "province", json_string(province));
    if (max_grade)
        json_object_set_new(req, "max_grade", json_integer(max_grade));
    struct ind_submit_opts io = { c->o->actor, c->o->recorded, 1 };
    int rc = ind_submit(c->v->ind, req, &io, c->input, NULL, NULL, c->err);
    json_decref(req);
    return rc;
}

int vn_move_units(struct vn_ctx *c, const char *account, const char *province, const char *from,
                  const char *to, int64_t units)
{
    return vn_move_graded(c, account, province, from, to, units, 0);
}

/* Per party, the change of its money the event records. */
void vn_funds_add(json_t *funds, const char *party, int64_t available, int64_t held)
{
    json_t *f = json_object_get(funds, party);
    if (!f) {
        f = json_pack("{s:I, s:I}", "available", (json_int_t)0, "held", (json_int_t)0);
        json_object_set_new(funds, party, f);
    }
    json_object_set_new(
        f, "available",
        json_integer(json_integer_value(json_object_get(f, "available")) + available));
    json_object_set_new(f, "held",
                        json_integer(json_integer_value(json_object_get(f, "held")) + held));
}

json_t *vn_funds_list(json_t *funds)
{
    json_t *a = json_array();
    const char *k;
    json_t *f;
    /* jansson keeps insertion order; the list is sorted so the bytes are the same each run */
    const char **keys = malloc(json_object_size(funds) * sizeof *keys + 1);
    size_t n = 0;
    json_object_foreach(funds, k, f) keys[n++] = k;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
            const char *t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        f = json_object_get(funds, keys[i]);
        json_array_append_new(a, json_pack("{s:s, s:O, s:O}", "party", keys[i], "available",
                                           json_object_get(f, "available"), "held",
                                           json_object_get(f, "held")));
    }
    free(keys);
    return a;
}

struct row {
    char party[VN_ID_MAX], side[8], expires[16], state[16];
    int64_t price, lots_left, hold;
};

static int order_row(struct venue *v, const char *instrument, uint64_t id, struct row *r,
                     struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT party, side, price, lots_left, hold, expires, state FROM mkt_order "
                        "WHERE instrument_id = ? AND order_id = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, instrument);
    st_bind_int(s, 2, (long long)id);
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(r->party, sizeof r->party, "%s", st_col_text(s, 0));
        snprintf(r->side, sizeof r->side, "%s", st_col_text(s, 1));
        r->price = st_col_int(s, 2);
        r->lots_left = st_col_int(s, 3);
        r->hold = st_col_int(s, 4);
        snprintf(r->expires, sizeof r->expires, "%s", st_col_text(s, 5));
        snprintf(r->state, sizeof r->state, "%s", st_col_text(s, 6));
    }
    st_finalize(s);
    return rc;
}

/* An order leaves the book (cancelled or expired): its escrow goes back, its hold is released. */
static int give_back(struct vn_ctx *c, const struct vn_book *b, uint64_t id, const struct row *r,
                     json_t *funds)
{
    if (!strcmp(r->side, "sell")) {
        char escrow[VN_ID_MAX];
        escrow_of(b->instrument, id, escrow);
        return vn_move_units(c, b->account, b->province, escrow, r->party,
                             r->lots_left * b->rules->lot);
    }
    vn_funds_add(funds, r->party, r->hold, -r->hold);
    return 0;
}

/* Every resting order that expired before `date` leaves the book: the venue's sweep, before
 * an order of that day is matched and at the end of a trading day (expire). */
static int expire_before(struct vn_ctx *c, struct vn_book *b, json_t *expired, json_t *funds)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT order_id FROM mkt_order WHERE instrument_id = ? AND state = "
                        "'resting' AND expires < ? ORDER BY order_id",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, b->instrument);
    st_bind_text(s, 2, c->date);
    size_t n = 0, cap = 16;
    uint64_t *ids = malloc(cap * sizeof *ids);
    if (!ids) {
        st_finalize(s);
        return ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    while ((rc = st_step(s, c->err)) == 1) {
        if (n == cap) {
            uint64_t *x = realloc(ids, 2 * cap * sizeof *x);
            if (!x)
                break;
            ids = x;
            cap *= 2;
        }
        ids[n++] = (uint64_t)st_col_int(s, 0);
    }
    st_finalize(s);
    if (rc == 1)
        rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        struct row r;
        uint32_t owner;
        if ((rc = order_row(c->v, b->instrument, ids[i], &r, c->err)) != 1)
            break;
        rc = vn_party_id(&c->v->parties, r.party, &owner);
        if (!rc && !b->call)
            rc = mk_cancel(b->book, ids[i], owner, NULL, c->err);
        if (!rc)
            rc = give_back(c, b, ids[i], &r, funds);
        if (!rc)
            json_array_append_new(expired, json_pack("{s:I, s:s, s:s, s:I, s:I}", "order",
                                                     (json_int_t)ids[i], "party", r.party, "side",
                                                     r.side, "lots", (json_int_t)r.lots_left,
                                                     "hold", (json_int_t)r.hold));
    }
    free(ids);
    return rc;
}

struct order_req {
    const char *instrument, *party, *side, *tif, *expires, *request_id;
    int64_t price, units, lots;
};

/* Everything that may refuse an order, before anything moves. */
static int order_check(struct vn_ctx *c, json_t *req, struct vn_book **bp, struct order_req *o)
{
    o->instrument = vn_str(req, "instrument");
    o->party = vn_str(req, "party");
    o->side = vn_str(req, "side");
    o->tif = *vn_str(req, "time_in_force") ? vn_str(req, "time_in_force") : "GTC";
    o->expires = *vn_str(req, "expires") ? vn_str(req, "expires") : c->date;
    o->request_id = vn_str(req, "request_id");
    snprintf(c->where, sizeof c->where, "order %.32s by %.40s", o->instrument, o->party);
    int rc = vn_instrument(c, o->instrument, bp);
    if (rc)
        return rc;
    const struct vn_book *b = *bp;
    const struct vn_rules *r = b->rules;
    if ((rc = vn_eligible(c, r, o->party, "party")) != 0)
        return rc;
    if (strcmp(o->side, "buy") && strcmp(o->side, "sell"))
        return vn_refuse(c, "order.side", "side", "an order buys or sells");
    if (strcmp(o->tif, "GTC") && strcmp(o->tif, "IOC"))
        return vn_refuse(c, "order.time_in_force", "time_in_force",
                         "an order rests until it expires (GTC) or is immediate-or-cancel (IOC)");
    if ((rc = vn_in_session(c, r)) != 0)
        return rc;
    if ((rc = vn_int(c, req, "price", 1, VN_MONEY_MAX, "order.price", &o->price)) != 0 ||
        (rc = vn_int(c, req, "units", 1, MK_QTY_MAX, "order.quantity", &o->units)) != 0)
        return rc;
    if ((rc = vn_tick_lot(c, r, o->price, o->units, &o->lots)) != 0)
        return rc;
    int64_t w = b->reference / 100 * r->band_pct + b->reference % 100 * r->band_pct / 100;
    if (o->price < b->reference - w || o->price > b->reference + w)
        return vn_refuse(c, "order.band", "price",
                         "%lld fen is outside the band %lld..%lld (reference %lld ± %lld %%)",
                         (long long)o->price, (long long)(b->reference - w),
                         (long long)(b->reference + w), (long long)b->reference,
                         (long long)r->band_pct);
    int64_t amount;
    if (__builtin_mul_overflow(o->price, o->lots, &amount) || amount > VN_MONEY_MAX)
        return vn_refuse(c, "order.price_overflow", "price",
                         "price × lots overflows the money the venue counts");
    if (strlen(o->expires) != 10 || o->expires[4] != '-' ||
        vn_days(o->expires) < vn_days(c->date) ||
        vn_days(o->expires) > vn_days(c->date) + r->order_days_max)
        return vn_refuse(c, "order.expiry", "expires",
                         "an order expires on its day or within %lld days after it, not on "
                         "\"%.16s\"",
                         (long long)r->order_days_max, o->expires);
    if (b->call && strcmp(o->tif, "GTC"))
        return vn_refuse(c, "order.time_in_force", "time_in_force",
                         "a call auction collects orders until its uncross: GTC only");
    /* a call auction would match it with the party's own order on the other side: refused
     * here, so that no uncross ever pairs a party with itself */
    if (b->call) {
        struct ls_stmt *s = NULL;
        if ((rc = st_prepare(c->v->st,
                             "SELECT order_id FROM mkt_order WHERE instrument_id = ? AND party = ? "
                             "AND state = 'resting' AND side <> ? AND (CASE WHEN ? = 'buy' THEN "
                             "price <= ? ELSE price >= ? END) ORDER BY order_id",
                             &s, c->err)) != 0)
            return rc;
        st_bind_text(s, 1, b->instrument);
        st_bind_text(s, 2, o->party);
        st_bind_text(s, 3, o->side);
        st_bind_text(s, 4, o->side);
        st_bind_int(s, 5, (long long)o->price);
        st_bind_int(s, 6, (long long)o->price);
        rc = st_step(s, c->err);
        long long other = rc == 1 ? st_col_int(s, 0) : 0;
        st_finalize(s);
        if (rc < 0)
            return rc;
        if (rc == 1)
            return vn_refuse(c, "order.self_trade", "price",
                             "it crosses %s's own order %lld: the call auction would match them",
                             o->party, other);
    }
    return vn_request_fresh(c, o->party, o->request_id);
}

int vn_sub_order(struct vn_ctx *c, json_t *req, json_t *payload, char *subject)
{
    struct vn_book *b = NULL;
    struct order_req o;
    int rc = order_check(c, req, &b, &o);
    if (rc)
        return rc;
    const struct vn_rules *r = b->rules;
    json_t *funds = json_object(), *expired = json_array(), *fills = json_array(),
           *makers = json_array();
    uint32_t owner = 0;
    if (vn_party_id(&c->v->parties, o.party, &owner))
        rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (!rc)
        rc = expire_before(c, b, expired, funds);
    int buy = !strcmp(o.side, "buy");
    uint64_t id = mk_next_id(b->book);
    char escrow[VN_ID_MAX];
    escrow_of(b->instrument, id, escrow);
    int64_t hold = buy ? vn_hold_for(o.price, o.lots, r->fee_bps) : 0;
    if (!rc && buy) {
        int64_t avail, held;
        rc = vn_funds_of(c->v, o.party, &avail, &held, c->err);
        json_int_t freed =
            json_integer_value(json_object_get(json_object_get(funds, o.party), "available"));
        if (!rc && hold > avail + freed)
            rc = vn_refuse(c, "order.funds", "price",
                           "the bid holds %lld fen (price × lots and the %lld bp fee); %s has "
                           "%lld available — deposit first",
                           (long long)hold, (long long)r->fee_bps, o.party,
                           (long long)(avail + freed));
        if (!rc)
            vn_funds_add(funds, o.party, -hold, hold);
    } else if (!rc)
        rc = vn_move_units(c, b->account, b->province, o.party, escrow,
                           o.units); /* refuses what is not held */
    struct mk_result res = { id, 0, o.lots, 0, 0, 0 };
    /* a call market's order waits off the book for the uncross (submit_call.c) */
    if (!rc && b->call)
        rc = mk_set_next_id(b->book, id + 1, c->err);
    else if (!rc)
        rc = mk_place(b->book, buy ? MK_BUY : MK_SELL, o.price / r->tick, o.lots, owner,
                      !strcmp(o.tif, "IOC") ? MK_IOC : MK_GTC, &res, c->err);
    if (!rc && res.id != id)
        rc = ls_err_set(c->err, LS_EINTERNAL, NULL, NULL, NULL,
                        "the book numbered the order "
                        "out of turn");
    size_t nf = 0;
    const struct mk_fill *f = rc ? NULL : mk_book_fills(b->book, &nf);
    /* the fills are the book's until its next operation: copy them before settling */
    struct mk_fill *fc = nf ? malloc(nf * sizeof *fc) : NULL;
    if (nf && !fc)
        rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    else if (nf)
        memcpy(fc, f, nf * sizeof *fc);
    long long trade_no = 0;
    if (!rc && nf)
        rc = vn_next_trade_no(c, b->instrument, &trade_no);
    int64_t last = b->last, filled = 0;
    for (size_t i = 0; !rc && i < nf; i++) {
        struct row m;
        if ((rc = order_row(c->v, b->instrument, fc[i].maker, &m, c->err)) != 1) {
            rc = rc == 0 ? ls_err_set(c->err, LS_EINTERNAL, NULL, NULL, NULL,
                                      "resting order %llu is not in mkt_order",
                                      (unsigned long long)fc[i].maker)
                         : rc;
            break;
        }
        rc = 0;
        int64_t price = fc[i].price * r->tick, lots = fc[i].qty, amount = price * lots;
        int64_t fee_b = vn_fee(amount, r->fee_bps), fee_s = vn_fee(amount, r->fee_bps);
        const char *buyer = buy ? o.party : m.party, *seller = buy ? m.party : o.party;
        uint64_t buy_order = buy ? id : fc[i].maker, sell_order = buy ? fc[i].maker : id;
        char from[VN_ID_MAX];
        escrow_of(b->instrument, sell_order, from);
        rc = vn_move_units(c, b->account, b->province, from, buyer, lots * r->lot);
        /* the buyer's hold shrinks to what its order still needs; what the trade did not
         * use (a better price than its limit, the fee's rounding) is available again. A
         * maker appears once among an order's fills: it is used up, or the order is. */
        filled += lots;
        int64_t was = buy ? hold : m.hold;
        int64_t now = buy ? vn_hold_for(o.price, o.lots - filled, r->fee_bps)
                          : vn_hold_for(m.price, m.lots_left - lots, r->fee_bps);
        vn_funds_add(funds, buyer, was - now - (amount + fee_b), now - was);
        vn_funds_add(funds, seller, amount - fee_s, 0);
        vn_funds_add(funds, VN_FEES, fee_b + fee_s, 0);
        if (buy)
            hold = now;
        int64_t maker_left = m.lots_left - lots;
        json_array_append_new(
            makers, json_pack("{s:I, s:I, s:I, s:s}", "order", (json_int_t)fc[i].maker, "lots_left",
                              (json_int_t)maker_left, "hold", (json_int_t)(buy ? 0 : now), "state",
                              maker_left ? "resting" : "filled"));
        json_array_append_new(
            fills,
            json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "trade_no",
                      (json_int_t)(trade_no++), "buy_order", (json_int_t)buy_order, "sell_order",
                      (json_int_t)sell_order, "buyer", buyer, "seller", seller, "price",
                      (json_int_t)price, "lots", (json_int_t)lots, "amount", (json_int_t)amount,
                      "fee_buyer", (json_int_t)fee_b, "fee_seller", (json_int_t)fee_s));
        last = price;
    }
    free(fc);
    /* what of the order does not rest goes back */
    int64_t cancelled = rc ? 0 : res.cancelled;
    if (!rc && cancelled) {
        if (buy) {
            int64_t keep = vn_hold_for(o.price, res.resting, r->fee_bps);
            vn_funds_add(funds, o.party, hold - keep, keep - hold);
            hold = keep;
        } else
            rc = vn_move_units(c, b->account, b->province, escrow, o.party, cancelled * r->lot);
    }
    if (!rc) {
        const char *state = res.resting ? "resting" : res.filled == o.lots ? "filled" : "cancelled";
        json_object_set_new(payload, "instrument", json_string(b->instrument));
        json_object_set_new(
            payload, "order",
            json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:b}", "id",
                      (json_int_t)id, "party", o.party, "side", o.side, "price",
                      (json_int_t)o.price, "units", (json_int_t)o.units, "lots", (json_int_t)o.lots,
                      "time_in_force", o.tif, "expires", o.expires, "request_id", o.request_id,
                      "lots_left", (json_int_t)res.resting, "hold", (json_int_t)(buy ? hold : 0),
                      "state", state, "self_trade", res.self_trade));
        json_object_set_new(payload, "time", json_string(c->time));
        json_object_set_new(payload, "trades", fills);
        json_object_set_new(payload, "makers", makers);
        json_object_set_new(payload, "expired", expired);
        json_object_set_new(payload, "funds", vn_funds_list(funds));
        json_object_set_new(payload, "last_price", json_integer(last));
        snprintf(subject, 64, "mkt-order:%.40s:%llu", b->instrument, (unsigned long long)id);
        b->last = last;
    } else {
        json_decref(fills);
        json_decref(makers);
        json_decref(expired);
    }
    json_decref(funds);
    return rc;
}

int vn_sub_cancel(struct vn_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *instrument = vn_str(req, "instrument"), *party = vn_str(req, "party");
    snprintf(c->where, sizeof c->where, "cancel %.32s by %.40s", instrument, party);
    struct vn_book *b = NULL;
    int rc = vn_instrument(c, instrument, &b);
    if (rc)
        return rc;
    int64_t id;
    if ((rc = vn_int(c, req, "order", 1, INT64_MAX / 4, "order.unknown", &id)) != 0)
        return rc;
    struct row r;
    if ((rc = order_row(c->v, instrument, (uint64_t)id, &r, c->err)) < 0)
        return rc;
    if (rc == 0)
        return vn_refuse(c, "order.unknown", "order", "no order %lld on %s", (long long)id,
                         instrument);
    if (strcmp(r.state, "resting"))
        return vn_refuse(c, "order.not_resting", "order", "order %lld is %s", (long long)id,
                         r.state);
    if (strcmp(r.party, party))
        return vn_refuse(c, "order.owner", "party",
                         "order %lld is not %s's: only its owner may cancel it", (long long)id,
                         party);
    uint32_t owner;
    json_t *funds = json_object();
    rc = vn_party_id(&c->v->parties, party, &owner);
    if (!rc && !b->call)
        rc = mk_cancel(b->book, (uint64_t)id, owner, NULL, c->err);
    if (!rc)
        rc = give_back(c, b, (uint64_t)id, &r, funds);
    if (!rc) {
        json_object_set_new(payload, "instrument", json_string(instrument));
        json_object_set_new(payload, "order", json_integer(id));
        json_object_set_new(payload, "party", json_string(party));
        json_object_set_new(payload, "side", json_string(r.side));
        json_object_set_new(payload, "lots", json_integer(r.lots_left));
        json_object_set_new(payload, "funds", vn_funds_list(funds));
        snprintf(subject, 64, "mkt-order:%.40s:%lld", instrument, (long long)id);
    }
    json_decref(funds);
    return rc;
}

int vn_sub_expire(struct vn_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *instrument = vn_str(req, "instrument");
    snprintf(c->where, sizeof c->where, "expire %.32s", instrument);
    struct vn_book *b = NULL;
    int rc = vn_instrument(c, instrument, &b);
    if (rc)
        return rc;
    json_t *funds = json_object(), *expired = json_array(), *quotes = json_array();
    rc = expire_before(c, b, expired, funds);
    if (!rc)
        rc = vn_quotes_expire(c, b, quotes);
    if (!rc) {
        json_object_set_new(payload, "instrument", json_string(instrument));
        json_object_set_new(payload, "expired_quotes", quotes);
        json_object_set_new(payload, "expired", expired);
        json_object_set_new(payload, "funds", vn_funds_list(funds));
        snprintf(subject, 64, "mkt-instrument:%.40s", instrument);
    } else {
        json_decref(expired);
        json_decref(quotes);
    }
    json_decref(funds);
    return rc;
}
