/*
 * venue/internal — what the venue's files share: the rules per account (rules.c), the
 * parties as the small integers the books know (parties.c), the books in memory (books.c),
 * the request being checked, and one entry per request type:
 *   submit.c        dispatch, the event, instrument, deposit, withdraw
 *   submit_order.c  order, cancel, expire: escrow, matching and settlement
 *   submit_quote.c  quote, take, unquote: posted quotes and block trades
 *   submit_listing.c, submit_tender.c, listing.c, project_listing.c: listings and tenders
 * Internal to venue/.
 */
#ifndef LS_VENUE_INTERNAL_H
#define LS_VENUE_INTERNAL_H

#include <stdint.h>

#include "base/embedded.h"
#include "bundle/bundle.h"
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
    int64_t block_band_pct, block_min_lots; /* 大宗协议: its band, its least size */
    const char *modes[8];
    int nmodes;
    const char *eligible[8];
    int neligible;
    int cross_province;
    int graded;         /* a listing may ask for units of quality grade 1..max_grade only */
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
    int call; /* a call market (集合竞价): orders wait for the next uncross, off the book */
    struct mk_book *book; /* a call market's numbers its orders only */
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
/* A call market's uncross (submit_call.c). */
int vn_sub_uncross(struct vn_ctx *c, json_t *req, json_t *payload, char *subject);
/* What an uncross now would do: the price (0: no trade) and the lots. */
int vn_call_indicative(struct venue *v, const struct vn_book *b, int64_t *price, int64_t *lots,
                       struct ls_err *err);
/* 挂牌: listing, register, bid, close, auction_bid, delist (submit_listing.c); a listing's
 * mode is listing (挂牌, perhaps then an on-site auction), sealed (招标) or uniform; its lot is
 * indicator units of an account, or one registry right (account RIGHT). */
int vn_sub_listing(struct vn_ctx *c, const char *type, json_t *req, json_t *payload, char *subject);
int vn_project_listing(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err);

struct vn_listing {
    char id[VN_ID_MAX], account[8], province[4], seller[VN_ID_MAX], state[16], mode[12];
    char right[VN_ID_MAX], bundle[VN_ID_MAX]; /* what a RIGHT listing sells: one, or a bundle */
    char open_at[20], close_at[20], auction_close_at[20], leader[VN_ID_MAX];
    int64_t units, lots, start, increment, reserve, deposit, current, bids;
    const struct vn_rules *rules;
};
/* listing.c: the listing as recorded (refused "listing.unknown" when there is none); a
 * registered bidder's hold, best bid and its lots: 1 registered, 0 not. */
int vn_listing_get(struct vn_ctx *c, const char *id, struct vn_listing *l);
int vn_listing_bidder(struct vn_ctx *c, const char *id, const char *party, int64_t *hold,
                      int64_t *best, int64_t *lots);
/* The seconds of "YYYY-MM-DDTHH:MM:SS" (0 when malformed). */
int64_t vn_at(const char *datetime);
/* Where a listing's units wait: escrow:<listing>:L. */
void vn_listing_escrow(const char *id, char out[VN_ID_MAX]);
/* A winner's lots at price per lot, delivery versus payment: the units from the escrow (or
 * the right by a transfer registration), the money from its hold less the fee, the rest of
 * its hold released; the trade appended to trades. */
int vn_listing_award(struct vn_ctx *c, const struct vn_listing *l, const char *winner,
                     int64_t price, int64_t lots, json_t *trades, json_t *funds);
/* Every bidder that is not a key of `winners` gets its hold back. */
int vn_listing_release(struct vn_ctx *c, const struct vn_listing *l, json_t *winners,
                       json_t *funds);
/* Lots not sold go back to the seller (a right never left its holder). */
int vn_listing_return(struct vn_ctx *c, const struct vn_listing *l, int64_t lots);
/* Sealed tenders and uniform-price auctions (submit_tender.c): a bid, and the close. */
int vn_tender_bid(struct vn_ctx *c, const struct vn_listing *l, json_t *req, json_t *payload,
                  json_t *funds);
int vn_tender_close(struct vn_ctx *c, const struct vn_listing *l, json_t *payload, json_t *funds);
/* Posted quotes (挂牌协议) and block trades (大宗协议): quote, take, unquote (submit_quote.c). */
int vn_sub_quote(struct vn_ctx *c, const char *type, json_t *req, json_t *payload, char *subject);
int vn_project_quote(struct venue *v, const struct lg_event *ev, json_t *p, struct ls_err *err);
/* The open quotes of an instrument that expired before the request's date: their units back to
 * the seller, each appended to expired. */
int vn_quotes_expire(struct vn_ctx *c, const struct vn_book *b, json_t *expired);
/* A trade as the event records it, inserted into mkt_trade (project.c). */
int vn_trade_insert(struct venue *v, const struct lg_event *ev, const char *instrument,
                    const char *mode, const char *time, json_t *t, struct ls_err *err);
/* The instrument's next trade number. */
int vn_next_trade_no(struct vn_ctx *c, const char *instrument, long long *out);
/* A request id of a party not used before (refused "request.replayed"). */
int vn_request_fresh(struct vn_ctx *c, const char *party, const char *request_id);
/* The instrument a request names, as vn_book_get; none is refused "order.instrument". */
int vn_instrument(struct vn_ctx *c, const char *instrument, struct vn_book **out);
/* A price in whole ticks and units in whole lots of the rules (refused "order.tick",
 * "order.lot"); *lots the lots. */
int vn_tick_lot(struct vn_ctx *c, const struct vn_rules *r, int64_t price, int64_t units,
                int64_t *lots);
/* Where an order's or a quote's units wait: escrow:<instrument>:<id> (one numbering). */
void vn_order_escrow(const char *instrument, long long id, char out[VN_ID_MAX]);
/* The session check (refused "order.closed"). */
int vn_in_session(struct vn_ctx *c, const struct vn_rules *r);
/* A party's eligibility for an account (refused "order.eligible"). */
int vn_eligible(struct vn_ctx *c, const struct vn_rules *r, const char *party, const char *field);
/* The money a bid of price per lot for lots holds: price × lots and the fee on it. */
int64_t vn_hold_for(int64_t price, int64_t lots, int64_t bps);
/* Units between holders in the indicator register, as the venue (escrow allowed); the
 * graded form takes only units of quality grade 1..max_grade (0: any). */
int vn_move_units(struct vn_ctx *c, const char *account, const char *province, const char *from,
                  const char *to, int64_t units);
int vn_move_graded(struct vn_ctx *c, const char *account, const char *province, const char *from,
                   const char *to, int64_t units, int max_grade);
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
