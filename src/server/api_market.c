/*
 * server/api_market — the trading venue over HTTP (app/market). The public reads the rules,
 * the instruments, a book's depth and the trades (price, lots and time: who traded is not
 * published); a trader reads its own party's account and places and cancels that party's
 * orders, and registers and bids for listings (market.trade); the trading centre opens
 * instruments, records money, expires the day's orders, lists lots, closes and withdraws
 * listings, and reads any account (market.operate). Listings are published as notices: the
 * lot, its periods, deposit and displayed price, and the winner and price once sold. A refusal
 * answers 422 naming the rule and the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/auth.h"
#include "app/market.h"
#include "server/app.h"

typedef int (*mkt_read)(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err);

static void with_market(struct http_req *r, struct http_resp *w, mkt_read fn)
{
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct app_market m = { wk->st, wk->reg, wk->ind, wk->venue };
    struct ls_err err = { 0 };
    json_t *out = NULL;
    int rc = fn(&m, r, &out, &err);
    srv_worker_give(app, wk);
    if (rc)
        srv_error(w, &err);
    else
        http_resp_json(w, 200, out);
}

static int rules(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err)
{
    (void)m, (void)r;
    *out = vn_rules_json();
    return *out ? 0 : ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL, "no market rules");
}

static int instruments(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err)
{
    (void)r;
    json_t *a = NULL;
    int rc = app_market_instruments(m, &a, err);
    if (!rc)
        *out = json_pack("{s:o}", "instruments", a);
    return rc;
}

static int book(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err)
{
    const char *d = http_query(r, "depth");
    int depth = d ? (int)strtol(d, NULL, 10) : 10;
    if (depth < 1 || depth > 1000)
        return ls_err_set(err, LS_EINVAL, "query", NULL, "depth", "depth is 1 to 1000");
    return app_market_book(m, r->params[0], depth, out, err);
}

/* published: the price, the lots and the time of each trade; who traded is the parties' */
static int trades(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err)
{
    json_t *a = NULL;
    int rc = app_market_trades(m, r->params[0], "", &a, err);
    if (rc)
        return rc;
    json_t *pub = json_array(), *t;
    size_t i;
    json_array_foreach(a, i, t)
    {
        json_array_append_new(
            pub, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "trade_no",
                           json_object_get(t, "trade_no"), "date", json_object_get(t, "date"),
                           "time", json_object_get(t, "time"), "price", json_object_get(t, "price"),
                           "lots", json_object_get(t, "lots"), "amount",
                           json_object_get(t, "amount"), "mode", json_object_get(t, "mode")));
    }
    json_decref(a);
    *out = json_pack("{s:s, s:o}", "instrument", r->params[0], "trades", pub);
    return 0;
}

/* a trader sees its own party's account; the centre sees any */
static int may_see(const struct http_req *r, const char *party)
{
    return app_auth_allows(r->user.role, "market.operate") ||
           (r->user.party[0] && !strcmp(r->user.party, party));
}

static int account(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err)
{
    json_t *acct = NULL, *tr = NULL;
    int rc = app_market_account(m, r->params[0], &acct, err);
    if (!rc)
        rc = app_market_trades(m, "", r->params[0], &tr, err);
    if (rc) {
        json_decref(acct);
        return rc;
    }
    json_object_set_new(acct, "trades", tr);
    *out = acct;
    return 0;
}

static int listings(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err)
{
    (void)r;
    json_t *a = NULL;
    int rc = app_market_listings(m, "", &a, err);
    if (!rc)
        *out = json_pack("{s:o}", "listings", a);
    return rc;
}

static int listing(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err)
{
    return app_market_listings(m, r->params[0], out, err);
}

static int report(struct app_market *m, struct http_req *r, json_t **out, struct ls_err *err)
{
    const char *from = http_query(r, "from"), *to = http_query(r, "to");
    return app_market_report(m, from ? from : "", to ? to : "", out, err);
}

void api_market_report(struct http_req *r, struct http_resp *w)
{
    with_market(r, w, report);
}
void api_market_listings(struct http_req *r, struct http_resp *w)
{
    with_market(r, w, listings);
}
void api_market_listing(struct http_req *r, struct http_resp *w)
{
    with_market(r, w, listing);
}

void api_market_rules(struct http_req *r, struct http_resp *w)
{
    with_market(r, w, rules);
}
void api_market_instruments(struct http_req *r, struct http_resp *w)
{
    with_market(r, w, instruments);
}
void api_market_book(struct http_req *r, struct http_resp *w)
{
    with_market(r, w, book);
}
void api_market_trades(struct http_req *r, struct http_resp *w)
{
    with_market(r, w, trades);
}
void api_market_account(struct http_req *r, struct http_resp *w)
{
    if (!may_see(r, r->params[0])) {
        http_resp_error(w, 403, "forbidden", "party",
                        "%s acts for %s, not for %s: an account is its party's and the "
                        "trading centre's to read",
                        r->user.username, r->user.party[0] ? r->user.party : "no party",
                        r->params[0]);
        return;
    }
    with_market(r, w, account);
}

/* The body: one request or a list; each of a type in `types` and, when party is given,
 * naming that party. 0 when it passes, else the answer is written. */
static json_t *body_checked(struct http_req *r, struct http_resp *w, const char *const *types,
                            const char *party)
{
    json_error_t je;
    json_t *req = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!req) {
        if (!r->body)
            http_resp_error(w, 400, "invalid_json", "body",
                            "the body is one request (a JSON object) or a non-empty list");
        else
            http_resp_error(w, 400, "invalid_json", "body",
                            "malformed JSON at line %d column %d: %s", je.line, je.column, je.text);
        return NULL;
    }
    json_t *list = json_is_array(req) ? req : NULL;
    size_t n = list ? json_array_size(list) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *o = list ? json_array_get(list, i) : req;
        const char *type = json_string_value(json_object_get(o, "type"));
        int ok = 0;
        for (int k = 0; type && types[k]; k++)
            ok |= !strcmp(type, types[k]);
        const char *who = json_string_value(json_object_get(o, "party"));
        if (!ok || (party && (!who || strcmp(who, party)))) {
            http_resp_error(w, 403, "forbidden", ok ? "party" : "type",
                            ok ? "request %zu is not %s's" : "request %zu: not a %s request", i + 1,
                            ok ? party : (party ? "trader's" : "trading centre's"));
            json_decref(req);
            return NULL;
        }
    }
    return req;
}

/* The trader's request: its own party's, of a trader's type, timed by the venue's clock.
 * NULL when w already holds the refusal. */
static json_t *party_request(struct http_req *r, struct http_resp *w)
{
    const char *party = r->params[0];
    if (!r->user.party[0] || strcmp(r->user.party, party)) {
        http_resp_error(w, 403, "forbidden", "party",
                        "%s acts for %s, not for %s: a trader orders for its own party",
                        r->user.username, r->user.party[0] ? r->user.party : "no party", party);
        return NULL;
    }
    static const char *const types[] = { "order",    "cancel", "quote",       "take", "unquote",
                                         "register", "bid",    "auction_bid", NULL };
    json_t *req = body_checked(r, w, types, party);
    if (!req)
        return NULL;
    /* time priority is the venue's: each request is stamped with the server's clock in China
     * Standard Time (UTC+8, no summer time), whatever the trader's machine says */
    const struct srv_app *app = r->app;
    if (!app->cfg.market_clock_requests) {
        time_t now = time(NULL) + 8 * 3600;
        struct tm tm;
        gmtime_r(&now, &tm);
        char date[16], clock[16];
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
        strftime(clock, sizeof clock, "%H:%M:%S", &tm);
        size_t n = json_is_array(req) ? json_array_size(req) : 1;
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_is_array(req) ? json_array_get(req, i) : req;
            json_object_set_new(o, "date", json_string(date));
            json_object_set_new(o, "time", json_string(clock));
        }
    }
    return req;
}

/* The trading centre's request: instruments, money, expiry, listings. */
static json_t *centre_request(struct http_req *r, struct http_resp *w)
{
    static const char *const types[] = { "instrument", "deposit", "withdraw", "expire", "uncross",
                                         "listing",    "close",   "delist",   NULL };
    return body_checked(r, w, types, NULL);
}

/* The requests that pass their checks go to the venue together: one transaction, a savepoint
 * each, one durable commit (group commit); each gets its own answer. */
static void apply_group(struct http_req **r, struct http_resp **w, size_t n,
                        json_t *(*check)(struct http_req *, struct http_resp *))
{
    struct app_market_item *items = calloc(n, sizeof *items);
    size_t *from = calloc(n, sizeof *from);
    if (!items || !from) {
        for (size_t i = 0; i < n; i++)
            http_resp_error(w[i], 503, "busy", NULL, "out of memory");
        free(items);
        free(from);
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *req = check(r[i], w[i]);
        if (!req)
            continue;
        items[k].requests = req;
        items[k].actor = r[i]->user.username;
        from[k++] = i;
    }
    if (k) {
        struct srv_worker *wk = srv_worker_writer(r[0]->app);
        struct app_market m = { wk->st, wk->reg, wk->ind, wk->venue };
        struct ls_err err = { 0 };
        app_market_apply_group(&m, items, k, "request", &err);
    }
    for (size_t j = 0; j < k; j++) {
        struct http_resp *wj = w[from[j]];
        json_decref(items[j].requests);
        if (items[j].rc) {
            srv_refusal(wj, items[j].rc, &items[j].err);
        } else {
            json_object_set_new(items[j].out, "actor", json_string(r[from[j]]->user.username));
            http_resp_json(wj, 201, items[j].out);
        }
    }
    free(items);
    free(from);
}

/* POST /api/v1/market/accounts/{party}/requests: the party's own orders and cancels, by a
 * trader acting for it; grouped. */
void api_market_party_requests_group(struct http_req **r, struct http_resp **w, size_t n)
{
    apply_group(r, w, n, party_request);
}

/* POST /api/v1/market/requests: the trading centre's instruments, money and expiry; grouped
 * with the traders' so that the venue sees one order of arrival. */
void api_market_requests_group(struct http_req **r, struct http_resp **w, size_t n)
{
    apply_group(r, w, n, centre_request);
}

/* GET /api/v1/market/events: server-sent events (text/event-stream). The first request gets
 * the cursor (event "hello", its id the ledger's head); one with Last-Event-ID (or ?after=N)
 * waits until a market event follows it, then gets every one as an event "market" whose id is
 * its ledger seq and whose data says what changed (type, instrument or listing — never who),
 * or after about 12 s an "idle" event. The response then ends and the browser's EventSource
 * comes back after the `retry` it was given, with the last id it saw. */
void api_market_events(struct http_req *r, struct http_resp *w)
{
    const char *from = http_header(r, "Last-Event-ID");
    if (!from)
        from = http_query(r, "after");
    long long after = -1;
    if (from && *from) {
        char *end = NULL;
        after = strtoll(from, &end, 10);
        if (*end || after < 0) {
            http_resp_error(w, 400, "invalid", "Last-Event-ID",
                            "an event id is the ledger seq of the last event seen");
            return;
        }
    }
    struct srv_app *app = r->app;
    struct srv_worker *wk = srv_worker_take(app);
    struct app_market m = { wk->st, wk->reg, wk->ind, wk->venue };
    struct ls_err err = { 0 };
    json_t *out = NULL;
    int rc = app_market_events(&m, after, &out, &err);
    srv_worker_give(app, wk);
    if (rc) {
        srv_refusal(w, rc, &err);
        return;
    }
    json_t *events = json_object_get(out, "events");
    long long cursor = (long long)json_integer_value(json_object_get(out, "cursor"));
    if (!json_array_size(events) && after >= 0 && cursor == after && !r->final) {
        json_decref(out);
        w->wait = 1;
        return;
    }
    size_t cap = 256 + 256 * json_array_size(events), n = 0;
    char *body = malloc(cap);
    if (!body) {
        json_decref(out);
        http_resp_error(w, 503, "busy", NULL, "out of memory");
        return;
    }
    n += (size_t)snprintf(body + n, cap - n, "retry: 1000\n\n");
    long long last = after;
    size_t i;
    json_t *e;
    json_array_foreach(events, i, e)
    {
        char *data = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);
        last = (long long)json_integer_value(json_object_get(e, "seq"));
        if (data && n + strlen(data) + 64 < cap)
            n += (size_t)snprintf(body + n, cap - n, "id: %lld\nevent: market\ndata: %s\n\n", last,
                                  data);
        free(data);
    }
    /* nothing for the market since the cursor: the id moves on past the others' events (or
     * back to the head, for an id the ledger never reached) */
    if (cursor != last || after < 0)
        n += (size_t)snprintf(body + n, cap - n, "id: %lld\nevent: %s\ndata: {\"cursor\":%lld}\n\n",
                              cursor, after < 0 ? "hello" : "idle", cursor);
    json_decref(out);
    http_resp_take(w, 200, "text/event-stream; charset=utf-8", body, n);
    w->no_cache = 1;
}
