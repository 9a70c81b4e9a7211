/*
 * venue/internal — what the venue's files share: the rules per account (rules.c), the
 * parties as the small integers the books know (parties.c), the books in memory (books.c),
 * the request being checked, and one entry per request type:
 *   submit.c        dispatch, the event, instrument, deposit, withdraw
 *   submit_order.c  order, cancel, expire: escrow, matching and settlement
 * Internal to venue/.
 */
#ifndef LS_VENUE_INTERNAL_H
#define LS_VENUE_INTERNAL_H

#include <stdint.h>

#include "base/embedded.h"
#include "market/market.h"
#include "venue/venue.h"

extern const struct ls_embedded market_builtin_rules[];

#define VN_ID_MAX    64
#define VN_FEES      "venue:fees"                  /* the account the fees are paid into */
#define VN_MONEY_MAX ((int64_t)1000000000000000LL) /* 10^13 yuan in fen: any sum fits */

struct vn_rules {
    const char *account, *zh, *en, *lot_zh, *lot_en, *basis;
    int64_t lot, tick, band_pct, fee_bps, deposit_pct, order_days_max;
    int64_t notice_days_min, listing_days_min;
    const char *modes[8];
    int nmodes;
    const char *eligible[8];
    int neligible;
    int cross_province;
    int sessions[4][2]; /* minutes after midnight, [open, close) */
    int nsessions;
};
/* The rules of an account (CCS, CRQ, …), or NULL. */
const struct vn_rules *vn_rules_find(const char *account);
int vn_rules_mode(const struct vn_rules *r, const char *mode);

/* A party's number in the books, the same for the venue's life (parties.c). */
struct vn_parties;
int vn_party_id(struct vn_parties **p, const char *party, uint32_t *id);
void vn_parties_free(struct vn_parties *p);

struct vn_book {
    char instrument[VN_ID_MAX];
    char account[8], province[4];
    const struct vn_rules *rules;
    int64_t reference, last;
    struct mk_book *book;
};

struct venue {
    struct ls_store *st;
    struct reg *reg;
    struct ind *ind;
    struct vn_book *books;
    size_t nbooks, cap;
    struct vn_parties *parties;
    long long seen; /* the ledger's head the books reflect (0: none loaded) */
};

/* The instrument's book, loaded from mkt_instrument and mkt_order on first use: 1 and *out,
 * 0 when there is no such instrument. */
int vn_book_get(struct venue *v, const char *instrument, struct vn_book **out, struct ls_err *err);

/* The request being checked, for messages. */
struct vn_ctx {
    struct venue *v;
    const char *input;
    char where[96];
    const char *date, *time;
    const struct vn_submit_opts *o;
    struct ls_err *err;
};
int vn_refuse(struct vn_ctx *c, const char *rule, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *vn_str(json_t *o, const char *k);
/* A whole number in [lo, hi] from JSON, refused by `rule` naming the field. */
int vn_int(struct vn_ctx *c, json_t *o, const char *field, int64_t lo, int64_t hi, const char *rule,
           int64_t *out);
int vn_party_check(struct vn_ctx *c, const char *party, const char *field, char kind[16]);

/* Money (fen) of a party: available and held (0, 0 when it has none yet). */
int vn_funds_of(struct venue *v, const char *party, int64_t *available, int64_t *held,
                struct ls_err *err);
/* A change of a party's money as the event records it, applied to mkt_funds. */
int vn_funds_apply(struct venue *v, const char *party, int64_t available, int64_t held,
                   struct ls_err *err);
/* Days since 1970-01-01 of a valid date YYYY-MM-DD; seconds of a date and a time HH:MM:SS
 * (the venue's clock, China Standard Time as given). */
long vn_days(const char *date);
int64_t vn_instant(const char *date, const char *time);
/* The instant t as "YYYY-MM-DDTHH:MM:SS". */
void vn_datetime_of(int64_t t, char out[24]);
/* "YYYY-MM-DDTHH:MM:SS" valid: 1, with the date and the time parts copied out. */
int vn_datetime(const char *s, char date[11], char time[9]);
int vn_date_valid(const char *s);
int vn_time_valid(const char *s);
/* The fee on an amount: floor(amount × bps / 10,000) — a sum of fees never exceeds the fee
 * of the sum, so what a bid holds always covers what its trades charge. */
int64_t vn_fee(int64_t amount, int64_t bps);

/* Request types. Each fills the event's payload and subject and may write (the indicator
 * register's escrow moves; the caller's transaction makes it all or nothing). */
int vn_sub_instrument(struct vn_ctx *c, json_t *req, json_t *payload, char *subject);
int vn_sub_funds(struct vn_ctx *c, const char *type, json_t *req, json_t *payload, char *subject);
int vn_sub_order(struct vn_ctx *c, json_t *req, json_t *payload, char *subject);
int vn_sub_cancel(struct vn_ctx *c, json_t *req, json_t *payload, char *subject);
int vn_sub_expire(struct vn_ctx *c, json_t *req, json_t *payload, char *subject);
/* 挂牌: listing, register, bid, close, auction_bid, delist (submit_listing.c). */
int vn_sub_listing(struct vn_ctx *c, const char *type, json_t *req, json_t *payload, char *subject);
int vn_project_listing(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err);
/* The money a bid of price per lot for lots holds: price × lots and the fee on it. */
int64_t vn_hold_for(int64_t price, int64_t lots, int64_t bps);
/* Units between holders in the indicator register, as the venue (escrow allowed). */
int vn_move_units(struct vn_ctx *c, const char *account, const char *province, const char *from,
                  const char *to, int64_t units);
/* Per party, the change of money an event records: added to, then listed in id order. */
void vn_funds_add(json_t *funds, const char *party, int64_t available, int64_t held);
json_t *vn_funds_list(json_t *funds);

/* Projection helpers (project.c): a statement run with its values bound — types "s" text,
 * "i" long long — and a payload's text ("" when absent) and whole numbers (0). */
int vn_exec(struct venue *v, const char *sql, const char *types, const void **vals,
            struct ls_err *err);
const char *vn_pstr(json_t *o, const char *k);
long long vn_pnum(json_t *o, const char *k);

/* The projection of an event with its payload parsed (p borrowed). */
int vn_project_payload(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err);

#endif
