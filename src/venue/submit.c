/*
 * venue/submit — a request checked against the rules and the current state, then recorded:
 * dispatch on the type, the checks every type shares (dates, times, whole numbers, parties),
 * the ledger event with its projection; and the requests that move no units: an instrument
 * opened by the trading centre, money deposited or withdrawn.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

int vn_refuse(struct vn_ctx *c, const char *rule, const char *field, const char *fmt, ...)
{
    char msg[448];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ls_err_set(c->err, LS_EINVAL, c->input, c->where, field, "rule %s: %s", rule, msg);
}

const char *vn_str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

int vn_int(struct vn_ctx *c, json_t *o, const char *field, int64_t lo, int64_t hi, const char *rule,
           int64_t *out)
{
    json_t *x = json_object_get(o, field);
    /* money and quantities are whole fen and whole units: a fraction is refused, never
     * rounded; a number too large for 64 bits arrives as a real and is refused here too */
    if (!json_is_integer(x))
        return vn_refuse(c, rule, field, "%s is a whole number from %lld to %lld", field,
                         (long long)lo, (long long)hi);
    json_int_t v = json_integer_value(x);
    if (v < lo || v > hi)
        return vn_refuse(c, rule, field, "%s is %lld, outside %lld..%lld", field, (long long)v,
                         (long long)lo, (long long)hi);
    *out = v;
    return 0;
}

int vn_party_check(struct vn_ctx *c, const char *party, const char *field, char kind[16])
{
    if (!*party || strlen(party) >= VN_ID_MAX)
        return vn_refuse(c, "party.unknown", field, "the request names no party");
    int rc = reg_party_kind(c->v->reg, party, kind, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return vn_refuse(c, "party.unknown", field, "\"%s\" is no party of the register", party);
    return 0;
}

int vn_eligible(struct vn_ctx *c, const struct vn_rules *r, const char *party, const char *field)
{
    char kind[16];
    int rc = vn_party_check(c, party, field, kind);
    if (rc)
        return rc;
    for (int i = 0; i < r->neligible; i++)
        if (r->eligible[i] && !strcmp(r->eligible[i], kind))
            return 0;
    return vn_refuse(c, "order.eligible", field, "a party of kind %s may not trade %s", kind,
                     r->account);
}

int vn_instrument(struct vn_ctx *c, const char *instrument, struct vn_book **out)
{
    int rc = vn_book_get(c->v, instrument, out, c->err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return vn_refuse(c, "order.instrument", "instrument", "no instrument \"%.32s\"",
                         instrument);
    return 0;
}

int vn_tick_lot(struct vn_ctx *c, const struct vn_rules *r, int64_t price, int64_t units,
                int64_t *lots)
{
    if (price % r->tick)
        return vn_refuse(c, "order.tick", "price",
                         "%lld fen is not a whole number of ticks of %lld fen", (long long)price,
                         (long long)r->tick);
    if (units % r->lot)
        return vn_refuse(c, "order.lot", "units",
                         "%lld units is not a whole number of lots of %lld", (long long)units,
                         (long long)r->lot);
    *lots = units / r->lot;
    return 0;
}

void vn_order_escrow(const char *instrument, long long id, char out[VN_ID_MAX])
{
    snprintf(out, VN_ID_MAX, "%s%s:%lld", IND_ESCROW, instrument, id);
}

int vn_in_session(struct vn_ctx *c, const struct vn_rules *r)
{
    int m = (int)strtol(c->time, NULL, 10) * 60 + (int)strtol(c->time + 3, NULL, 10);
    for (int i = 0; i < r->nsessions; i++)
        if (m >= r->sessions[i][0] && m < r->sessions[i][1])
            return 0;
    return vn_refuse(c, "order.closed", "time", "%s is outside the trading sessions of %s", c->time,
                     r->account);
}

int vn_request_fresh(struct vn_ctx *c, const char *party, const char *request_id)
{
    if (!*request_id)
        return 0;
    if (strlen(request_id) >= VN_ID_MAX)
        return vn_refuse(c, "request.id", "request_id", "a request id is under 64 characters");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st, "SELECT seq FROM mkt_request WHERE party = ? AND request_id = ?",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, party);
    st_bind_text(s, 2, request_id);
    rc = st_step(s, c->err);
    long long seq = rc == 1 ? st_col_int(s, 0) : 0;
    st_finalize(s);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return vn_refuse(c, "request.replayed", "request_id",
                         "request %.40s of %s was recorded already (event %lld): a replay "
                         "changes nothing",
                         request_id, party, seq);
    return 0;
}

int vn_next_trade_no(struct vn_ctx *c, const char *instrument, long long *out)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->v->st,
                        "SELECT COALESCE(MAX(trade_no), 0) FROM mkt_trade WHERE instrument_id = ?",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, instrument);
    rc = st_step(s, c->err);
    *out = rc == 1 ? st_col_int(s, 0) + 1 : 0;
    st_finalize(s);
    return rc == 1 ? 0 : rc < 0 ? rc : -LS_EINTERNAL;
}

int vn_date_valid(const char *s)
{
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

int vn_time_valid(const char *s)
{
    return strlen(s) == 8 && s[2] == ':' && s[5] == ':' && s[0] >= '0' && s[0] <= '2' &&
           s[1] >= '0' && s[1] <= '9' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
           s[6] >= '0' && s[6] <= '5' && s[7] >= '0' && s[7] <= '9' &&
           (s[0] - '0') * 10 + (s[1] - '0') < 24;
}

/* Days since 1970-01-01 of a valid date (the civil-from-days inverse, Howard Hinnant's
 * public-domain algorithm, written out here). */
int vn_datetime(const char *s, char date[11], char time[9])
{
    if (strlen(s) != 19 || s[10] != 'T')
        return 0;
    memcpy(date, s, 10);
    date[10] = 0;
    memcpy(time, s + 11, 8);
    time[8] = 0;
    return vn_date_valid(date) && vn_time_valid(time);
}

long vn_days(const char *d)
{
    long y = strtol(d, NULL, 10), m = strtol(d + 5, NULL, 10), dd = strtol(d + 8, NULL, 10);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void vn_datetime_of(int64_t t, char out[24])
{
    /* days to the civil date: the inverse of vn_days */
    long z = (long)(t / 86400) + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long sec = (long)(t % 86400);
    snprintf(out, 24, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld", y + (m <= 2), m, d, sec / 3600,
             sec / 60 % 60, sec % 60);
}

int64_t vn_instant(const char *date, const char *time)
{
    return (int64_t)vn_days(date) * 86400 + strtol(time, NULL, 10) * 3600 +
           strtol(time + 3, NULL, 10) * 60 + strtol(time + 6, NULL, 10);
}

int64_t vn_fee(int64_t amount, int64_t bps)
{
    /* amount ≤ 10^15 fen and bps ≤ 10^4: the product fits */
    return amount / 10000 * bps + amount % 10000 * bps / 10000;
}

int vn_funds_of(struct venue *v, const char *party, int64_t *available, int64_t *held,
                struct ls_err *err)
{
    *available = *held = 0;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st, "SELECT available, held FROM mkt_funds WHERE party = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, party);
    rc = st_step(s, err);
    if (rc == 1) {
        *available = st_col_int(s, 0);
        *held = st_col_int(s, 1);
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int vn_funds_apply(struct venue *v, const char *party, int64_t available, int64_t held,
                   struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(v->st,
                        "INSERT INTO mkt_funds (party, available, held) VALUES (?, ?, ?) "
                        "ON CONFLICT (party) DO UPDATE SET available = mkt_funds.available + "
                        "excluded.available, held = mkt_funds.held + excluded.held",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, party);
    st_bind_int(s, 2, available);
    st_bind_int(s, 3, held);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

/* ---- instrument: opened by the trading centre ---- */

static int instrument_id_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 32)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

int vn_sub_instrument(struct vn_ctx *c, json_t *req, json_t *payload, char *subject)
{
    const char *id = vn_str(req, "instrument"), *account = vn_str(req, "account");
    const char *province = vn_str(req, "province"), *mode = vn_str(req, "mode");
    snprintf(c->where, sizeof c->where, "instrument %.40s", id);
    if (!instrument_id_valid(id))
        return vn_refuse(c, "instrument.id", "instrument",
                         "an instrument id is 2 to 32 capitals, digits, '-' or '_'");
    const struct vn_rules *r = vn_rules_find(account);
    if (!r)
        return vn_refuse(c, "instrument.account", "account",
                         "\"%.20s\" is no indicator account the venue trades", account);
    if (*province && (strlen(province) != 2 || province[0] < '1' || province[0] > '9' ||
                      province[1] < '0' || province[1] > '9'))
        return vn_refuse(c, "instrument.province", "province", "a province is 2 digits");
    if (!*province && !r->cross_province)
        return vn_refuse(c, "instrument.province", "province",
                         "%s may not leave its province: its instrument names one", account);
    if (!vn_rules_mode(r, mode))
        return vn_refuse(c, "instrument.mode", "mode", "%s does not trade in mode \"%.20s\"",
                         account, mode);
    if (strcmp(mode, "continuous") && strcmp(mode, "call"))
        return vn_refuse(c, "instrument.mode", "mode",
                         "an instrument trades continuously or by call auction, not by \"%s\" "
                         "(a listing's mode)",
                         mode);
    if (r->band_pct < 1)
        return vn_refuse(c, "instrument.band", "mode",
                         "a continuous market needs a price band; %s has none", account);
    int64_t ref;
    int rc = vn_int(c, req, "reference_price", r->tick, VN_MONEY_MAX / 1000,
                    "instrument.reference_price", &ref);
    if (rc)
        return rc;
    if (ref % r->tick)
        return vn_refuse(c, "order.tick", "reference_price",
                         "the reference price is a whole number of ticks (%lld fen)",
                         (long long)r->tick);
    struct vn_book *b = NULL;
    if ((rc = vn_book_get(c->v, id, &b, c->err)) < 0)
        return rc;
    if (rc == 1)
        return vn_refuse(c, "instrument.exists", "instrument", "instrument %s is open already", id);
    json_object_set_new(payload, "instrument", json_string(id));
    json_object_set_new(payload, "account", json_string(account));
    json_object_set_new(payload, "province", json_string(province));
    json_object_set_new(payload, "mode", json_string(mode));
    json_object_set_new(payload, "reference_price", json_integer(ref));
    snprintf(subject, 64, "mkt-instrument:%s", id);
    return 0;
}

/* ---- deposit, withdraw: money recorded by the trading centre ---- */

int vn_sub_funds(struct vn_ctx *c, const char *type, json_t *req, json_t *payload, char *subject)
{
    const char *party = vn_str(req, "party");
    snprintf(c->where, sizeof c->where, "%s %.40s", type, party);
    char kind[16];
    int64_t amount;
    int rc = vn_party_check(c, party, "party", kind);
    if (!rc)
        rc = vn_int(c, req, "amount", 1, VN_MONEY_MAX, "funds.amount", &amount);
    if (rc)
        return rc;
    int64_t avail, held;
    if ((rc = vn_funds_of(c->v, party, &avail, &held, c->err)) != 0)
        return rc;
    int deposit = !strcmp(type, "deposit");
    /* a deposit is a bank's receipt; the venue keeps no money it cannot name */
    if (deposit && !*vn_str(req, "bank_ref"))
        return vn_refuse(c, "funds.bank_ref", "bank_ref",
                         "a deposit names the bank's receipt (bank_ref)");
    if (deposit && avail + held > VN_MONEY_MAX - amount)
        return vn_refuse(c, "funds.amount", "amount", "the balance would overflow");
    if (!deposit && amount > avail)
        return vn_refuse(c, "funds.insufficient", "amount",
                         "%s has %lld fen available (%lld held by open bids), not %lld", party,
                         (long long)avail, (long long)held, (long long)amount);
    json_object_set_new(payload, "party", json_string(party));
    json_object_set_new(payload, "amount", json_integer(amount));
    json_object_set_new(payload, "bank_ref", json_string(vn_str(req, "bank_ref")));
    json_object_set_new(payload, "funds",
                        json_pack("[{s:s, s:I, s:I}]", "party", party, "available",
                                  (json_int_t)(deposit ? amount : -amount), "held", (json_int_t)0));
    snprintf(subject, 64, "mkt-party:%.50s", party);
    return 0;
}

/* ---- dispatch and the event ---- */

static const char *const types[] = { "instrument", "deposit", "withdraw",    "order",
                                     "cancel",     "expire",  "uncross",     "quote",
                                     "take",       "unquote", "listing",     "register",
                                     "bid",        "close",   "auction_bid", "delist" };

int vn_submit(struct venue *v, json_t *req, const struct vn_submit_opts *o, const char *input,
              long long *seq, json_t **result, struct ls_err *err)
{
    if (result)
        *result = NULL;
    struct vn_ctx c = { v, input ? input : "request", "", "", "", o, err };
    if (!json_is_object(req))
        return vn_refuse(&c, "request.object", NULL, "a request is a JSON object");
    const char *type = vn_str(req, "type");
    snprintf(c.where, sizeof c.where, "%s", type);
    int known = 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        known |= !strcmp(type, types[i]);
    if (!known)
        return vn_refuse(&c, "request.type", "type",
                         "\"%.20s\" is no market request (instrument, deposit, withdraw, order, "
                         "cancel, expire, uncross, quote, take, unquote, listing, register, bid, "
                         "close, auction_bid, delist)",
                         type);
    c.date = vn_str(req, "date");
    if (!vn_date_valid(c.date))
        return vn_refuse(&c, "request.date", "date", "\"%.20s\" is not a date YYYY-MM-DD", c.date);
    c.time = *vn_str(req, "time") ? vn_str(req, "time") : "00:00:00";
    if (!vn_time_valid(c.time))
        return vn_refuse(&c, "request.time", "time", "\"%.20s\" is not a time HH:MM:SS", c.time);
    if (!o || !o->actor || !*o->actor)
        return vn_refuse(&c, "request.actor", "actor", "every request names who records it");
    json_t *payload = json_object();
    char subject[64] = "";
    int rc = !strcmp(type, "instrument") ? vn_sub_instrument(&c, req, payload, subject)
             : !strcmp(type, "order")    ? vn_sub_order(&c, req, payload, subject)
             : !strcmp(type, "cancel")   ? vn_sub_cancel(&c, req, payload, subject)
             : !strcmp(type, "expire")   ? vn_sub_expire(&c, req, payload, subject)
             : !strcmp(type, "uncross")  ? vn_sub_uncross(&c, req, payload, subject)
             : !strcmp(type, "quote") || !strcmp(type, "take") || !strcmp(type, "unquote")
                 ? vn_sub_quote(&c, type, req, payload, subject)
             : !strcmp(type, "deposit") || !strcmp(type, "withdraw")
                 ? vn_sub_funds(&c, type, req, payload, subject)
                 : vn_sub_listing(&c, type, req, payload, subject);
    char *text = rc ? NULL : json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
    if (!rc && !text)
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    if (!rc) {
        snprintf(ev.recorded, sizeof ev.recorded, "%s", o->recorded ? o->recorded : "");
        snprintf(ev.effective, sizeof ev.effective, "%s", c.date);
        snprintf(ev.actor, sizeof ev.actor, "%s", o->actor);
        snprintf(ev.type, sizeof ev.type, "market.%s", type);
        snprintf(ev.subject, sizeof ev.subject, "%s", subject);
        snprintf(ev.reason, sizeof ev.reason, "%s", vn_str(req, "reason"));
        ev.payload = text;
        rc = lg_append(v->st, &ev, err);
        if (!rc)
            rc = vn_project_payload(v, &ev, payload, err);
        /* every check passed before anything was written: a failure now is ours */
        if (rc == -LS_EINVAL || rc == -LS_ENOENT)
            rc = ls_err_set(err, LS_EINTERNAL, input, NULL, NULL,
                            "recording a checked request failed: %s", err ? err->msg : "");
    }
    free(text);
    /* the books now reflect this event (and the indicator events it wrote before it) */
    if (!rc)
        v->seen = ev.seq;
    if (!rc && seq)
        *seq = ev.seq;
    if (!rc && result) {
        json_object_set_new(payload, "seq", json_integer(ev.seq));
        json_object_set_new(payload, "type", json_string(type));
        *result = payload;
    } else
        json_decref(payload);
    return rc;
}

int vn_open(struct ls_store *st, struct reg *r, struct ind *in, struct venue **out,
            struct ls_err *err)
{
    *out = NULL;
    if (!vn_rules_find("CCS"))
        return ls_err_set(err, LS_EINTERNAL, "rules-2025", NULL, NULL,
                          "the venue's built-in rules are missing or malformed");
    struct venue *v = calloc(1, sizeof *v);
    if (!v)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    v->st = st;
    v->reg = r;
    v->ind = in;
    *out = v;
    return 0;
}

void vn_close(struct venue *v)
{
    if (!v)
        return;
    vn_forget(v);
    free(v->books);
    vn_parties_free(v->parties);
    free(v);
}
