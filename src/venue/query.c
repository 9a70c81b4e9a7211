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
    *out = json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:o}", "instrument", b->instrument, "account",
                     b->account, "reference_price", (json_int_t)b->reference, "last_price",
                     (json_int_t)b->last, "lot", (json_int_t)b->rules->lot, "bids",
                     levels(b, MK_BUY, depth), "asks", levels(b, MK_SELL, depth));
    return 0;
}

int vn_trades(struct venue *v, const char *instrument, const char *party, json_t **out,
              struct ls_err *err)
{
    *out = NULL;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT instrument_id, trade_no, seq, trade_date, trade_time, buy_order, "
                        "sell_order, buyer, seller, price, lots, amount, fee_buyer, fee_seller "
                        "FROM mkt_trade WHERE (? = '' OR instrument_id = ?) AND (? = '' OR "
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
            a, json_pack("{s:s, s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}",
                         "instrument", st_col_text(s, 0), "trade_no", (json_int_t)st_col_int(s, 1),
                         "seq", (json_int_t)st_col_int(s, 2), "date", st_col_text(s, 3), "time",
                         st_col_text(s, 4), "buy_order", (json_int_t)st_col_int(s, 5), "sell_order",
                         (json_int_t)st_col_int(s, 6), "buyer", st_col_text(s, 7), "seller",
                         st_col_text(s, 8), "price", (json_int_t)st_col_int(s, 9), "lots",
                         (json_int_t)st_col_int(s, 10), "amount", (json_int_t)st_col_int(s, 11),
                         "fee_buyer", (json_int_t)st_col_int(s, 12), "fee_seller",
                         (json_int_t)st_col_int(s, 13)));
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
