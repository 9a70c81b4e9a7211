/* app/market — see market.h. */
#include "app/market.h"

#include <stdio.h>
#include <string.h>

#include "app/registry.h"

int app_market_open(const char *target, struct app_market *m, struct ls_err *err)
{
    memset(m, 0, sizeof *m);
    int rc = app_registry_open(target, &m->st, &m->reg, err);
    if (!rc)
        rc = ind_open(m->st, m->reg, &m->ind, err);
    if (!rc)
        rc = vn_open(m->st, m->reg, m->ind, &m->venue, err);
    if (rc)
        app_market_close(m);
    return rc;
}

void app_market_close(struct app_market *m)
{
    vn_close(m->venue);
    ind_close(m->ind);
    if (m->st)
        app_registry_close(m->st, m->reg);
    memset(m, 0, sizeof *m);
}

/* Submits the requests in order inside the open transaction; *done gets their seqs and
 * *results what each did, both new references (NULL on failure). */
static int submit_all(struct app_market *m, json_t *requests, const char *actor,
                      const char *recorded, const char *input, json_t **done, json_t **results,
                      struct ls_err *err)
{
    *done = *results = NULL;
    if (!json_is_object(requests) && !(json_is_array(requests) && json_array_size(requests)))
        return ls_err_set(err, LS_EINVAL, input, NULL, NULL,
                          "a request is a JSON object, or a non-empty list of them");
    json_t *list = json_is_array(requests) ? requests : NULL;
    size_t n = list ? json_array_size(list) : 1;
    json_t *seqs = json_array(), *res_all = json_array();
    struct vn_submit_opts o = { actor, recorded };
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        char name[600];
        if (list)
            snprintf(name, sizeof name, "%s [%zu]", input, i);
        else
            snprintf(name, sizeof name, "%s", input);
        long long seq = 0;
        json_t *res = NULL;
        rc = vn_submit(m->venue, list ? json_array_get(list, i) : requests, &o, name, &seq, &res,
                       err);
        if (!rc) {
            json_array_append_new(seqs, json_integer(seq));
            json_array_append_new(res_all, res);
        }
    }
    if (rc) {
        json_decref(seqs);
        json_decref(res_all);
        return rc;
    }
    *done = seqs;
    *results = res_all;
    return 0;
}

int app_market_apply(struct app_market *m, json_t *requests, const char *actor,
                     const char *recorded, const char *input, int dry_run, json_t **out,
                     struct ls_err *err)
{
    *out = NULL;
    json_t *done = NULL, *results = NULL;
    int rc = st_begin_write(m->st, err);
    if (!rc)
        rc = submit_all(m, requests, actor, recorded, input, &done, &results, err);
    if (!rc && !dry_run)
        rc = st_commit(m->st, err);
    if (rc || dry_run) {
        st_rollback(m->st);
        /* the books matched what was rolled back: read them again from the tables */
        vn_forget(m->venue);
    }
    if (rc) {
        json_decref(done);
        json_decref(results);
        return rc;
    }
    if (dry_run) {
        *out = json_pack("{s:b, s:I, s:o}", "dry_run", 1, "checked",
                         (json_int_t)json_array_size(results), "results", results);
        json_decref(done);
    } else {
        *out = json_pack("{s:o, s:o}", "recorded", done, "results", results);
    }
    return 0;
}

int app_market_apply_group(struct app_market *m, struct app_market_item *items, size_t n,
                           const char *input, struct ls_err *err)
{
    int rc = st_begin_write(m->st, err);
    for (size_t i = 0; !rc && i < n; i++) {
        struct app_market_item *it = &items[i];
        json_t *done = NULL, *results = NULL;
        it->out = NULL;
        it->err = (struct ls_err){ 0 };
        rc = st_savepoint(m->st, err);
        if (rc)
            break;
        it->rc =
            submit_all(m, it->requests, it->actor, it->recorded, input, &done, &results, &it->err);
        if (it->rc) {
            /* this request is refused and leaves nothing; the others stand */
            st_savepoint_rollback(m->st);
            vn_forget(m->venue);
            continue;
        }
        rc = st_savepoint_release(m->st, err);
        it->out = json_pack("{s:o, s:o}", "recorded", done, "results", results);
    }
    if (!rc)
        rc = st_commit(m->st, err);
    if (rc) {
        st_rollback(m->st);
        vn_forget(m->venue);
        for (size_t i = 0; i < n; i++) {
            json_decref(items[i].out);
            items[i].out = NULL;
            items[i].rc = rc;
            items[i].err = *err;
        }
    }
    return rc;
}

/* A read inside one snapshot. */
static int read_begin(struct app_market *m, struct ls_err *err)
{
    return st_begin_read(m->st, err);
}

static int read_end(struct app_market *m, int rc)
{
    st_rollback(m->st);
    return rc;
}

int app_market_instruments(struct app_market *m, json_t **out, struct ls_err *err)
{
    int rc = read_begin(m, err);
    return rc ? rc : read_end(m, vn_instruments(m->venue, out, err));
}

int app_market_book(struct app_market *m, const char *instrument, int depth, json_t **out,
                    struct ls_err *err)
{
    int rc = read_begin(m, err);
    return rc ? rc : read_end(m, vn_book(m->venue, instrument, depth, out, err));
}

int app_market_trades(struct app_market *m, const char *instrument, const char *party, json_t **out,
                      struct ls_err *err)
{
    int rc = read_begin(m, err);
    return rc ? rc : read_end(m, vn_trades(m->venue, instrument, party, out, err));
}

int app_market_account(struct app_market *m, const char *party, json_t **out, struct ls_err *err)
{
    *out = NULL;
    int rc = read_begin(m, err);
    json_t *funds = NULL, *orders = NULL, *holdings = NULL, *quotes = NULL;
    if (!rc)
        rc = vn_funds(m->venue, party, &funds, err);
    if (!rc)
        rc = vn_orders(m->venue, party, &orders, err);
    if (!rc)
        rc = vn_quotes(m->venue, "", party, &quotes, err);
    if (!rc)
        rc = ind_holdings(m->ind, party, 0, &holdings, err);
    rc = read_end(m, rc);
    if (!rc)
        *out = json_pack("{s:s, s:o, s:o, s:o, s:o}", "party", party, "funds", funds, "orders",
                         orders, "quotes", quotes, "holdings", holdings);
    else {
        json_decref(quotes);
        json_decref(funds);
        json_decref(orders);
        json_decref(holdings);
    }
    return rc;
}

int app_market_listings(struct app_market *m, const char *id, json_t **out, struct ls_err *err)
{
    int rc = read_begin(m, err);
    return rc ? rc : read_end(m, vn_listings(m->venue, id, out, err));
}

int app_market_settlement(struct app_market *m, const char *date, json_t **out, struct ls_err *err)
{
    int rc = read_begin(m, err);
    return rc ? rc : read_end(m, vn_settlement(m->venue, date, out, err));
}

int app_market_settlement_csv(json_t *st, const char *path, struct ls_err *err)
{
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    const char *date = json_string_value(json_object_get(st, "date"));
    fprintf(f, "record,date,party,deposits,withdrawals,paid,received,fees,net\n");
    json_t *p;
    size_t i;
    json_array_foreach(json_object_get(st, "parties"), i, p)
    {
        fprintf(f, "party,%s,%s,%lld,%lld,%lld,%lld,%lld,%lld\n", date,
                json_string_value(json_object_get(p, "party")),
                (long long)json_integer_value(json_object_get(p, "deposits")),
                (long long)json_integer_value(json_object_get(p, "withdrawals")),
                (long long)json_integer_value(json_object_get(p, "paid")),
                (long long)json_integer_value(json_object_get(p, "received")),
                (long long)json_integer_value(json_object_get(p, "fees")),
                (long long)json_integer_value(json_object_get(p, "net")));
    }
    fprintf(f, "record,date,instrument,trade_no,time,buyer,seller,price,lots,amount,fee_buyer,"
               "fee_seller\n");
    json_array_foreach(json_object_get(st, "trades"), i, p)
    {
        fprintf(f, "trade,%s,%s,%lld,%s,%s,%s,%lld,%lld,%lld,%lld,%lld\n", date,
                json_string_value(json_object_get(p, "instrument")),
                (long long)json_integer_value(json_object_get(p, "trade_no")),
                json_string_value(json_object_get(p, "time")),
                json_string_value(json_object_get(p, "buyer")),
                json_string_value(json_object_get(p, "seller")),
                (long long)json_integer_value(json_object_get(p, "price")),
                (long long)json_integer_value(json_object_get(p, "lots")),
                (long long)json_integer_value(json_object_get(p, "amount")),
                (long long)json_integer_value(json_object_get(p, "fee_buyer")),
                (long long)json_integer_value(json_object_get(p, "fee_seller")));
    }
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    }
    return 0;
}

int app_market_report(struct app_market *m, const char *from, const char *to, json_t **out,
                      struct ls_err *err)
{
    int rc = read_begin(m, err);
    return rc ? rc : read_end(m, vn_report(m->venue, from, to, out, err));
}

int app_market_events(struct app_market *m, long long after, json_t **out, struct ls_err *err)
{
    int rc = read_begin(m, err);
    return rc ? rc : read_end(m, vn_events(m->venue, after, 200, out, err));
}
