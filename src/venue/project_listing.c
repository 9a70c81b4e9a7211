/*
 * venue/project_listing — a listing's events applied to mkt_listing, mkt_bidder and mkt_trade:
 * the listing, a registration, a bid (its price kept in mkt_bidder; a sealed bid is published
 * nowhere), the close or the withdrawal with the trades it settled.
 */
#include <string.h>

#include "venue/internal.h"

int vn_project_listing(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    const char *type = ev->type + strlen("market.");
    const char *id = vn_pstr(p, "listing");
    long long seq = ev->seq;
    int rc = 0;
    if (!strcmp(type, "listing")) {
        long long units = vn_pnum(p, "units"), lots = vn_pnum(p, "lots"),
                  start = vn_pnum(p, "start_price"), inc = vn_pnum(p, "increment"),
                  reserve = vn_pnum(p, "reserve"), deposit = vn_pnum(p, "deposit"),
                  max_grade = vn_pnum(p, "max_grade");
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
                               &seq,
                               *vn_pstr(p, "mode") ? vn_pstr(p, "mode") : "listing",
                               vn_pstr(p, "right"),
                               &max_grade,
                               vn_pstr(p, "bundle") };
        return vn_exec(
            v,
            "INSERT INTO mkt_listing (listing_id, account, province, seller, units, lots, "
            "start_price, increment, reserve, deposit, notice_date, open_at, close_at, "
            "auction_close_at, state, current_price, leader, leader_seq, bids, price, "
            "winner, listed_seq, updated_seq, mode, right_id, max_grade, bundle_id) VALUES (?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'listed', 0, '', 0, 0, 0, '', ?, ?, ?, ?, ?, "
            "?)",
            "ssssiiiiiisssiissis", vals, err);
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
    if (!strcmp(type, "bid") && json_object_get(p, "lots")) {
        /* a sealed bid: kept for the close, counted, never displayed */
        long long hold = vn_pnum(p, "hold"), price = vn_pnum(p, "price"), lots = vn_pnum(p, "lots"),
                  bids = vn_pnum(p, "bids");
        const void *b[] = { &hold, &price, &lots, &seq, id, vn_pstr(p, "party") };
        rc = vn_exec(v,
                     "UPDATE mkt_bidder SET hold = ?, best = ?, lots = ?, bid_seq = ? WHERE "
                     "listing_id = ? AND party = ?",
                     "iiiiss", b, err);
        const void *l[] = { &bids, &seq, id };
        if (!rc)
            rc = vn_exec(v, "UPDATE mkt_listing SET bids = ?, updated_seq = ? WHERE listing_id = ?",
                         "iis", l, err);
        return rc;
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
    json_t *trades = json_object_get(p, "trades"), *t0 = json_array_get(trades, 0);
    long long price = t0 ? vn_pnum(t0, "price") : 0, sold = vn_pnum(p, "lots_sold");
    /* one winner is named; a uniform-price auction's several are in its trades */
    const char *winner = json_array_size(trades) == 1 ? vn_pstr(t0, "buyer") : "";
    char mode[16] = "listing";
    struct ls_stmt *s = NULL;
    rc = st_prepare(v->st, "SELECT mode, state FROM mkt_listing WHERE listing_id = ?", &s, err);
    if (!rc) {
        st_bind_text(s, 1, id);
        if ((rc = st_step(s, err)) == 1)
            snprintf(mode, sizeof mode, "%s",
                     !strcmp(st_col_text(s, 1), "auction") ? "english" : st_col_text(s, 0));
        st_finalize(s);
        rc = rc < 0 ? rc : 0;
    }
    const void *vals[] = { outcome, &price, winner, &sold, &seq, id };
    if (!rc)
        rc = vn_exec(v,
                     "UPDATE mkt_listing SET state = ?, price = ?, winner = ?, lots_sold = ?, "
                     "updated_seq = ? WHERE listing_id = ?",
                     "sisiis", vals, err);
    const void *rel[] = { id };
    if (!rc)
        rc = vn_exec(v, "UPDATE mkt_bidder SET state = 'released', hold = 0 WHERE listing_id = ?",
                     "s", rel, err);
    for (size_t i = 0; !rc && i < json_array_size(trades); i++) {
        json_t *t = json_array_get(trades, i);
        long long lots = vn_pnum(t, "lots");
        const void *won[] = { &lots, id, vn_pstr(t, "buyer") };
        rc = vn_exec(v,
                     "UPDATE mkt_bidder SET state = 'won', lots_won = ? WHERE listing_id = ? AND "
                     "party = ?",
                     "iss", won, err);
        if (!rc)
            rc = vn_trade_insert(v, ev, id, mode, vn_pstr(p, "time"), t, err);
    }
    return rc;
}
