/*
 * Indicator register figures through the library (called by bench/indicator.sh):
 *   indicator_bench batched STORE N   N operations (transfers and retirements, 4:1) in
 *                                     durable transactions of 1,000: operations per second
 *   indicator_bench singles STORE N   the same, each operation its own durable transaction
 *   indicator_bench ledger STORE N    the baseline: N bare ledger events (no projection) in
 *                                     transactions of 1,000, what an operation costs at least
 *   indicator_bench verify STORE      `indicator verify` of what the store holds: seconds
 * STORE is a .gpkg path that must not exist yet (verify: one that does). The operations move
 * units among 8 holders from 4 batches, so blocks split and join as in use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indicator/indicator.h"
#include "timing.h"

#define SQUARE                                                                                 \
    "01030000000100000005000000000000801750834100000000682f4841000000a01a50834100000000682f48" \
    "41000000a01a508341000000009a2f48410000008017508341000000009a2f48410000008017508341000000" \
    "00682f4841"
#define NHOLDERS 8

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int die(const struct ls_err *e)
{
    char buf[1200];
    fprintf(stderr, "indicator_bench: %s\n", ls_err_format(e, buf, sizeof buf));
    return 2;
}

static int submit_text(struct ind *in, const char *text, struct ls_err *e)
{
    json_t *r = json_loads(text, 0, NULL);
    struct ind_submit_opts o = { "bench", "2026-01-01T00:00:00Z", 0 };
    int rc = ind_submit(in, r, &o, "bench", NULL, NULL, e);
    json_decref(r);
    return rc;
}

/* 8 parties, 4 sink projects of 10^12 kgCO2e each to H0, one huge offset obligation. */
static int setup(struct ls_store *st, struct reg *r, struct ind *in, struct ls_err *e)
{
    int rc = st_begin_write(st, e);
    struct reg_submit_opts so = { "bench", "2026-01-01T00:00:00Z" };
    for (int i = 0; !rc && i < NHOLDERS; i++) {
        char id[8];
        snprintf(id, sizeof id, "H%d", i);
        json_t *a = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "type", "party", "date",
                              "2025-01-01", "party", "id", id, "name", id, "kind", "enterprise");
        rc = reg_submit(r, a, &so, "bench", NULL, e);
        json_decref(a);
    }
    for (int p = 0; !rc && p < 4; p++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "{\"type\":\"project\",\"date\":\"2025-01-02\",\"project\":\"S%d\",\"class\":"
                 "\"carbon_sink\",\"name\":\"s\",\"county\":\"331099\",\"owner\":\"H0\","
                 "\"evidence\":[{\"name\":\"e\",\"sha256\":\"%064d\"}],\"footprint\":\"" SQUARE
                 "\"}",
                 p, 0);
        rc = submit_text(in, text, e);
        snprintf(text, sizeof text,
                 "{\"type\":\"accept\",\"date\":\"2025-01-02\",\"project\":\"S%d\",\"check\":{"
                 "\"passed\":true},\"quantities\":{\"CCS\":1000000000000}}",
                 p);
        if (!rc)
            rc = submit_text(in, text, e);
        snprintf(text, sizeof text,
                 "{\"type\":\"issue\",\"date\":\"2025-01-02\",\"project\":\"S%d\"}", p);
        if (!rc)
            rc = submit_text(in, text, e);
    }
    if (!rc)
        rc = submit_text(in,
                         "{\"type\":\"obligation\",\"date\":\"2025-01-02\",\"obligation\":\"OB\","
                         "\"kind\":\"offset\",\"county\":\"331099\",\"required\":{\"CCS\":"
                         "999999999999999}}",
                         e);
    if (rc) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st, e);
}

/* Operation i, in rounds of five: H0 passes q units to Hk, Hk passes half back, H0 passes q
 * again, Hk returns one, H0 retires q (k turns over the 7 others, q over 1..97). */
static int operation(struct ind *in, long i, struct ls_err *e)
{
    char text[512];
    int k = 1 + (int)((i / 5) % (NHOLDERS - 1)), phase = (int)(i % 5);
    long long q = 1 + ((i / 5) * 7919) % 97;
    if (phase == 4)
        snprintf(text, sizeof text,
                 "{\"type\":\"retire\",\"date\":\"2025-02-01\",\"holder\":\"H0\",\"obligation\":"
                 "\"OB\",\"units\":{\"CCS\":%lld}}",
                 q);
    else
        snprintf(text, sizeof text,
                 "{\"type\":\"transfer\",\"date\":\"2025-02-01\",\"from\":\"H%d\",\"to\":\"H%d\","
                 "\"units\":{\"CCS\":%lld}}",
                 phase % 2 ? k : 0, phase % 2 ? 0 : k,
                 phase == 1   ? (q + 1) / 2
                 : phase == 3 ? 1
                              : q);
    return submit_text(in, text, e);
}

static int bare_event(struct ls_store *st, long i, struct ls_err *e)
{
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.recorded, sizeof ev.recorded, "2026-01-01T00:00:00Z");
    snprintf(ev.effective, sizeof ev.effective, "2025-02-01");
    snprintf(ev.actor, sizeof ev.actor, "bench");
    snprintf(ev.type, sizeof ev.type, "bench.event");
    snprintf(ev.subject, sizeof ev.subject, "ind-holder:H%ld", i % NHOLDERS);
    char payload[256];
    snprintf(payload, sizeof payload,
             "{\"holder\":\"H%ld\",\"moves\":[{\"account\":\"CCS\",\"batch\":\"LS-CCS-331099-S0-"
             "20250102-1\",\"first\":%ld,\"from\":\"H0\",\"from_state\":\"active\",\"last\":%ld,"
             "\"to\":\"H1\",\"to_state\":\"active\"}]}",
             i % NHOLDERS, i, i);
    ev.payload = payload;
    return lg_append(st, &ev, e);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: indicator_bench batched|singles|ledger STORE N | verify STORE\n");
        return 2;
    }
    const char *mode = argv[1];
    long n = argc > 3 ? strtol(argv[3], NULL, 10) : 0;
    struct ls_err e = { 0 };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    struct ind *in = NULL;
    struct st_create cr = { .srid = 4528, .hash = "sha256", .created = "2026-01-01T00:00:00Z" };
    int verify = !strcmp(mode, "verify");
    if (st_open(argv[2], verify ? NULL : &cr, &st, &e) || reg_open(st, &r, &e) ||
        ind_open(st, r, &in, &e))
        return die(&e);
    int rc = 0;
    if (verify) {
        double t0 = now();
        struct ind_verify_report rep;
        rc = st_begin_read(st, &e);
        if (!rc)
            rc = ind_verify(in, &rep, &e);
        st_rollback(st);
        if (rc)
            return die(&e);
        printf("verified %lld events, %lld batches, %lld blocks in %.2f s: %s\n", rep.events,
               rep.batches, rep.blocks, now() - t0, rep.ok ? "ok" : rep.why);
    } else {
        if (strcmp(mode, "ledger") && (rc = setup(st, r, in, &e)) != 0)
            return die(&e);
        long batch = !strcmp(mode, "singles") ? 1 : 1000;
        double t0 = now();
        for (long i = 0; !rc && i < n;) {
            rc = st_begin_write(st, &e);
            for (long k = 0; !rc && k < batch && i < n; k++, i++)
                rc = !strcmp(mode, "ledger") ? bare_event(st, i, &e) : operation(in, i, &e);
            rc = rc ? rc : st_commit(st, &e);
        }
        if (rc)
            return die(&e);
        double dt = now() - t0;
        printf("%ld %s operations in %.2f s: %.0f ops/s\n", n, mode, dt, (double)n / dt);
    }
    ind_close(in);
    reg_close(r);
    st_close(st);
    return 0;
}
