/*
 * venue/submit_listing — 挂牌 on the venue (markets.md §3.2; 39号令 arts. 17–20): a lot of
 * indicator units listed with a notice period and a listing period, a start price, an
 * increment and a confidential reserve; bidders register and hold a deposit (保证金); each bid
 * form holds the money it would pay; at the close the lot goes to the leader at or above the
 * reserve, or to an on-site ascending auction when several bidders still bid, or is unsold;
 * a listing may be withdrawn (撤牌) before it closes. A deal settles delivery-versus-payment as
 * a trade does: the units from the listing's escrow to the winner, the money from the winner's
 * hold to the seller less the fees; every other bidder's money is released. The clearing rules
 * are market/listing.c and market/english.c, restored from mkt_listing at each request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

#define AUCTION_MINUTES 60 /* the on-site auction's length unless the close names one */

struct lst {
    char id[VN_ID_MAX], account[8], province[4], seller[VN_ID_MAX], state[16];
    char open_at[20], close_at[20], auction_close_at[20], leader[VN_ID_MAX];
    int64_t units, lots, start, increment, reserve, deposit, current, bids;
    const struct vn_rules *rules;
};

static int lst_get(struct vn_ctx *c, const char *id, struct lst *l)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT account, province, seller, state, open_at, close_at, "
                        "auction_close_at, leader, units, lots, start_price, increment, reserve, "
                        "deposit, current_price, bids FROM mkt_listing WHERE listing_id = ?",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, c->err);
    if (rc == 1) {
        memset(l, 0, sizeof *l);
        snprintf(l->id, sizeof l->id, "%s", id);
        snprintf(l->account, sizeof l->account, "%s", st_col_text(s, 0));
        snprintf(l->province, sizeof l->province, "%s", st_col_text(s, 1));
        snprintf(l->seller, sizeof l->seller, "%s", st_col_text(s, 2));
        snprintf(l->state, sizeof l->state, "%s", st_col_text(s, 3));
        snprintf(l->open_at, sizeof l->open_at, "%s", st_col_text(s, 4));
        snprintf(l->close_at, sizeof l->close_at, "%s", st_col_text(s, 5));
        snprintf(l->auction_close_at, sizeof l->auction_close_at, "%s", st_col_text(s, 6));
        snprintf(l->leader, sizeof l->leader, "%s", st_col_text(s, 7));
        l->units = st_col_int(s, 8);
        l->lots = st_col_int(s, 9);
        l->start = st_col_int(s, 10);
        l->increment = st_col_int(s, 11);
        l->reserve = st_col_int(s, 12);
        l->deposit = st_col_int(s, 13);
        l->current = st_col_int(s, 14);
        l->bids = st_col_int(s, 15);
        l->rules = vn_rules_find(l->account);
    }
    st_finalize(s);
    if (rc == 0)
        return vn_refuse(c, "listing.unknown", "listing", "no listing \"%.40s\"", id);
    return rc == 1 ? 0 : rc;
}

static int64_t at(const char *datetime)
{
    char d[11], t[9];
    return vn_datetime(datetime, d, t) ? vn_instant(d, t) : 0;
}

/* A registered bidder's hold and best bid: 1 found, 0 not registered. */
static int bidder(struct vn_ctx *c, const char *id, const char *party, int64_t *hold, int64_t *best)
{
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(c->v->st, "SELECT hold, best FROM mkt_bidder WHERE listing_id = ? AND party = ?",
                   &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    st_bind_text(s, 2, party);
    rc = st_step(s, c->err);
    if (rc == 1) {
        *hold = st_col_int(s, 0);
        *best = st_col_int(s, 1);
    }
    st_finalize(s);
    return rc;
}

static void escrow_of(const char *id, char out[VN_ID_MAX])
{
    snprintf(out, VN_ID_MAX, "%s%s:L", IND_ESCROW, id);
}

static int listing_new(struct vn_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *id = vn_str(req, "listing"), *account = vn_str(req, "account");
    const char *seller = vn_str(req, "seller"), *province = vn_str(req, "province");
    const char *open = vn_str(req, "open"), *close = vn_str(req, "close");
    snprintf(c->where, sizeof c->where, "listing %.40s", id);
    size_t n = strlen(id);
    int ok = n >= 2 && n <= 32;
    for (const char *p = id; ok && *p; p++)
        ok = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_';
    if (!ok)
        return vn_refuse(c, "listing.id", "listing",
                         "a listing id is 2 to 32 capitals, digits, '-' or '_'");
    struct lst old;
    struct ls_err quiet = { 0 };
    struct ls_err *keep = c->err;
    c->err = &quiet;
    int exists = lst_get(c, id, &old) == 0;
    c->err = keep;
    if (exists)
        return vn_refuse(c, "listing.exists", "listing", "listing %s exists already", id);
    const struct vn_rules *r = vn_rules_find(account);
    if (!r || !vn_rules_mode(r, "listing"))
        return vn_refuse(c, "listing.account", "account", "%.20s is not listed on the venue",
                         account);
    char kind[16];
    /* a county sells from its reserve (reserve:<adcode>), as the indicator register holds it */
    int rc = strncmp(seller, "reserve:", 8) ? vn_party_check(c, seller, "seller", kind) : 0;
    if (rc)
        return rc;
    if (*province ? strlen(province) != 2 || province[0] < '1' || province[0] > '9'
                  : !r->cross_province)
        return vn_refuse(c, "listing.province", "province",
                         "%s may not leave its province: a listing names it (2 digits)", account);
    int64_t units, start, inc, reserve;
    if ((rc = vn_int(c, req, "units", 1, MK_QTY_MAX, "listing.quantity", &units)) != 0 ||
        (rc = vn_int(c, req, "start_price", 1, VN_MONEY_MAX, "listing.start", &start)) != 0 ||
        (rc = vn_int(c, req, "increment", 1, VN_MONEY_MAX, "listing.increment", &inc)) != 0 ||
        (rc = vn_int(c, req, "reserve", 0, VN_MONEY_MAX, "listing.reserve", &reserve)) != 0)
        return rc;
    if (units % r->lot)
        return vn_refuse(c, "order.lot", "units",
                         "%lld units is not a whole number of lots of %lld", (long long)units,
                         (long long)r->lot);
    if (start % r->tick || inc % r->tick || reserve % r->tick)
        return vn_refuse(c, "order.tick", "start_price", "prices are whole ticks of %lld fen",
                         (long long)r->tick);
    int64_t lots = units / r->lot, total;
    if (__builtin_mul_overflow(start, lots, &total) || total > VN_MONEY_MAX / 2)
        return vn_refuse(c, "order.price_overflow", "start_price",
                         "start price × lots overflows the money the venue counts");
    char od[11], ot[9], cd[11], ct[9];
    if (!vn_datetime(open, od, ot) || !vn_datetime(close, cd, ct))
        return vn_refuse(c, "listing.period", !vn_datetime(open, od, ot) ? "open" : "close",
                         "the listing period opens and closes at YYYY-MM-DDTHH:MM:SS");
    /* the notice runs at least notice_days_min before the listing opens, which runs at least
     * listing_days_min (39号令 art. 17) */
    if (vn_days(od) - vn_days(c->date) < r->notice_days_min)
        return vn_refuse(c, "listing.notice", "open",
                         "the notice of %s runs %ld days before the listing opens, fewer than %lld",
                         c->date, vn_days(od) - vn_days(c->date), (long long)r->notice_days_min);
    if (vn_days(cd) - vn_days(od) < r->listing_days_min)
        return vn_refuse(c, "listing.period", "close",
                         "the listing is open %ld days, fewer than %lld", vn_days(cd) - vn_days(od),
                         (long long)r->listing_days_min);
    /* the deposit is a share of the start price, rounded up to the fen */
    int64_t deposit = (total / 100) * r->deposit_pct + ((total % 100) * r->deposit_pct + 99) / 100;
    char escrow[VN_ID_MAX];
    escrow_of(id, escrow);
    if ((rc = vn_move_units(c, account, province, seller, escrow, units)) != 0)
        return rc; /* what the seller does not hold is refused here */
    json_object_set_new(payload, "listing", json_string(id));
    json_object_set_new(payload, "account", json_string(account));
    json_object_set_new(payload, "province", json_string(province));
    json_object_set_new(payload, "seller", json_string(seller));
    json_object_set_new(payload, "units", json_integer(units));
    json_object_set_new(payload, "lots", json_integer(lots));
    json_object_set_new(payload, "start_price", json_integer(start));
    json_object_set_new(payload, "increment", json_integer(inc));
    json_object_set_new(payload, "reserve", json_integer(reserve));
    json_object_set_new(payload, "deposit", json_integer(deposit));
    json_object_set_new(payload, "notice_date", json_string(c->date));
    json_object_set_new(payload, "open", json_string(open));
    json_object_set_new(payload, "close", json_string(close));
    snprintf(subject, 64, "mkt-listing:%.40s", id);
    return 0;
}

/* Every registered bidder's hold released, but the winner's, which pays. */
static int release_all(struct vn_ctx *c, const struct lst *l, const char *winner, json_t *funds)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT party, hold FROM mkt_bidder WHERE listing_id = ? ORDER BY party",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, l->id);
    while ((rc = st_step(s, c->err)) == 1)
        if (!winner || strcmp(st_col_text(s, 0), winner))
            vn_funds_add(funds, st_col_text(s, 0), st_col_int(s, 1), -st_col_int(s, 1));
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

/* The lot goes to winner at price per lot: delivery versus payment. */
static int deal(struct vn_ctx *c, const struct lst *l, const char *winner, int64_t price,
                json_t *payload, json_t *funds)
{
    int64_t hold = 0, best = 0;
    int rc = bidder(c, l->id, winner, &hold, &best);
    if (rc != 1)
        return rc < 0 ? rc
                      : ls_err_set(c->err, LS_EINTERNAL, NULL, NULL, NULL,
                                   "the winner %s is not a bidder", winner);
    int64_t amount = price * l->lots, fee = vn_fee(amount, l->rules->fee_bps);
    vn_funds_add(funds, winner, hold - (amount + fee), -hold);
    vn_funds_add(funds, l->seller, amount - fee, 0);
    vn_funds_add(funds, VN_FEES, 2 * fee, 0);
    char escrow[VN_ID_MAX];
    escrow_of(l->id, escrow);
    rc = release_all(c, l, winner, funds);
    if (!rc)
        rc = vn_move_units(c, l->account, l->province, escrow, winner, l->units);
    if (!rc)
        json_object_set_new(payload, "trade",
                            json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "buyer", winner,
                                      "seller", l->seller, "price", (json_int_t)price, "lots",
                                      (json_int_t)l->lots, "amount", (json_int_t)amount,
                                      "fee_buyer", (json_int_t)fee, "fee_seller", (json_int_t)fee));
    return rc;
}

static int unsold(struct vn_ctx *c, const struct lst *l, json_t *funds)
{
    char escrow[VN_ID_MAX];
    escrow_of(l->id, escrow);
    int rc = release_all(c, l, NULL, funds);
    return rc ? rc : vn_move_units(c, l->account, l->province, escrow, l->seller, l->units);
}

int vn_sub_listing(struct vn_ctx *c, const char *type, json_t *req, json_t *payload, char *subject)
{
    if (!strcmp(type, "listing"))
        return listing_new(c, req, payload, subject);
    const char *id = vn_str(req, "listing"), *party = vn_str(req, "party");
    snprintf(c->where, sizeof c->where, "%s %.32s%s%.32s", type, id, *party ? " by " : "", party);
    struct lst l;
    int rc = lst_get(c, id, &l);
    if (rc)
        return rc;
    if (!l.rules)
        return ls_err_set(c->err, LS_EINTERNAL, NULL, NULL, NULL, "listing %s has no rules", id);
    int64_t now = vn_instant(c->date, c->time);
    json_t *funds = json_object();
    json_object_set_new(payload, "listing", json_string(id));
    snprintf(subject, 64, "mkt-listing:%.40s", id);
    int live = !strcmp(l.state, "listed") || !strcmp(l.state, "auction");
    if (!live) {
        rc = vn_refuse(c, "listing.closed", "listing", "listing %s is %s", id, l.state);
    } else if (!strcmp(type, "register")) {
        char kind[16];
        int64_t hold, best, avail, held;
        rc = vn_party_check(c, party, "party", kind);
        int eligible = 0;
        for (int i = 0; !rc && i < l.rules->neligible; i++)
            eligible |= l.rules->eligible[i] && !strcmp(l.rules->eligible[i], kind);
        if (!rc && !eligible)
            rc = vn_refuse(c, "order.eligible", "party", "a party of kind %s may not buy %s", kind,
                           l.account);
        if (!rc && !strcmp(party, l.seller))
            rc = vn_refuse(c, "listing.self", "party", "the seller does not bid for its own lot");
        if (!rc && strcmp(l.state, "listed"))
            rc = vn_refuse(c, "listing.closed", "listing", "bidders register while it is listed");
        if (!rc && now >= at(l.close_at))
            rc = vn_refuse(c, "listing.period", "time", "the listing closed at %s", l.close_at);
        if (!rc && (rc = bidder(c, id, party, &hold, &best)) == 1)
            rc = vn_refuse(c, "listing.registered", "party", "%s is registered already", party);
        if (!rc)
            rc = vn_funds_of(c->v, party, &avail, &held, c->err);
        if (!rc && avail < l.deposit)
            rc = vn_refuse(c, "listing.deposit", "party",
                           "the deposit (保证金) is %lld fen; %s has %lld available",
                           (long long)l.deposit, party, (long long)avail);
        if (!rc) {
            vn_funds_add(funds, party, -l.deposit, l.deposit);
            json_object_set_new(payload, "party", json_string(party));
            json_object_set_new(payload, "hold", json_integer(l.deposit));
        }
    } else if (!strcmp(type, "bid") || !strcmp(type, "auction_bid")) {
        int64_t hold = 0, best = 0, price = 0, avail, held;
        rc = bidder(c, id, party, &hold, &best);
        if (rc == 0)
            rc = vn_refuse(c, "listing.not_registered", "party",
                           "%.40s has not registered (and paid the deposit) for %s", party, id);
        else if (rc == 1)
            rc = vn_int(c, req, "price", 1, VN_MONEY_MAX / (l.lots ? l.lots : 1), "order.price",
                        &price);
        if (!rc && price % l.rules->tick)
            rc = vn_refuse(c, "order.tick", "price", "%lld fen is not whole ticks of %lld",
                           (long long)price, (long long)l.rules->tick);
        uint32_t me = 0, lead = 0;
        if (!rc && (vn_party_id(&c->v->parties, party, &me) ||
                    (*l.leader && vn_party_id(&c->v->parties, l.leader, &lead))))
            rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        if (!rc && !strcmp(type, "bid")) {
            if (strcmp(l.state, "listed"))
                rc = vn_refuse(c, "listing.auction", "type",
                               "listing %s is at its on-site auction: bid there", id);
            struct mk_listing ml = { l.start,        l.increment, l.reserve, at(l.open_at),
                                     at(l.close_at), l.current,   lead,      0,
                                     (int)l.bids };
            if (!rc)
                rc = mk_listing_bid(&ml, me, price, 0, now, c->err);
            if (!rc) {
                json_object_set_new(payload, "current", json_integer(ml.current));
                json_object_set_new(payload, "leader",
                                    json_string(ml.leader == me ? party : l.leader));
                json_object_set_new(payload, "bids", json_integer(ml.bids));
            }
        } else if (!rc) {
            if (strcmp(l.state, "auction"))
                rc = vn_refuse(c, "listing.auction", "type",
                               "listing %s is not at an on-site auction", id);
            struct mk_english a = { l.current, l.increment, l.reserve, at(l.auction_close_at),
                                    0,         l.current,   lead,      (int)l.bids };
            if (!rc)
                rc = mk_english_bid(&a, me, price, now, c->err);
            if (!rc) {
                json_object_set_new(payload, "current", json_integer(a.current));
                json_object_set_new(payload, "leader", json_string(party));
                json_object_set_new(payload, "bids", json_integer(a.bids));
            }
        }
        /* the bid holds what it would pay; the deposit counts toward it */
        int64_t need = vn_hold_for(price, l.lots, l.rules->fee_bps);
        int64_t more = need > hold ? need - hold : 0;
        if (!rc)
            rc = vn_funds_of(c->v, party, &avail, &held, c->err);
        if (!rc && more > avail)
            rc = vn_refuse(c, "listing.funds", "price",
                           "the bid holds %lld fen with its fee; %s has %lld more available, not "
                           "%lld",
                           (long long)need, party, (long long)avail, (long long)more);
        if (!rc) {
            vn_funds_add(funds, party, -more, more);
            json_object_set_new(payload, "party", json_string(party));
            json_object_set_new(payload, "price", json_integer(price));
            json_object_set_new(payload, "hold", json_integer(hold + more));
        }
    } else if (!strcmp(type, "close")) {
        json_t *still = json_object_get(req, "still_bidding");
        int n = 0;
        for (size_t i = 0; !rc && i < json_array_size(still); i++) {
            const char *p = json_string_value(json_array_get(still, i));
            int64_t hold, best;
            if (!p || (rc = bidder(c, id, p, &hold, &best)) == 0)
                rc = vn_refuse(c, "listing.not_registered", "still_bidding",
                               "%.40s is no registered bidder", p ? p : "?");
            else if (rc == 1) {
                rc = 0;
                n++;
            }
        }
        if (!rc && !strcmp(l.state, "listed")) {
            uint32_t lead = 0;
            if (*l.leader && vn_party_id(&c->v->parties, l.leader, &lead))
                rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            struct mk_listing ml = { l.start,        l.increment, l.reserve, at(l.open_at),
                                     at(l.close_at), l.current,   lead,      0,
                                     (int)l.bids };
            enum mk_listing_outcome outcome;
            struct mk_clearing cl = { 0, 0, 0 };
            struct mk_english a;
            int64_t minutes = AUCTION_MINUTES;
            if (!rc && json_object_get(req, "auction_minutes"))
                rc = vn_int(c, req, "auction_minutes", 1, 24 * 60, "listing.auction", &minutes);
            if (!rc)
                rc = mk_listing_close(&ml, now, n, now + minutes * 60, &outcome, &cl, &a, c->err);
            if (!rc && outcome == MK_LISTING_TO_AUCTION) {
                int64_t end = now + minutes * 60;
                char buf[24];
                vn_datetime_of(end, buf);
                json_object_set_new(payload, "outcome", json_string("auction"));
                json_object_set_new(payload, "auction_close", json_string(buf));
            } else if (!rc && outcome == MK_LISTING_DEAL) {
                json_object_set_new(payload, "outcome", json_string("sold"));
                rc = deal(c, &l, l.leader, cl.price, payload, funds);
            } else if (!rc) {
                json_object_set_new(payload, "outcome", json_string("unsold"));
                rc = unsold(c, &l, funds);
            }
        } else if (!rc) {
            uint32_t lead = 0;
            if (vn_party_id(&c->v->parties, l.leader, &lead))
                rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            struct mk_english a = { l.current, l.increment, l.reserve, at(l.auction_close_at),
                                    0,         l.current,   lead,      (int)l.bids };
            struct mk_clearing cl = { 0, 0, 0 };
            uint32_t w;
            if (!rc)
                rc = mk_english_result(&a, now, &cl, &w, c->err);
            if (!rc && cl.deal) {
                json_object_set_new(payload, "outcome", json_string("sold"));
                rc = deal(c, &l, l.leader, cl.price, payload, funds);
            } else if (!rc) {
                json_object_set_new(payload, "outcome", json_string("unsold"));
                rc = unsold(c, &l, funds);
            }
        }
    } else if (!strcmp(type, "delist")) {
        if (!*vn_str(req, "reason"))
            rc = vn_refuse(c, "listing.reason", "reason", "a withdrawn listing states its reason");
        if (!rc) {
            json_object_set_new(payload, "outcome", json_string("withdrawn"));
            rc = unsold(c, &l, funds);
        }
    }
    if (!rc) {
        json_object_set_new(payload, "time", json_string(c->time));
        json_object_set_new(payload, "funds", vn_funds_list(funds));
    }
    json_decref(funds);
    return rc;
}

/* ---- projection ---- */

int vn_project_listing(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    const char *type = ev->type + strlen("market.");
    const char *id = vn_pstr(p, "listing");
    long long seq = ev->seq, zero = 0;
    int rc = 0;
    if (!strcmp(type, "listing")) {
        long long units = vn_pnum(p, "units"), lots = vn_pnum(p, "lots"),
                  start = vn_pnum(p, "start_price"), inc = vn_pnum(p, "increment"),
                  reserve = vn_pnum(p, "reserve"), deposit = vn_pnum(p, "deposit");
        const void *vals[] = { id,
                               vn_pstr(p, "account"),
                               vn_pstr(p, "province"),
                               vn_pstr(p, "seller"),
                               &units,
                               &lots,
                               &start,
                               &inc,
                               &reserve,
                               &deposit,
                               vn_pstr(p, "notice_date"),
                               vn_pstr(p, "open"),
                               vn_pstr(p, "close"),
                               &seq,
                               &seq };
        return vn_exec(
            v,
            "INSERT INTO mkt_listing (listing_id, account, province, seller, units, lots, "
            "start_price, increment, reserve, deposit, notice_date, open_at, close_at, "
            "auction_close_at, state, current_price, leader, leader_seq, bids, price, "
            "winner, listed_seq, updated_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, '', 'listed', 0, '', 0, 0, 0, '', ?, ?)",
            "ssssiiiiiisssii", vals, err);
    }
    json_t *funds = json_object_get(p, "funds");
    for (size_t i = 0; !rc && i < json_array_size(funds); i++) {
        json_t *f = json_array_get(funds, i);
        rc = vn_funds_apply(v, vn_pstr(f, "party"), vn_pnum(f, "available"), vn_pnum(f, "held"),
                            err);
    }
    if (rc)
        return rc;
    if (!strcmp(type, "register")) {
        long long hold = vn_pnum(p, "hold");
        const void *vals[] = { id, vn_pstr(p, "party"), &hold, &seq };
        return vn_exec(
            v,
            "INSERT INTO mkt_bidder (listing_id, party, hold, best, state, registered_seq) "
            "VALUES (?, ?, ?, 0, 'registered', ?)",
            "ssii", vals, err);
    }
    if (!strcmp(type, "bid") || !strcmp(type, "auction_bid")) {
        long long hold = vn_pnum(p, "hold"), price = vn_pnum(p, "price"),
                  cur = vn_pnum(p, "current"), bids = vn_pnum(p, "bids");
        const void *b[] = { &hold, &price, id, vn_pstr(p, "party") };
        rc = vn_exec(v,
                     "UPDATE mkt_bidder SET hold = ?, best = ? WHERE listing_id = ? AND party = ?",
                     "iiss", b, err);
        const void *l[] = { &cur, vn_pstr(p, "leader"), &seq, &bids, &seq, id };
        if (!rc)
            rc = vn_exec(v,
                         "UPDATE mkt_listing SET current_price = ?, leader = ?, leader_seq = ?, "
                         "bids = ?, updated_seq = ? WHERE listing_id = ?",
                         "isiiis", l, err);
        return rc;
    }
    /* close or delist */
    const char *outcome = vn_pstr(p, "outcome");
    if (!strcmp(outcome, "auction")) {
        const void *vals[] = { vn_pstr(p, "auction_close"), &seq, id };
        return vn_exec(
            v,
            "UPDATE mkt_listing SET state = 'auction', auction_close_at = ?, updated_seq = "
            "? WHERE listing_id = ?",
            "sis", vals, err);
    }
    json_t *t = json_object_get(p, "trade");
    long long price = t ? vn_pnum(t, "price") : 0;
    const void *vals[] = { outcome, &price, t ? vn_pstr(t, "buyer") : "", &seq, id };
    rc = vn_exec(v,
                 "UPDATE mkt_listing SET state = ?, price = ?, winner = ?, updated_seq = ? WHERE "
                 "listing_id = ?",
                 "sisis", vals, err);
    const void *rel[] = { id };
    if (!rc)
        rc = vn_exec(v, "UPDATE mkt_bidder SET state = 'released', hold = 0 WHERE listing_id = ?",
                     "s", rel, err);
    if (!rc && t) {
        const void *won[] = { id, vn_pstr(t, "buyer") };
        rc = vn_exec(v, "UPDATE mkt_bidder SET state = 'won' WHERE listing_id = ? AND party = ?",
                     "ss", won, err);
        long long one = 1, lots = vn_pnum(t, "lots"), amount = vn_pnum(t, "amount"),
                  fb = vn_pnum(t, "fee_buyer"), fs = vn_pnum(t, "fee_seller");
        const void *tr[] = { id,
                             &one,
                             &seq,
                             ev->effective,
                             vn_pstr(p, "time"),
                             &zero,
                             &zero,
                             vn_pstr(t, "buyer"),
                             vn_pstr(t, "seller"),
                             &price,
                             &lots,
                             &amount,
                             &fb,
                             &fs };
        if (!rc)
            rc = vn_exec(v,
                         "INSERT INTO mkt_trade (instrument_id, trade_no, seq, trade_date, "
                         "trade_time, buy_order, sell_order, buyer, seller, price, lots, amount, "
                         "fee_buyer, fee_seller) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         "siissiissiiiii", tr, err);
    }
    return rc;
}
