/*
 * venue/report — the market over a period (交易统计), as a trading centre reports it each month
 * or year: per instrument (a listing counts as one) and mode, the trades, lots and turnover,
 * the volume-weighted average price, the first, high, low and last price; and the listings
 * whose period ended in it, by outcome. Read from mkt_trade and mkt_listing; parties are not named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

struct line {
    char instrument[VN_ID_MAX], mode[16];
    long long trades, lots, amount, first, high, low, last;
};

static json_t *line_json(const struct line *l)
{
    /* the average is turnover over lots, to the fen below (a price per lot) */
    return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "instrument",
                     l->instrument, "mode", l->mode, "trades", (json_int_t)l->trades, "lots",
                     (json_int_t)l->lots, "amount", (json_int_t)l->amount, "vwap",
                     (json_int_t)(l->lots ? l->amount / l->lots : 0), "first", (json_int_t)l->first,
                     "high", (json_int_t)l->high, "low", (json_int_t)l->low, "last",
                     (json_int_t)l->last);
}

int vn_report(struct venue *v, const char *from, const char *to, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (!vn_date_valid(from) || !vn_date_valid(to) || strcmp(from, to) > 0)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "from",
                          "a period is two dates YYYY-MM-DD, the first not after the second");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "SELECT instrument_id, mode, price, lots, amount FROM mkt_trade WHERE "
                        "trade_date >= ? AND trade_date <= ? ORDER BY instrument_id, mode, seq, "
                        "trade_no",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, from);
    st_bind_text(s, 2, to);
    json_t *lines = json_array();
    struct line l;
    memset(&l, 0, sizeof l);
    long long trades = 0, lots = 0, amount = 0;
    while ((rc = st_step(s, err)) == 1) {
        const char *in = st_col_text(s, 0), *mode = st_col_text(s, 1);
        long long price = st_col_int(s, 2), q = st_col_int(s, 3), a = st_col_int(s, 4);
        if (strcmp(in, l.instrument) || strcmp(mode, l.mode)) {
            if (l.trades)
                json_array_append_new(lines, line_json(&l));
            memset(&l, 0, sizeof l);
            snprintf(l.instrument, sizeof l.instrument, "%s", in);
            snprintf(l.mode, sizeof l.mode, "%s", mode);
            l.first = l.high = l.low = price;
        }
        l.trades++;
        l.lots += q;
        l.amount += a;
        l.high = price > l.high ? price : l.high;
        l.low = price < l.low ? price : l.low;
        l.last = price;
        trades++;
        lots += q;
        amount += a;
    }
    st_finalize(s);
    if (rc == 0 && l.trades)
        json_array_append_new(lines, line_json(&l));
    /* the listings whose period ended in the report's, by outcome (one still at its on-site
     * auction, or not yet closed, is "open") */
    json_t *outcomes = json_object();
    if (rc == 0)
        rc = st_prepare(v->st,
                        "SELECT CASE WHEN state IN ('listed', 'auction') THEN 'open' ELSE state "
                        "END AS outcome, count(*) FROM mkt_listing WHERE substr(close_at, 1, 10) "
                        ">= ? AND substr(close_at, 1, 10) <= ? GROUP BY outcome ORDER BY outcome",
                        &s, err);
    if (rc == 0) {
        st_bind_text(s, 1, from);
        st_bind_text(s, 2, to);
        while ((rc = st_step(s, err)) == 1)
            json_object_set_new(outcomes, st_col_text(s, 0), json_integer(st_col_int(s, 1)));
        st_finalize(s);
    }
    if (rc < 0) {
        json_decref(lines);
        json_decref(outcomes);
        return rc;
    }
    *out = json_pack("{s:s, s:s, s:s, s:o, s:{s:I, s:I, s:I}, s:o}", "from", from, "to", to,
                     "currency", "CNY (fen)", "instruments", lines, "total", "trades",
                     (json_int_t)trades, "lots", (json_int_t)lots, "amount", (json_int_t)amount,
                     "listings", outcomes);
    return 0;
}
