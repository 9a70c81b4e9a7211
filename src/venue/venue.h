/*
 * venue — the trading venue (自然资源资产交易平台, issue 20) on the store and the ledger: its
 * instruments, every party's money, the orders and the trades, settled delivery-versus-
 * payment in one transaction. market/ clears; venue/ checks, records and settles.
 *
 * Every change is a request (JSON, docs/market.md) of one type — instrument, deposit,
 * withdraw, order, cancel, expire; quote, take, unquote (挂牌协议 and 大宗协议); and for
 * listings (挂牌, sealed tender, uniform-price auction, of units or of a registry right)
 * listing, register, bid, close, auction_bid, delist. vn_submit checks it against the rules
 * (data/market/rules-2025.json) and the current state, appends one `market.<type>` ledger
 * event and updates the projections (mkt_instrument, mkt_funds, mkt_order, mkt_trade,
 * mkt_request, mkt_listing, mkt_bidder), all in the caller's write transaction. A refusal
 * (LS_EINVAL, LS_ENOENT) names the rule ("rule order.tick"), the record and the field, and has
 * written nothing.
 *
 * Units and money move together: a sell order moves its units into the indicator register's
 * escrow holder escrow:<instrument>:<order> (an indicator.transfer event), a buy order holds
 * its money (price × lots plus the fee); each trade moves the units from the seller's escrow
 * to the buyer and the money from the buyer's hold to the seller, less the fees, in the same
 * transaction. The event records every trade and every change of money, so vn_project
 * replays it without matching again.
 *
 * The books are in memory (market/book), loaded from mkt_order when an instrument is first
 * used. After a rolled-back transaction the caller calls vn_forget: the books are loaded again.
 *
 * Ownership: vn_open borrows the store, the registry and the indicator register (the caller
 * closes them after vn_close). JSON results are new references the caller releases.
 */
#ifndef LS_VENUE_H
#define LS_VENUE_H

#include <jansson.h>

#include "base/err.h"
#include "indicator/indicator.h"
#include "ledger/ledger.h"
#include "registry/registry.h"
#include "store/store.h"

struct venue;

int vn_open(struct ls_store *st, struct reg *r, struct ind *in, struct venue **out,
            struct ls_err *err);
void vn_close(struct venue *v);

struct vn_submit_opts {
    const char *actor;    /* who submits (required) */
    const char *recorded; /* ledger time "YYYY-MM-DDTHH:MM:SSZ", NULL for now */
};

/* Checks and records one request inside an open write transaction; `input` names where it
 * came from. On success *result (when non-NULL) is what the event did: the order, its trades,
 * what rests and what was cancelled. */
int vn_submit(struct venue *v, json_t *request, const struct vn_submit_opts *o, const char *input,
              long long *seq, json_t **result, struct ls_err *err);

/* Applies one market.* ledger event to the projections (it was checked when recorded). */
int vn_project(struct venue *v, const struct lg_event *ev, struct ls_err *err);

/* Drops the books in memory (after a rollback, or a rebuild): they are loaded again. */
void vn_forget(struct venue *v);

/* What a contract asks of the listing it follows (成交确认): its state, seller, winner and
 * price (fen, the whole lot) and what it sold (a right or a bundle, "" otherwise), read from
 * the store alone: 1 found, 0 none. */
struct vn_listing_brief {
    char state[16], seller[64], winner[64], right[64], bundle[64], closed[20];
    long long price_fen;
};
int vn_listing_brief(struct ls_store *st, const char *id, struct vn_listing_brief *out,
                     struct ls_err *err);

#define VN_PROJECTION_TABLES 8
extern const char *const vn_projection_tables[VN_PROJECTION_TABLES];
extern const char *const vn_projection_keys[VN_PROJECTION_TABLES];

/* Queries of the current state. */
int vn_instruments(struct venue *v, json_t **out, struct ls_err *err);
/* The best `depth` levels each side, in lots per price, with the reference and last price and
 * the open posted quotes. */
int vn_book(struct venue *v, const char *instrument, int depth, json_t **out, struct ls_err *err);
/* The trades of an instrument, oldest first ("" for every instrument; party "" for all). */
int vn_trades(struct venue *v, const char *instrument, const char *party, json_t **out,
              struct ls_err *err);
int vn_funds(struct venue *v, const char *party, json_t **out, struct ls_err *err);
/* Posted quotes and block trades: with party "" the open posted quotes (挂牌协议), cheapest
 * first — what any buyer may take; with a party, every quote it offered or was offered (a
 * block), newest first. instrument "" for all. */
int vn_quotes(struct venue *v, const char *instrument, const char *party, json_t **out,
              struct ls_err *err);
/* A party's orders, newest first. */
int vn_orders(struct venue *v, const char *party, json_t **out, struct ls_err *err);

/* The listings as published (id "" for all, else that one): the lot, periods, deposit,
 * displayed price and number of bids, the outcome with winner and price once sold — never the
 * reserve, the leader or a losing bid. */
int vn_listings(struct venue *v, const char *id, json_t **out, struct ls_err *err);

/* A day's settlement for the bank's reconciliation (no bank is connected): every trade of
 * the date with what each side paid and received, the deposits and withdrawals recorded, and
 * per party the day's totals and net change of its money, parties in id order. */
int vn_settlement(struct venue *v, const char *date, json_t **out, struct ls_err *err);

/* The market events after ledger seq `after`, at most max, oldest first: {"cursor": the seq to
 * ask after next time, "events": [{seq, type, instrument | listing}]} — what changed, never
 * who acted (after < 0, or beyond the head: none, the cursor at the head). The page's live updates
 * (server-sent events) follow it. */
int vn_events(struct venue *v, long long after, size_t max, json_t **out, struct ls_err *err);

/* The market from one date to another (inclusive): per instrument and mode the trades, lots,
 * turnover, volume-weighted average, first, high, low and last price; the totals; the listings
 * whose period ended in it by outcome (sold, unsold, withdrawn, open). */
int vn_report(struct venue *v, const char *from, const char *to, json_t **out, struct ls_err *err);

/* The rules table as JSON (data/market/rules-2025.json), for the API and the page. */
json_t *vn_rules_json(void);

#endif
