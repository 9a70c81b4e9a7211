/*
 * market/internal — the book's layout, shared by its files. Internal to market/.
 *
 * Orders live in one pool (an array with a free list) and are linked in time order within
 * their price level; levels are an array indexed by price - lo. An order's id is its place in
 * the sequence of orders the book was given (1, 2, …), so a replay of the same operations
 * gives the same ids; slot_of maps an id to its pool slot (MK_NIL once it left the book).
 */
#ifndef LS_MARKET_INTERNAL_H
#define LS_MARKET_INTERNAL_H

#include "market/market.h"

#define MK_NIL UINT32_MAX

struct mk_order_slot {
    uint64_t id;
    mk_qty qty;
    uint32_t level; /* price - lo */
    uint32_t prev, next;
    uint32_t owner;
    uint8_t side;
};

struct mk_level {
    uint32_t head, tail;
    uint32_t count;
    mk_qty qty;
};

struct mk_book {
    mk_px lo, hi;
    uint32_t nlevels;
    struct mk_level *bids, *asks;
    /* a bit per level that has orders (64 levels a word), so the best moves over empty
     * stretches of a thin book a word at a time */
    uint64_t *bid_bits, *ask_bits;
    uint32_t nwords;
    /* the best bid level (or -1) and the best ask level (or nlevels) */
    int64_t best_bid, best_ask;
    struct mk_order_slot *pool;
    uint32_t pool_cap, pool_free, nresting;
    uint32_t *slot_of; /* by id */
    uint64_t next_id, slot_cap;
    struct mk_fill *fills;
    size_t nfills, fills_cap;
};

/* Exact products and sums of quantities (10^15 × 10^15 fits). */
__extension__ typedef __int128 mk_wide;

/* Checks the bids of an auction (side, price, quantity) and sets filled to 0; `what` names
 * them in a refusal ("bid", "order"). */
int mk_bids_check(struct mk_bid *bids, size_t n, int both_sides, const char *what,
                  struct ls_err *err);

/* An order's priority key: sorting these, not the orders, keeps the caller's array in place. */
struct mk_key {
    mk_px price;
    uint64_t seq;
    size_t i;
};
/* qsort orders: bids the highest price first, asks the lowest; then the lowest seq */
int mk_bid_first(const void *a, const void *b);
int mk_ask_first(const void *a, const void *b);

int mk_refuse(struct ls_err *err, const char *rule, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
