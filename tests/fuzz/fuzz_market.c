/* Fuzz target: a market request (JSON bytes → vn_submit against a venue with two parties
 * holding sink credits and money, an open CCS-33 book with a resting offer and bid; libFuzzer;
 * replayed in `make test`). Any bytes must be recorded or refused with an error, never crash;
 * the transaction is always rolled back (and the books dropped), so the ledger head after each
 * input is the one before. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "venue/venue.h"

#define SQUARE                                                                                 \
    "01030000000100000005000000000000801750834100000000682f4841000000a01a50834100000000682f48" \
    "41000000a01a508341000000009a2f48410000008017508341000000009a2f48410000008017508341000000" \
    "00682f4841"

static const char *const ind_seed[] = {
    "{\"type\":\"project\",\"date\":\"2025-03-01\",\"project\":\"S1\",\"class\":\"carbon_sink\","
    "\"name\":\"s\",\"county\":\"331099\",\"owner\":\"A\",\"evidence\":[{\"name\":\"e\","
    "\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}],"
    "\"footprint\":\"" SQUARE "\"}",
    "{\"type\":\"accept\",\"date\":\"2025-06-30\",\"project\":\"S1\",\"check\":{\"passed\":true},"
    "\"quantities\":{\"CCS\":200000}}",
    "{\"type\":\"issue\",\"date\":\"2025-06-30\",\"project\":\"S1\"}",
    "{\"type\":\"transfer\",\"date\":\"2025-06-30\",\"from\":\"A\",\"to\":\"B\",\"units\":{\"CCS\":"
    "100000}}",
};
static const char *const venue_seed[] = {
    "{\"type\":\"instrument\",\"date\":\"2025-07-01\",\"instrument\":\"CCS-33\",\"account\":"
    "\"CCS\",\"province\":\"33\",\"mode\":\"continuous\",\"reference_price\":8000}",
    "{\"type\":\"deposit\",\"date\":\"2025-07-01\",\"party\":\"A\",\"amount\":1000000,"
    "\"bank_ref\":\"1\"}",
    "{\"type\":\"deposit\",\"date\":\"2025-07-01\",\"party\":\"B\",\"amount\":1000000,"
    "\"bank_ref\":\"2\"}",
    "{\"type\":\"order\",\"date\":\"2025-07-01\",\"time\":\"10:00:00\",\"instrument\":\"CCS-33\","
    "\"party\":\"A\",\"side\":\"sell\",\"price\":8100,\"units\":5000,\"expires\":\"2025-07-20\"}",
    "{\"type\":\"order\",\"date\":\"2025-07-01\",\"time\":\"10:00:00\",\"instrument\":\"CCS-33\","
    "\"party\":\"B\",\"side\":\"buy\",\"price\":7900,\"units\":5000,\"expires\":\"2025-07-20\"}",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ls_store *st;
    static struct reg *r;
    static struct ind *in;
    static struct venue *v;
    static char head[LG_HASH_HEX];
    struct ls_err err = { 0 };
    if (!st) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/fuzz_market.%ld.gpkg", (long)getpid());
        unlink(path);
        struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
        struct reg_submit_opts so = { "fuzz", "2026-01-01T00:00:00Z" };
        struct ind_submit_opts io = { "fuzz", "2026-01-01T00:00:00Z", 0 };
        struct vn_submit_opts vo = { "fuzz", "2026-01-01T00:00:00Z" };
        if (st_open(path, &cr, &st, &err) || reg_open(st, &r, &err) || ind_open(st, r, &in, &err) ||
            vn_open(st, r, in, &v, &err) || st_begin_write(st, &err))
            abort();
        for (int i = 0; i < 2; i++) {
            char text[160];
            snprintf(text, sizeof text,
                     "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"%c\","
                     "\"name\":\"%c\",\"kind\":\"enterprise\"}}",
                     'A' + i, 'A' + i);
            json_t *a = json_loads(text, 0, NULL);
            if (reg_submit(r, a, &so, "seed", NULL, &err))
                abort();
            json_decref(a);
        }
        for (size_t i = 0; i < sizeof ind_seed / sizeof ind_seed[0]; i++) {
            json_t *a = json_loads(ind_seed[i], 0, NULL);
            if (ind_submit(in, a, &io, "seed", NULL, NULL, &err))
                abort();
            json_decref(a);
        }
        for (size_t i = 0; i < sizeof venue_seed / sizeof venue_seed[0]; i++) {
            json_t *a = json_loads(venue_seed[i], 0, NULL);
            if (vn_submit(v, a, &vo, "seed", NULL, NULL, &err))
                abort();
            json_decref(a);
        }
        long long n = 0;
        if (st_commit(st, &err) || lg_head(st, &n, head, &err))
            abort();
        unlink(path); /* the open connection keeps it; nothing is left behind */
    }
    if (size > 65536)
        return 0;
    json_t *req = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!req)
        return 0;
    struct vn_submit_opts vo = { "fuzz", "2026-01-01T00:00:00Z" };
    if (st_begin_write(st, &err))
        abort();
    json_t *res = NULL;
    vn_submit(v, req, &vo, "fuzz", NULL, &res, &err);
    json_decref(res);
    st_rollback(st);
    vn_forget(v);
    json_decref(req);
    long long n = 0;
    char now[LG_HASH_HEX];
    if (lg_head(st, &n, now, &err) || strcmp(now, head))
        abort();
    return 0;
}
