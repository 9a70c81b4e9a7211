/*
 * venue/listing — a listing's record and its delivery, shared by 挂牌 (submit_listing.c) and
 * the tenders (submit_tender.c): the listing and its bidders as recorded, and a deal settled
 * delivery-versus-payment — indicator units from the listing's escrow, or a registry right by
 * a transfer registration in the same transaction; the winner pays from its hold and every
 * other bidder's hold is released.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

int vn_listing_get(struct vn_ctx *c, const char *id, struct vn_listing *l)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT account, province, seller, state, open_at, close_at, "
                        "auction_close_at, leader, units, lots, start_price, increment, reserve, "
                        "deposit, current_price, bids, mode, right_id, bundle_id FROM mkt_listing "
                        "WHERE listing_id = ?",
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
        snprintf(l->mode, sizeof l->mode, "%s", st_col_text(s, 16));
        snprintf(l->right, sizeof l->right, "%s", st_col_text(s, 17));
        snprintf(l->bundle, sizeof l->bundle, "%s", st_col_text(s, 18));
        l->rules = vn_rules_find(l->account);
    }
    st_finalize(s);
    if (rc == 0)
        return vn_refuse(c, "listing.unknown", "listing", "no listing \"%.40s\"", id);
    if (rc == 1 && !l->rules)
        return ls_err_set(c->err, LS_EINTERNAL, NULL, NULL, NULL, "listing %s has no rules", id);
    return rc == 1 ? 0 : rc;
}

int vn_listing_bidder(struct vn_ctx *c, const char *id, const char *party, int64_t *hold,
                      int64_t *best, int64_t *lots)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        c->v->st, "SELECT hold, best, lots FROM mkt_bidder WHERE listing_id = ? AND party = ?", &s,
        c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    st_bind_text(s, 2, party);
    rc = st_step(s, c->err);
    if (rc == 1) {
        *hold = st_col_int(s, 0);
        *best = st_col_int(s, 1);
        if (lots)
            *lots = st_col_int(s, 2);
    }
    st_finalize(s);
    return rc;
}

int64_t vn_at(const char *datetime)
{
    char d[11], t[9];
    return vn_datetime(datetime, d, t) ? vn_instant(d, t) : 0;
}

void vn_listing_escrow(const char *id, char out[VN_ID_MAX])
{
    snprintf(out, VN_ID_MAX, "%s%s:L", IND_ESCROW, id);
}

/* A right passes to the winner by a transfer registration (转移登记), recorded by the venue
 * in the trade's transaction: the registry's own checks (a seizure, ownership) still apply. */
static int transfer_right(struct vn_ctx *c, const struct vn_listing *l, const char *right,
                          const char *winner)
{
    struct reg_right_brief b;
    int rc = reg_right_brief(c->v->reg, right, &b, c->err);
    if (rc < 0)
        return rc;
    /* the seller may have lost the right outside the venue since it was listed: no delivery */
    if (rc == 0 || strcmp(b.holder, l->seller))
        return vn_refuse(c, "listing.right_changed", "listing",
                         "%s is no longer held whole by %s: the listing cannot deliver it (delist "
                         "it)",
                         right, l->seller);
    json_t *app = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}], s:s, s:s}", "type", "transfer",
                            "right", right, "date", c->date, "holders", "party", winner, "share",
                            "1", "reason", "venue deal", "source_doc", l->id);
    struct reg_submit_opts ro = { c->o->actor, c->o->recorded };
    rc = reg_submit(c->v->reg, app, &ro, c->input, NULL, c->err);
    json_decref(app);
    return rc;
}

/* A bundle passes whole: every component right by its own transfer registration, in the
 * bundle's order, in the one transaction — all of them or none. */
static int transfer_bundle(struct vn_ctx *c, const struct vn_listing *l, const char *winner)
{
    struct bnd_brief b;
    char(*rights)[64] = NULL;
    int n = 0;
    int rc = bnd_brief(c->v->st, l->bundle, &b, &rights, &n, c->err);
    if (rc == 0)
        rc = ls_err_set(c->err, LS_EINTERNAL, NULL, l->id, "bundle", "bundle %s is not recorded",
                        l->bundle);
    else if (rc == 1)
        rc = 0;
    for (int i = 0; !rc && i < n; i++)
        rc = transfer_right(c, l, rights[i], winner);
    free(rights);
    return rc;
}

int vn_listing_award(struct vn_ctx *c, const struct vn_listing *l, const char *winner,
                     int64_t price, int64_t lots, json_t *trades, json_t *funds)
{
    int64_t hold = 0, best = 0;
    int rc = vn_listing_bidder(c, l->id, winner, &hold, &best, NULL);
    if (rc != 1)
        return rc < 0 ? rc
                      : ls_err_set(c->err, LS_EINTERNAL, NULL, NULL, NULL,
                                   "the winner %s is not a bidder", winner);
    int64_t amount = price * lots, fee = vn_fee(amount, l->rules->fee_bps);
    if (amount + fee > hold)
        return ls_err_set(c->err, LS_EINTERNAL, NULL, NULL, NULL,
                          "%s holds %lld fen, less than the %lld it pays", winner, (long long)hold,
                          (long long)(amount + fee));
    vn_funds_add(funds, winner, hold - (amount + fee), -hold);
    vn_funds_add(funds, l->seller, amount - fee, 0);
    vn_funds_add(funds, VN_FEES, 2 * fee, 0);
    if (*l->bundle) {
        rc = transfer_bundle(c, l, winner);
    } else if (*l->right) {
        rc = transfer_right(c, l, l->right, winner);
    } else {
        char escrow[VN_ID_MAX];
        vn_listing_escrow(l->id, escrow);
        rc = vn_move_units(c, l->account, l->province, escrow, winner, lots * l->rules->lot);
    }
    if (!rc)
        json_array_append_new(trades,
                              json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "trade_no",
                                        (json_int_t)(json_array_size(trades) + 1), "buyer", winner,
                                        "seller", l->seller, "price", (json_int_t)price, "lots",
                                        (json_int_t)lots, "amount", (json_int_t)amount, "fee_buyer",
                                        (json_int_t)fee, "fee_seller", (json_int_t)fee));
    return rc;
}

int vn_listing_release(struct vn_ctx *c, const struct vn_listing *l, json_t *winners, json_t *funds)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT party, hold FROM mkt_bidder WHERE listing_id = ? ORDER BY party",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, l->id);
    while ((rc = st_step(s, c->err)) == 1)
        if (!json_object_get(winners, st_col_text(s, 0)))
            vn_funds_add(funds, st_col_text(s, 0), st_col_int(s, 1), -st_col_int(s, 1));
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int vn_listing_return(struct vn_ctx *c, const struct vn_listing *l, int64_t lots)
{
    if (*l->right || *l->bundle || lots == 0)
        return 0;
    char escrow[VN_ID_MAX];
    vn_listing_escrow(l->id, escrow);
    return vn_move_units(c, l->account, l->province, escrow, l->seller, lots * l->rules->lot);
}
