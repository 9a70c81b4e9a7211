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
 * A listing may instead be a sealed tender (招标) or a uniform-price auction (submit_tender.c),
 * and may sell one registry right (account RIGHT) — delivered by a transfer registration — or
 * an approved bundle of rights (组合标的, bundle/), each component delivered so, at a start
 * price no lower than the bundle's floor price.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

#define AUCTION_MINUTES 60 /* the on-site auction's length unless the close names one */

/* The right a listing sells: in force, a use right, held whole by the seller, not seized and
 * not on another live listing — the venue's lock, as the escrow is for units. */
static int right_check(struct vn_ctx *c, const char *right, const char *seller)
{
    struct reg_right_brief b;
    int rc = reg_right_brief(c->v->reg, right, &b, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return vn_refuse(c, "listing.right", "right", "no right \"%.60s\" is in force", right);
    if (!b.transferable)
        return vn_refuse(c, "listing.right", "right", "%s is %s: it is not sold", right, b.label);
    if (strcmp(b.holder, seller))
        return vn_refuse(c, "listing.seller", "seller", "%s is not held whole by %.40s", right,
                         seller);
    if (*b.seizure)
        return vn_refuse(c, "listing.seized", "right", "%s is seized (%s): it cannot be sold",
                         right, b.seizure);
    struct ls_stmt *s = NULL;
    /* on a live listing alone, or as a component of a bundle on one */
    if ((rc = st_prepare(c->v->st,
                         "SELECT listing_id FROM mkt_listing WHERE state IN ('listed', 'auction') "
                         "AND (right_id = ? OR bundle_id IN (SELECT bundle_id FROM bnd_component "
                         "WHERE right_id = ?)) ORDER BY listing_id",
                         &s, c->err)) != 0)
        return rc;
    st_bind_text(s, 1, right);
    st_bind_text(s, 2, right);
    rc = st_step(s, c->err);
    char other[VN_ID_MAX] = "";
    if (rc == 1)
        snprintf(other, sizeof other, "%s", st_col_text(s, 0));
    st_finalize(s);
    if (rc == 1)
        return vn_refuse(c, "listing.right_listed", "right", "%s is on listing %s already", right,
                         other);
    return rc < 0 ? rc : 0;
}

/* A bundle a listing sells: recorded and approved, of this seller, not on another live
 * listing, every component still sellable as right_check has it, and a start price at which
 * every component's share meets its floor (compensation.md §4.7 step 5). */
static int bundle_check(struct vn_ctx *c, const char *bundle, const char *seller, int64_t start)
{
    struct bnd_brief b;
    char(*rights)[64] = NULL;
    int n = 0;
    int rc = bnd_brief(c->v->st, bundle, &b, &rights, &n, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        rc = vn_refuse(c, "listing.bundle", "bundle", "no bundle \"%.40s\" is recorded", bundle);
    else if (!b.approved)
        rc = vn_refuse(c, "listing.bundle", "bundle",
                       "bundle %s is not approved: a reviewer approves it before it is listed",
                       bundle);
    else if (strcmp(b.seller, seller))
        rc = vn_refuse(c, "listing.seller", "seller", "bundle %s is sold by %.40s, not %.40s",
                       bundle, b.seller, seller);
    else if (start < b.floor_price_fen)
        rc = vn_refuse(c, "listing.floor", "start_price",
                       "a start price of %lld fen is below bundle %s's floor price of %lld fen, "
                       "under which a component's share falls below its legal floor",
                       (long long)start, bundle, (long long)b.floor_price_fen);
    else
        rc = 0;
    struct ls_stmt *s = NULL;
    if (!rc && !(rc = st_prepare(c->v->st,
                                 "SELECT listing_id FROM mkt_listing WHERE bundle_id = ? AND state "
                                 "IN ('listed', 'auction')",
                                 &s, c->err))) {
        st_bind_text(s, 1, bundle);
        rc = st_step(s, c->err);
        if (rc == 1)
            rc = vn_refuse(c, "listing.bundle_listed", "bundle",
                           "bundle %s is on listing %s already", bundle, st_col_text(s, 0));
        st_finalize(s);
    }
    for (int i = 0; !rc && i < n; i++)
        rc = right_check(c, rights[i], seller);
    free(rights);
    return rc;
}

static int listing_new(struct vn_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *id = vn_str(req, "listing"), *right = vn_str(req, "right");
    const char *bundle = vn_str(req, "bundle");
    const char *account = *right || *bundle ? "RIGHT" : vn_str(req, "account");
    const char *seller = vn_str(req, "seller"), *province = vn_str(req, "province");
    const char *open = vn_str(req, "open"), *close = vn_str(req, "close");
    const char *mode = *vn_str(req, "mode") ? vn_str(req, "mode") : "listing";
    snprintf(c->where, sizeof c->where, "listing %.40s", id);
    size_t n = strlen(id);
    int ok = n >= 2 && n <= 32;
    for (const char *p = id; ok && *p; p++)
        ok = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_';
    if (!ok)
        return vn_refuse(c, "listing.id", "listing",
                         "a listing id is 2 to 32 capitals, digits, '-' or '_'");
    struct vn_listing old;
    struct ls_err quiet = { 0 };
    struct ls_err *keep = c->err;
    c->err = &quiet;
    int exists = vn_listing_get(c, id, &old) == 0;
    c->err = keep;
    if (exists)
        return vn_refuse(c, "listing.exists", "listing", "listing %s exists already", id);
    if ((*right || *bundle) && *vn_str(req, "account") && strcmp(vn_str(req, "account"), "RIGHT"))
        return vn_refuse(c, "listing.account", "account",
                         "a listing sells a right, a bundle or units of an account, one of them");
    if (*right && *bundle)
        return vn_refuse(c, "listing.bundle", "bundle",
                         "a listing sells one right or one bundle, not both");
    const struct vn_rules *r = vn_rules_find(account);
    if (!r || !vn_rules_mode(r, "listing"))
        return vn_refuse(c, "listing.account", "account", "%.20s is not listed on the venue",
                         account);
    if ((strcmp(mode, "listing") && strcmp(mode, "sealed") && strcmp(mode, "uniform")) ||
        !vn_rules_mode(r, mode))
        return vn_refuse(c, "listing.mode", "mode",
                         "%s is not sold by \"%.20s\" (listing, sealed or uniform, as its rules "
                         "allow)",
                         account, mode);
    char kind[16];
    /* a county sells from its reserve (reserve:<adcode>), as the indicator register holds it */
    int rc = strncmp(seller, "reserve:", 8) || *right || *bundle
                 ? vn_party_check(c, seller, "seller", kind)
                 : 0;
    if (rc)
        return rc;
    if (*province ? strlen(province) != 2 || province[0] < '1' || province[0] > '9'
                  : !r->cross_province)
        return vn_refuse(c, "listing.province", "province",
                         "%s may not leave its province: a listing names it (2 digits)", account);
    int64_t units = 1, start, inc = r->tick, reserve, max_grade = 0;
    /* a lot of better land: only units of quality grade 1..max_grade go into its escrow */
    if (json_object_get(req, "max_grade")) {
        if (!r->graded)
            return vn_refuse(c, "listing.grade", "max_grade", "%s units carry no quality grade",
                             account);
        int rc0 = vn_int(c, req, "max_grade", 1, 15, "listing.grade", &max_grade);
        if (rc0)
            return rc0;
    }
    if ((!*right && !*bundle &&
         (rc = vn_int(c, req, "units", 1, MK_QTY_MAX, "listing.quantity", &units))) ||
        (rc = vn_int(c, req, "start_price", 1, VN_MONEY_MAX, "listing.start", &start)) != 0 ||
        ((!strcmp(mode, "listing") || json_object_get(req, "increment")) &&
         (rc = vn_int(c, req, "increment", 1, VN_MONEY_MAX, "listing.increment", &inc))) ||
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
    /* the deposit is a share of the start price of what a bidder may win, rounded up to the
     * fen: the whole lot, or in a uniform-price auction one lot (a bidder may bid for one) */
    int64_t base = strcmp(mode, "uniform") ? total : start;
    int64_t deposit = (base / 100) * r->deposit_pct + ((base % 100) * r->deposit_pct + 99) / 100;
    if (*bundle) {
        rc = bundle_check(c, bundle, seller, start);
    } else if (*right) {
        rc = right_check(c, right, seller);
    } else {
        char escrow[VN_ID_MAX];
        vn_listing_escrow(id, escrow);
        rc = vn_move_graded(c, account, province, seller, escrow, units, (int)max_grade);
    }
    if (rc)
        return rc; /* what the seller does not hold is refused here */
    json_object_set_new(payload, "listing", json_string(id));
    json_object_set_new(payload, "mode", json_string(mode));
    json_object_set_new(payload, "account", json_string(account));
    json_object_set_new(payload, "right", json_string(right));
    if (*bundle)
        json_object_set_new(payload, "bundle", json_string(bundle));
    if (max_grade)
        json_object_set_new(payload, "max_grade", json_integer(max_grade));
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

/* The lot goes to winner at price per lot; every other bidder's hold is released. */
static int deal(struct vn_ctx *c, const struct vn_listing *l, const char *winner, int64_t price,
                json_t *payload, json_t *funds)
{
    json_t *trades = json_array(), *won = json_pack("{s:b}", winner, 1);
    int rc = vn_listing_award(c, l, winner, price, l->lots, trades, funds);
    if (!rc)
        rc = vn_listing_release(c, l, won, funds);
    json_decref(won);
    if (!rc) {
        json_object_set_new(payload, "outcome", json_string("sold"));
        json_object_set_new(payload, "lots_sold", json_integer(l->lots));
        json_object_set_new(payload, "trades", trades);
    } else
        json_decref(trades);
    return rc;
}

static int unsold(struct vn_ctx *c, const struct vn_listing *l, const char *outcome,
                  json_t *payload, json_t *funds)
{
    int rc = vn_listing_release(c, l, NULL, funds);
    if (!rc)
        rc = vn_listing_return(c, l, l->lots);
    if (!rc)
        json_object_set_new(payload, "outcome", json_string(outcome));
    return rc;
}

int vn_sub_listing(struct vn_ctx *c, const char *type, json_t *req, json_t *payload, char *subject)
{
    if (!strcmp(type, "listing"))
        return listing_new(c, req, payload, subject);
    const char *id = vn_str(req, "listing"), *party = vn_str(req, "party");
    snprintf(c->where, sizeof c->where, "%s %.32s%s%.32s", type, id, *party ? " by " : "", party);
    struct vn_listing l;
    int rc = vn_listing_get(c, id, &l);
    if (rc)
        return rc;
    int tender = strcmp(l.mode, "listing") != 0;
    int64_t now = vn_instant(c->date, c->time);
    json_t *funds = json_object();
    json_object_set_new(payload, "listing", json_string(id));
    snprintf(subject, 64, "mkt-listing:%.40s", id);
    int live = !strcmp(l.state, "listed") || !strcmp(l.state, "auction");
    if (!live) {
        rc = vn_refuse(c, "listing.closed", "listing", "listing %s is %s", id, l.state);
    } else if (!strcmp(type, "register")) {
        int64_t hold, best, avail, held;
        rc = vn_eligible(c, l.rules, party, "party");
        if (!rc && !strcmp(party, l.seller))
            rc = vn_refuse(c, "listing.self", "party", "the seller does not bid for its own lot");
        if (!rc && strcmp(l.state, "listed"))
            rc = vn_refuse(c, "listing.closed", "listing", "bidders register while it is listed");
        if (!rc && now >= vn_at(l.close_at))
            rc = vn_refuse(c, "listing.period", "time", "the listing closed at %s", l.close_at);
        if (!rc && (rc = vn_listing_bidder(c, id, party, &hold, &best, NULL)) == 1)
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
    } else if (tender && !strcmp(type, "bid")) {
        rc = vn_tender_bid(c, &l, req, payload, funds);
    } else if (tender && !strcmp(type, "auction_bid")) {
        rc = vn_refuse(c, "listing.auction", "type", "a %s tender has no on-site auction", l.mode);
    } else if (tender && !strcmp(type, "close")) {
        rc = now < vn_at(l.close_at)
                 ? vn_refuse(c, "listing.period", "time", "the tender closes at %s", l.close_at)
                 : vn_tender_close(c, &l, payload, funds);
    } else if (!strcmp(type, "bid") || !strcmp(type, "auction_bid")) {
        int64_t hold = 0, best = 0, price = 0, avail, held;
        rc = vn_listing_bidder(c, id, party, &hold, &best, NULL);
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
            struct mk_listing ml = { l.start,           l.increment, l.reserve, vn_at(l.open_at),
                                     vn_at(l.close_at), l.current,   lead,      0,
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
            struct mk_english a = { l.current, l.increment, l.reserve, vn_at(l.auction_close_at),
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
            if (!p || (rc = vn_listing_bidder(c, id, p, &hold, &best, NULL)) == 0)
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
            struct mk_listing ml = { l.start,           l.increment, l.reserve, vn_at(l.open_at),
                                     vn_at(l.close_at), l.current,   lead,      0,
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
                rc = deal(c, &l, l.leader, cl.price, payload, funds);
            } else if (!rc) {
                rc = unsold(c, &l, "unsold", payload, funds);
            }
        } else if (!rc) {
            uint32_t lead = 0;
            if (vn_party_id(&c->v->parties, l.leader, &lead))
                rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            struct mk_english a = { l.current, l.increment, l.reserve, vn_at(l.auction_close_at),
                                    0,         l.current,   lead,      (int)l.bids };
            struct mk_clearing cl = { 0, 0, 0 };
            uint32_t w;
            if (!rc)
                rc = mk_english_result(&a, now, &cl, &w, c->err);
            if (!rc && cl.deal) {
                rc = deal(c, &l, l.leader, cl.price, payload, funds);
            } else if (!rc) {
                rc = unsold(c, &l, "unsold", payload, funds);
            }
        }
    } else if (!strcmp(type, "delist")) {
        if (!*vn_str(req, "reason"))
            rc = vn_refuse(c, "listing.reason", "reason", "a withdrawn listing states its reason");
        if (!rc)
            rc = unsold(c, &l, "withdrawn", payload, funds);
    }
    if (!rc) {
        json_object_set_new(payload, "time", json_string(c->time));
        json_object_set_new(payload, "funds", vn_funds_list(funds));
    }
    json_decref(funds);
    return rc;
}
