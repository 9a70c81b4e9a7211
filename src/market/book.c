/*
 * market/book — the continuous double auction of one instrument (markets.md §3.2): an
 * incoming order trades against the best opposite level first and, within a level, the
 * earliest order first; every trade is at the resting order's price. Price levels are an
 * array over the band (QuantCup / ITCH style, §3.1), so finding a level costs nothing and the
 * best price moves by a scan over empty levels only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "market/internal.h"

int mk_refuse(struct ls_err *err, const char *rule, const char *field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ls_err_set(err, LS_EINVAL, NULL, NULL, field, "rule %s: %s", rule, msg);
}

static void levels_clear(struct mk_level *l, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        l[i] = (struct mk_level){ MK_NIL, MK_NIL, 0, 0 };
}

int mk_book_new(mk_px lo, mk_px hi, struct mk_book **out, struct ls_err *err)
{
    *out = NULL;
    if (lo < 1 || hi < lo || hi - lo >= MK_LEVELS_MAX)
        return mk_refuse(err, "book.band", "band",
                         "a book's prices are 1 tick or more and at most %d levels wide "
                         "(asked %lld..%lld)",
                         MK_LEVELS_MAX, (long long)lo, (long long)hi);
    struct mk_book *b = calloc(1, sizeof *b);
    if (!b)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for a book");
    b->lo = lo;
    b->hi = hi;
    b->nlevels = (uint32_t)(hi - lo + 1);
    b->bids = malloc(b->nlevels * sizeof *b->bids);
    b->asks = malloc(b->nlevels * sizeof *b->asks);
    b->nwords = (b->nlevels + 63) / 64;
    b->bid_bits = calloc(b->nwords, sizeof *b->bid_bits);
    b->ask_bits = calloc(b->nwords, sizeof *b->ask_bits);
    b->pool_cap = 1024;
    b->pool = malloc(b->pool_cap * sizeof *b->pool);
    b->slot_cap = 4096;
    b->slot_of = malloc(b->slot_cap * sizeof *b->slot_of);
    b->fills_cap = 64;
    b->fills = malloc(b->fills_cap * sizeof *b->fills);
    if (!b->bids || !b->asks || !b->bid_bits || !b->ask_bits || !b->pool || !b->slot_of ||
        !b->fills) {
        mk_book_free(b);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for a book of %u levels",
                          (unsigned)(hi - lo + 1));
    }
    for (uint64_t i = 0; i < b->slot_cap; i++)
        b->slot_of[i] = MK_NIL;
    levels_clear(b->bids, b->nlevels);
    levels_clear(b->asks, b->nlevels);
    for (uint32_t i = 0; i < b->pool_cap; i++)
        b->pool[i].next = i + 1 < b->pool_cap ? i + 1 : MK_NIL;
    b->pool_free = 0;
    b->best_bid = -1;
    b->best_ask = b->nlevels;
    b->next_id = 1;
    *out = b;
    return 0;
}

void mk_book_free(struct mk_book *b)
{
    if (!b)
        return;
    free(b->bids);
    free(b->asks);
    free(b->bid_bits);
    free(b->ask_bits);
    free(b->pool);
    free(b->slot_of);
    free(b->fills);
    free(b);
}

static int pool_take(struct mk_book *b, uint32_t *slot)
{
    if (b->pool_free == MK_NIL) {
        if (b->pool_cap > UINT32_MAX / 2)
            return -LS_ENOMEM;
        uint32_t cap = b->pool_cap * 2;
        struct mk_order_slot *p = realloc(b->pool, cap * sizeof *p);
        if (!p)
            return -LS_ENOMEM;
        for (uint32_t i = b->pool_cap; i < cap; i++)
            p[i].next = i + 1 < cap ? i + 1 : MK_NIL;
        b->pool = p;
        b->pool_free = b->pool_cap;
        b->pool_cap = cap;
    }
    *slot = b->pool_free;
    b->pool_free = b->pool[*slot].next;
    return 0;
}

static int fill_push(struct mk_book *b, const struct mk_fill *f)
{
    if (b->nfills == b->fills_cap) {
        struct mk_fill *x = realloc(b->fills, 2 * b->fills_cap * sizeof *x);
        if (!x)
            return -LS_ENOMEM;
        b->fills = x;
        b->fills_cap *= 2;
    }
    b->fills[b->nfills++] = *f;
    return 0;
}

static struct mk_level *side_levels(struct mk_book *b, enum mk_side side)
{
    return side == MK_BUY ? b->bids : b->asks;
}

static void bit_set(uint64_t *bits, uint32_t level, int on)
{
    if (on)
        bits[level / 64] |= 1ULL << (level % 64);
    else
        bits[level / 64] &= ~(1ULL << (level % 64));
}

/* After a level emptied: the best moves to the next level that has orders. */
static void best_settle(struct mk_book *b)
{
    if (b->best_bid >= 0 && b->bids[b->best_bid].count == 0) {
        /* the highest set bit at or below best_bid */
        int64_t w = b->best_bid / 64;
        uint64_t m = b->bid_bits[w] & (~0ULL >> (63 - b->best_bid % 64));
        while (!m && --w >= 0)
            m = b->bid_bits[w];
        b->best_bid = w < 0 ? -1 : w * 64 + 63 - __builtin_clzll(m);
    }
    if (b->best_ask < b->nlevels && b->asks[b->best_ask].count == 0) {
        /* the lowest set bit at or above best_ask */
        int64_t w = b->best_ask / 64;
        uint64_t m = b->ask_bits[w] & (~0ULL << (b->best_ask % 64));
        while (!m && ++w < b->nwords)
            m = b->ask_bits[w];
        b->best_ask = w >= b->nwords ? b->nlevels : w * 64 + __builtin_ctzll(m);
    }
}

/* Takes slot s off its level and returns it to the pool (the best is settled by the caller). */
static void unlink_slot(struct mk_book *b, uint32_t s)
{
    struct mk_order_slot *o = &b->pool[s];
    struct mk_level *l = &side_levels(b, o->side)[o->level];
    if (o->prev != MK_NIL)
        b->pool[o->prev].next = o->next;
    else
        l->head = o->next;
    if (o->next != MK_NIL)
        b->pool[o->next].prev = o->prev;
    else
        l->tail = o->prev;
    l->count--;
    l->qty -= o->qty;
    if (l->count == 0)
        bit_set(o->side == MK_BUY ? b->bid_bits : b->ask_bits, o->level, 0);
    b->slot_of[o->id] = MK_NIL;
    o->next = b->pool_free;
    b->pool_free = s;
    b->nresting--;
}

/* The incoming order against the opposite side, down to its limit level. */
static int match(struct mk_book *b, enum mk_side side, uint32_t limit, uint64_t id, uint32_t owner,
                 mk_qty *remaining, struct mk_result *res)
{
    int buy = side == MK_BUY;
    struct mk_level *opp = buy ? b->asks : b->bids;
    while (*remaining > 0) {
        int64_t best = buy ? b->best_ask : b->best_bid;
        if (buy ? best >= (int64_t)b->nlevels || best > (int64_t)limit
                : best < 0 || best < (int64_t)limit)
            break;
        struct mk_level *l = &opp[best];
        mk_px price = b->lo + best;
        uint32_t s = l->head;
        while (s != MK_NIL && *remaining > 0) {
            struct mk_order_slot *o = &b->pool[s];
            if (o->owner == owner) {
                /* self-trade prevention: the incoming remainder is cancelled, the resting
                 * order keeps its place */
                res->self_trade = 1;
                return 0;
            }
            mk_qty q = o->qty < *remaining ? o->qty : *remaining;
            struct mk_fill f = { o->id, id, o->owner, owner, price, q };
            if (fill_push(b, &f))
                return -LS_ENOMEM;
            o->qty -= q;
            l->qty -= q;
            *remaining -= q;
            res->filled += q;
            uint32_t next = o->next;
            if (o->qty == 0)
                unlink_slot(b, s);
            s = next;
        }
        if (l->count == 0)
            best_settle(b);
    }
    return 0;
}

static int rest(struct mk_book *b, enum mk_side side, uint32_t level, uint64_t id, uint32_t owner,
                mk_qty qty)
{
    uint32_t s;
    if (pool_take(b, &s))
        return -LS_ENOMEM;
    struct mk_level *l = &side_levels(b, side)[level];
    b->pool[s] = (struct mk_order_slot){ id, qty, level, l->tail, MK_NIL, owner, (uint8_t)side };
    if (l->tail != MK_NIL)
        b->pool[l->tail].next = s;
    else
        l->head = s;
    l->tail = s;
    if (l->count++ == 0)
        bit_set(side == MK_BUY ? b->bid_bits : b->ask_bits, level, 1);
    l->qty += qty;
    b->slot_of[id] = s;
    b->nresting++;
    if (side == MK_BUY && (int64_t)level > b->best_bid)
        b->best_bid = level;
    if (side == MK_SELL && (int64_t)level < b->best_ask)
        b->best_ask = level;
    return 0;
}

static int order_check(const struct mk_book *b, enum mk_side side, mk_px price, mk_qty qty,
                       enum mk_tif tif, struct ls_err *err)
{
    if (side != MK_BUY && side != MK_SELL)
        return mk_refuse(err, "order.side", "side", "an order buys or sells");
    if (tif != MK_GTC && tif != MK_IOC)
        return mk_refuse(err, "order.time_in_force", "time_in_force",
                         "an order rests (GTC) or is immediate-or-cancel (IOC)");
    if (qty < 1 || qty > MK_QTY_MAX)
        return mk_refuse(err, "order.quantity", "quantity",
                         "a quantity is 1 to %lld units (asked %lld)", (long long)MK_QTY_MAX,
                         (long long)qty);
    if (price < b->lo || price > b->hi)
        return mk_refuse(err, "order.band", "price", "%lld ticks is outside the band %lld..%lld",
                         (long long)price, (long long)b->lo, (long long)b->hi);
    return 0;
}

/* Room in slot_of for every id below `upto`; the new ones are off the book. */
static int slots_reserve(struct mk_book *b, uint64_t upto)
{
    if (upto < b->slot_cap)
        return 0;
    uint64_t cap = b->slot_cap;
    while (cap <= upto)
        cap *= 2;
    uint32_t *x = realloc(b->slot_of, cap * sizeof *x);
    if (!x)
        return -LS_ENOMEM;
    for (uint64_t i = b->slot_cap; i < cap; i++)
        x[i] = MK_NIL;
    b->slot_of = x;
    b->slot_cap = cap;
    return 0;
}

/* Matches what it can and rests (GTC) or cancels (IOC, self-trade) the remainder. */
static int arrive(struct mk_book *b, enum mk_side side, mk_px price, mk_qty qty, uint32_t owner,
                  enum mk_tif tif, uint64_t id, struct mk_result *res, struct ls_err *err)
{
    uint32_t level = (uint32_t)(price - b->lo);
    mk_qty remaining = qty;
    int rc = match(b, side, level, id, owner, &remaining, res);
    if (!rc && remaining > 0) {
        if (tif == MK_GTC && !res->self_trade) {
            rc = rest(b, side, level, id, owner, remaining);
            res->resting = remaining;
        } else
            res->cancelled = remaining;
    }
    res->nfills = b->nfills;
    if (rc)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL,
                          "out of memory in the book (the order was only partly applied)");
    return 0;
}

int mk_place(struct mk_book *b, enum mk_side side, mk_px price, mk_qty qty, uint32_t owner,
             enum mk_tif tif, struct mk_result *res, struct ls_err *err)
{
    memset(res, 0, sizeof *res);
    b->nfills = 0;
    int rc = order_check(b, side, price, qty, tif, err);
    if (rc)
        return rc;
    if (slots_reserve(b, b->next_id))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for order ids");
    uint64_t id = b->next_id++;
    b->slot_of[id] = MK_NIL;
    res->id = id;
    return arrive(b, side, price, qty, owner, tif, id, res, err);
}

static int own_resting(const struct mk_book *b, uint64_t id, uint32_t owner, uint32_t *slot,
                       struct ls_err *err)
{
    if (id == 0 || id >= b->next_id)
        return ls_err_set(err, LS_ENOENT, NULL, NULL, "order", "rule order.unknown: no order %llu",
                          (unsigned long long)id);
    if (b->slot_of[id] == MK_NIL)
        return mk_refuse(err, "order.not_resting", "order",
                         "order %llu is no longer on the book (filled, cancelled or expired)",
                         (unsigned long long)id);
    *slot = b->slot_of[id];
    if (b->pool[*slot].owner != owner)
        return mk_refuse(err, "order.owner", "order",
                         "order %llu is not this party's: only its owner may change it",
                         (unsigned long long)id);
    return 0;
}

int mk_cancel(struct mk_book *b, uint64_t id, uint32_t owner, mk_qty *left, struct ls_err *err)
{
    b->nfills = 0;
    uint32_t s;
    int rc = own_resting(b, id, owner, &s, err);
    if (rc)
        return rc;
    if (left)
        *left = b->pool[s].qty;
    unlink_slot(b, s);
    best_settle(b);
    return 0;
}

int mk_amend(struct mk_book *b, uint64_t id, uint32_t owner, mk_px price, mk_qty qty,
             struct mk_result *res, struct ls_err *err)
{
    memset(res, 0, sizeof *res);
    b->nfills = 0;
    uint32_t s;
    int rc = own_resting(b, id, owner, &s, err);
    if (!rc)
        rc = order_check(b, (enum mk_side)b->pool[s].side, price, qty, MK_GTC, err);
    if (rc)
        return rc;
    struct mk_order_slot *o = &b->pool[s];
    res->id = id;
    if (price - b->lo == o->level && qty <= o->qty) {
        /* a smaller quantity at the same price keeps the order's place */
        side_levels(b, o->side)[o->level].qty -= o->qty - qty;
        res->cancelled = o->qty - qty;
        o->qty = qty;
        res->resting = qty;
        return 0;
    }
    enum mk_side side = (enum mk_side)o->side;
    unlink_slot(b, s);
    best_settle(b);
    return arrive(b, side, price, qty, owner, MK_GTC, id, res, err);
}

int mk_restore(struct mk_book *b, uint64_t id, enum mk_side side, mk_px price, mk_qty qty,
               uint32_t owner, struct ls_err *err)
{
    int rc = order_check(b, side, price, qty, MK_GTC, err);
    if (rc)
        return rc;
    if (id == 0 || id > UINT64_MAX / 4)
        return mk_refuse(err, "order.id", "order", "an order id is 1 or more");
    if (slots_reserve(b, id))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for order ids");
    if (id < b->next_id && b->slot_of[id] != MK_NIL)
        return mk_refuse(err, "order.id", "order", "order %llu is on the book already",
                         (unsigned long long)id);
    if (id >= b->next_id)
        b->next_id = id + 1;
    if (rest(b, side, (uint32_t)(price - b->lo), id, owner, qty))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for the book");
    return 0;
}

int mk_set_next_id(struct mk_book *b, uint64_t next, struct ls_err *err)
{
    if (next < b->next_id)
        return mk_refuse(err, "order.id", "order",
                         "the next order id %llu is below one already given",
                         (unsigned long long)next);
    if (slots_reserve(b, next))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory for order ids");
    b->next_id = next;
    return 0;
}

uint64_t mk_next_id(const struct mk_book *b)
{
    return b->next_id;
}

const struct mk_fill *mk_book_fills(const struct mk_book *b, size_t *n)
{
    *n = b->nfills;
    return b->fills;
}

int mk_order(const struct mk_book *b, uint64_t id, struct mk_order_view *out)
{
    if (id == 0 || id >= b->next_id || b->slot_of[id] == MK_NIL)
        return 0;
    const struct mk_order_slot *o = &b->pool[b->slot_of[id]];
    *out =
        (struct mk_order_view){ o->id, o->owner, (enum mk_side)o->side, b->lo + o->level, o->qty };
    return 1;
}

size_t mk_book_count(const struct mk_book *b)
{
    return b->nresting;
}

/* Levels of a side from the best outward: calls back per non-empty level until it says stop. */
static size_t
levels_walk(const struct mk_book *b, enum mk_side side,
            int (*visit)(const struct mk_book *, const struct mk_level *, mk_px, void *), void *ctx)
{
    size_t n = 0;
    if (side == MK_BUY) {
        for (int64_t i = b->best_bid; i >= 0; i--)
            if (b->bids[i].count && (n++, visit(b, &b->bids[i], b->lo + i, ctx)))
                break;
    } else {
        for (int64_t i = b->best_ask; i < (int64_t)b->nlevels; i++)
            if (b->asks[i].count && (n++, visit(b, &b->asks[i], b->lo + i, ctx)))
                break;
    }
    return n;
}

struct depth_ctx {
    struct mk_level_view *out;
    size_t n, max;
};

static int depth_visit(const struct mk_book *b, const struct mk_level *l, mk_px price, void *ctx)
{
    (void)b;
    struct depth_ctx *d = ctx;
    if (d->n == d->max)
        return 1;
    d->out[d->n++] = (struct mk_level_view){ price, l->qty, l->count };
    return d->n == d->max;
}

size_t mk_depth(const struct mk_book *b, enum mk_side side, struct mk_level_view *out, size_t max)
{
    struct depth_ctx d = { out, 0, max };
    if (max)
        levels_walk(b, side, depth_visit, &d);
    return d.n;
}

struct orders_ctx {
    struct mk_order_view *out;
    size_t n, max;
};

static int orders_visit(const struct mk_book *b, const struct mk_level *l, mk_px price, void *ctx)
{
    struct orders_ctx *d = ctx;
    for (uint32_t s = l->head; s != MK_NIL && d->n < d->max; s = b->pool[s].next) {
        const struct mk_order_slot *o = &b->pool[s];
        d->out[d->n++] =
            (struct mk_order_view){ o->id, o->owner, (enum mk_side)o->side, price, o->qty };
    }
    return d->n == d->max;
}

size_t mk_orders(const struct mk_book *b, enum mk_side side, struct mk_order_view *out, size_t max)
{
    struct orders_ctx d = { out, 0, max };
    if (max)
        levels_walk(b, side, orders_visit, &d);
    return d.n;
}
