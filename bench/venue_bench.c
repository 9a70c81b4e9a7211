/*
 * The venue's durable throughput (issue 20) on a GeoPackage store:
 *   venue_bench batched STORE N   N orders (buys and sells crossing about half the time) in
 *                                  durable transactions of 1,000: the group commit;
 *   venue_bench singles STORE N   one order per durable transaction;
 *   venue_bench rebuild STORE     the books read again from the tables (what a restart does);
 *   venue_bench setup STORE       only the parties, their sink credits and money, and CCS-33
 *                                  (for the HTTP figure of bench/market.sh).
 * STORE is a GeoPackage path or a PostgreSQL target; a PostgreSQL one must be empty (the bench
 * script recreates its schema) except for rebuild.
 * Prints one line with the rate. Each order is checked, its money held or units put in escrow,
 * matched and every trade settled, as `liangshan market order` does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/rng.h"
#include "timing.h"
#include "venue/venue.h"

#define NP 8
#define SQUARE                                                                                 \
    "01030000000100000005000000000000801750834100000000682f4841000000a01a50834100000000682f48" \
    "41000000a01a508341000000009a2f48410000008017508341000000009a2f48410000008017508341000000" \
    "00682f4841"

static int die(const struct ls_err *e)
{
    fprintf(stderr, "venue_bench: %s\n", e->msg);
    return 1;
}

static int setup(struct ls_store *st, struct reg *r, struct ind *in, struct venue *v,
                 struct ls_err *e)
{
    int rc = st_begin_write(st, e);
    struct reg_submit_opts so = { "bench", "2026-01-01T00:00:00Z" };
    struct ind_submit_opts io = { "bench", "2026-01-01T00:00:00Z", 0 };
    struct vn_submit_opts vo = { "bench", "2026-01-01T00:00:00Z" };
    char text[1024];
    for (int i = 0; !rc && i < NP; i++) {
        snprintf(text, sizeof text,
                 "{\"type\":\"party\",\"date\":\"2025-01-01\",\"party\":{\"id\":\"P%d\","
                 "\"name\":\"P%d\",\"kind\":\"enterprise\"}}",
                 i, i);
        json_t *a = json_loads(text, 0, NULL);
        rc = reg_submit(r, a, &so, "bench", NULL, e);
        json_decref(a);
    }
    const char *ind[] = {
        "{\"type\":\"project\",\"date\":\"2025-03-01\",\"project\":\"S\",\"class\":\"carbon_sink\","
        "\"name\":\"s\",\"county\":\"331099\",\"owner\":\"P0\",\"evidence\":[{\"name\":\"e\","
        "\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}],"
        "\"footprint\":\"" SQUARE "\"}",
        "{\"type\":\"accept\",\"date\":\"2025-06-30\",\"project\":\"S\",\"check\":{\"passed\":"
        "true},\"quantities\":{\"CCS\":800000000000}}",
        "{\"type\":\"issue\",\"date\":\"2025-06-30\",\"project\":\"S\"}",
    };
    for (size_t i = 0; !rc && i < sizeof ind / sizeof ind[0]; i++) {
        json_t *a = json_loads(ind[i], 0, NULL);
        rc = ind_submit(in, a, &io, "bench", NULL, NULL, e);
        json_decref(a);
    }
    for (int i = 1; !rc && i < NP; i++) {
        snprintf(text, sizeof text,
                 "{\"type\":\"transfer\",\"date\":\"2025-06-30\",\"from\":\"P0\",\"to\":\"P%d\","
                 "\"units\":{\"CCS\":100000000000}}",
                 i);
        json_t *a = json_loads(text, 0, NULL);
        rc = ind_submit(in, a, &io, "bench", NULL, NULL, e);
        json_decref(a);
    }
    json_t *a = json_loads("{\"type\":\"instrument\",\"date\":\"2025-07-01\",\"instrument\":"
                           "\"CCS-33\",\"account\":\"CCS\",\"province\":\"33\",\"mode\":"
                           "\"continuous\",\"reference_price\":8000}",
                           0, NULL);
    if (!rc)
        rc = vn_submit(v, a, &vo, "bench", NULL, NULL, e);
    json_decref(a);
    for (int i = 0; !rc && i < NP; i++) {
        snprintf(text, sizeof text,
                 "{\"type\":\"deposit\",\"date\":\"2025-07-01\",\"party\":\"P%d\",\"amount\":"
                 "100000000000000,\"bank_ref\":\"B\"}",
                 i);
        json_t *d = json_loads(text, 0, NULL);
        rc = vn_submit(v, d, &vo, "bench", NULL, NULL, e);
        json_decref(d);
    }
    if (rc) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st, e);
}

/* Order i: a party, a side, a price within two ticks of 8,000 and 1–3 lots, GTC for the day. */
static int order(struct venue *v, struct ls_rng *g, struct ls_err *e)
{
    char text[512];
    int p = (int)ls_rng_below(g, NP), buy = (int)ls_rng_below(g, 2);
    long long price = 7990 + (long long)ls_rng_below(g, 21);
    snprintf(text, sizeof text,
             "{\"type\":\"order\",\"date\":\"2025-07-01\",\"time\":\"10:00:00\",\"instrument\":"
             "\"CCS-33\",\"party\":\"P%d\",\"side\":\"%s\",\"price\":%lld,\"units\":%llu}",
             p, buy ? "buy" : "sell", price, (unsigned long long)(1000 * (1 + ls_rng_below(g, 3))));
    json_t *a = json_loads(text, 0, NULL);
    struct vn_submit_opts vo = { "bench", "2026-01-01T00:00:00Z" };
    int rc = vn_submit(v, a, &vo, "bench", NULL, NULL, e);
    json_decref(a);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: venue_bench batched|singles STORE N | rebuild|setup STORE\n");
        return 2;
    }
    const char *mode = argv[1], *path = argv[2];
    long n = argc > 3 ? strtol(argv[3], NULL, 10) : 10000;
    struct ls_err e = { 0 };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    struct ind *in = NULL;
    struct venue *v = NULL;
    int pg = !strncmp(path, "PG:", 3) || !strncmp(path, "postgresql:", 11);
    int fresh = strcmp(mode, "rebuild") && (pg || access(path, F_OK) != 0);
    struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
    if (st_open(path, fresh ? &cr : NULL, &st, &e) || reg_open(st, &r, &e) ||
        ind_open(st, r, &in, &e) || vn_open(st, r, in, &v, &e))
        return die(&e);
    if (fresh && setup(st, r, in, v, &e))
        return die(&e);
    if (!strcmp(mode, "setup")) {
        vn_close(v);
        ind_close(in);
        reg_close(r);
        st_close(st);
        return 0;
    }
    struct ls_rng g;
    ls_rng_seed(&g, 20);
    double t0 = now_ms();
    long done = 0;
    if (!strcmp(mode, "rebuild")) {
        json_t *b = NULL;
        if (st_begin_read(st, &e) || vn_book(v, "CCS-33", 10, &b, &e))
            return die(&e);
        st_rollback(st);
        printf("books read again from the tables in %.1f ms: %zu bid levels, %zu ask levels\n",
               now_ms() - t0, json_array_size(json_object_get(b, "bids")),
               json_array_size(json_object_get(b, "asks")));
        json_decref(b);
    } else {
        long batch = !strcmp(mode, "batched") ? 1000 : 1;
        while (done < n) {
            if (st_begin_write(st, &e))
                return die(&e);
            for (long k = 0; k < batch && done < n; k++, done++)
                if (order(v, &g, &e)) {
                    st_rollback(st);
                    return die(&e);
                }
            if (st_commit(st, &e))
                return die(&e);
        }
        double s = (now_ms() - t0) / 1e3;
        printf("%ld %s orders in %.2f s: %.0f orders/s\n", n, mode, s, (double)n / s);
    }
    vn_close(v);
    ind_close(in);
    reg_close(r);
    st_close(st);
    return 0;
}
