/*
 * market — the trading venue's engines (自然资源资产交易平台, markets.md §3): the clearing
 * rule of every trading mode, in memory, with no I/O, so that the ledger (the journal) can
 * replay them and the tests can hold them against a naive matcher.
 *
 *   book     continuous double auction of one instrument (sink credits): price-time
 *            priority, a trade at the resting order's price, over an array of price levels
 *            (the price band in ticks); place (GTC or IOC), cancel, amend; an order never
 *            trades with its owner's own (the incoming remainder is cancelled);
 *   call     集合竞价: the one price that maximises volume, with the published tie rules;
 *   uniform  uniform-price sealed multi-unit auction: the lowest accepted bid sets the price,
 *            pro rata at the margin;
 *   sealed   sealed first-price tender: the highest bid at or above the reserve wins;
 *   english  ascending auction with reserve, increment and an extension on late bids;
 *   listing  挂牌: bid forms during the listing period; at its close one bidder at or above the
 *            reserve is a deal, several go to an on-site (English) auction.
 *
 * Prices are integer ticks and quantities integer base units (markets.md §0.2): the rules
 * layer turns yuan and lots into them. Owners are small integers the caller maps to parties.
 * A refusal is LS_EINVAL naming the rule ("rule order.band: …") and changes nothing.
 *
 * Ownership: mk_book_new allocates the book, mk_book_free releases it; the fills of the last
 * operation belong to the book and are valid until its next operation. The clearing
 * functions write into arrays the caller provides.
 */
#ifndef LS_MARKET_H
#define LS_MARKET_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef int64_t mk_px;  /* price in ticks */
typedef int64_t mk_qty; /* quantity in base units (or lots, as the rules layer chooses) */

/* the largest quantity of one order: sums of a level or a clearing stay far below INT64_MAX */
#define MK_QTY_MAX ((mk_qty)1000000000000000LL) /* 10^15 */
/* the widest price array one book keeps (its band in ticks) */
#define MK_LEVELS_MAX 10000000

enum mk_side { MK_BUY = 0, MK_SELL = 1 };
enum mk_tif {
    MK_GTC = 0, /* rests until filled, cancelled or expired by the venue */
    MK_IOC = 1  /* what does not fill at once is cancelled */
};

/* ---- book: continuous double auction ---- */

struct mk_book;

struct mk_fill {
    uint64_t maker, taker;             /* order ids */
    uint32_t maker_owner, taker_owner; /* owners */
    mk_px price;                       /* the resting (maker) order's price */
    mk_qty qty;
};

/* What one place or amend did to the incoming order. */
struct mk_result {
    uint64_t id;      /* the order's id (a new id for a place; the same for an amend) */
    mk_qty filled;    /* traded at once */
    mk_qty resting;   /* left on the book */
    mk_qty cancelled; /* an IOC remainder, or what self-trade prevention cancelled */
    size_t nfills;    /* fills in mk_book_fills */
    int self_trade;   /* 1 when it met its owner's own order and stopped there */
};

/* A book of prices lo..hi ticks inclusive (its band). */
int mk_book_new(mk_px lo, mk_px hi, struct mk_book **out, struct ls_err *err);
void mk_book_free(struct mk_book *b);

int mk_place(struct mk_book *b, enum mk_side side, mk_px price, mk_qty qty, uint32_t owner,
             enum mk_tif tif, struct mk_result *res, struct ls_err *err);
/* Cancels an order of owner's; *left (may be NULL) is what it still had. */
int mk_cancel(struct mk_book *b, uint64_t id, uint32_t owner, mk_qty *left, struct ls_err *err);
/* A new price or quantity for a resting order. Reducing the quantity at the same price keeps
 * its place in the queue; a new price, or more quantity, loses it (and may trade at once). */
int mk_amend(struct mk_book *b, uint64_t id, uint32_t owner, mk_px price, mk_qty qty,
             struct mk_result *res, struct ls_err *err);

const struct mk_fill *mk_book_fills(const struct mk_book *b, size_t *n);

/* Rebuilding a book from its stored orders: each resting order put back with its id, at the
 * tail of its level (so the caller restores them in queue order), and the id the next order
 * will get. Nothing trades. */
int mk_restore(struct mk_book *b, uint64_t id, enum mk_side side, mk_px price, mk_qty qty,
               uint32_t owner, struct ls_err *err);
int mk_set_next_id(struct mk_book *b, uint64_t next, struct ls_err *err);
uint64_t mk_next_id(const struct mk_book *b);

struct mk_order_view {
    uint64_t id;
    uint32_t owner;
    enum mk_side side;
    mk_px price;
    mk_qty qty;
};
/* 1 and *out when id rests on the book, 0 when it does not. */
int mk_order(const struct mk_book *b, uint64_t id, struct mk_order_view *out);

struct mk_level_view {
    mk_px price;
    mk_qty qty;
    uint32_t orders;
};
/* The best `max` levels of a side, best first; returns how many. */
size_t mk_depth(const struct mk_book *b, enum mk_side side, struct mk_level_view *out, size_t max);
/* Every resting order of a side, best price first and in time order within a price;
 * returns how many were written (at most max). */
size_t mk_orders(const struct mk_book *b, enum mk_side side, struct mk_order_view *out, size_t max);
size_t mk_book_count(const struct mk_book *b); /* resting orders */

/* ---- the auctions: each order or bid as submitted ---- */

struct mk_bid {
    enum mk_side side; /* call auction: both; the others: MK_BUY */
    mk_px price;
    mk_qty qty;
    uint64_t seq;  /* time priority: the lower came first (unique) */
    mk_qty filled; /* written by the clearing */
};

struct mk_clearing {
    mk_px price;   /* the clearing price (0 when no deal) */
    mk_qty volume; /* units traded */
    int deal;      /* 0: no deal */
};

/* 集合竞价 over n orders (both sides): the price that maximises volume; every bid above it
 * and every ask below it fills; at it one side fills whole; of several such prices, the one
 * nearest `reference` (the previous close), the lower when two are as near. Fills by price
 * then time priority. */
int mk_call_auction(struct mk_bid *orders, size_t n, mk_px reference, struct mk_clearing *out,
                    struct ls_err *err);

/* Uniform-price sealed auction of `supply` units with a reserve: bids at or above the reserve,
 * highest first, until the supply is gone; the lowest accepted bid is the price every winner
 * pays; the bids at that price share what is left pro rata (the units a pro-rata floor leaves
 * go one each by the largest remainder, then the earliest bid). */
int mk_uniform_auction(struct mk_bid *bids, size_t n, mk_qty supply, mk_px reserve,
                       struct mk_clearing *out, struct ls_err *err);

/* Sealed first-price tender of one lot: the highest bid at or above the reserve wins and pays
 * its bid; equal bids go to the earliest. *winner is its index, or -1 with no deal. */
int mk_sealed_first_price(const struct mk_bid *bids, size_t n, mk_px reserve, long *winner,
                          struct mk_clearing *out, struct ls_err *err);

/* ---- ascending (English) auction: one lot, outcry in increments ---- */

struct mk_english {
    mk_px start, increment, reserve;
    int64_t close;  /* deadline (seconds, the venue's clock) */
    int64_t extend; /* a bid in the last `extend` seconds moves the close to bid time + extend */
    mk_px current;  /* the leading bid (0 before the first) */
    uint32_t leader;
    int bids;
};
int mk_english_open(struct mk_english *a, mk_px start, mk_px increment, mk_px reserve,
                    int64_t close, int64_t extend, struct ls_err *err);
/* A bid must be at least the start (the first) or the leading bid plus the increment, before
 * the close, by anyone but the leader. */
int mk_english_bid(struct mk_english *a, uint32_t bidder, mk_px price, int64_t now,
                   struct ls_err *err);
/* At or after the close: a deal when the leading bid reaches the reserve. */
int mk_english_result(const struct mk_english *a, int64_t now, struct mk_clearing *out,
                      uint32_t *winner, struct ls_err *err);

/* ---- 挂牌 listing: bid forms (报价单) over the listing period ---- */

struct mk_listing {
    mk_px start, increment, reserve; /* the reserve (底价) is confidential */
    int64_t open, close;             /* the listing period (seconds) */
    mk_px current;                   /* the displayed price: the highest bid form (0 before) */
    uint32_t leader;
    uint64_t leader_seq;
    int bids;
};
int mk_listing_open(struct mk_listing *l, mk_px start, mk_px increment, mk_px reserve, int64_t open,
                    int64_t close, struct ls_err *err);
/* A bid form within the period: the first at least the start price, each later one at least
 * the displayed price plus the increment (a form at the start price by a second bidder before
 * any raise is a tie, which goes to the earliest). */
int mk_listing_bid(struct mk_listing *l, uint32_t bidder, mk_px price, uint64_t seq, int64_t now,
                   struct ls_err *err);
enum mk_listing_outcome {
    MK_LISTING_NO_DEAL = 0,   /* no bid, or the best below the reserve */
    MK_LISTING_DEAL = 1,      /* the leader's bid at or above the reserve */
    MK_LISTING_TO_AUCTION = 2 /* several bidders still bidding: an on-site auction */
};
/* At the close: `still_bidding` is how many bidders declared they would raise (the host asks
 * at the deadline); two or more send the lot to an on-site auction from the displayed price
 * (*auction opened for it, closing at `auction_close`). */
int mk_listing_close(const struct mk_listing *l, int64_t now, int still_bidding,
                     int64_t auction_close, enum mk_listing_outcome *outcome,
                     struct mk_clearing *out, struct mk_english *auction, struct ls_err *err);

#endif
