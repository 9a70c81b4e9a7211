/* Fuzz target: a bundle request (JSON bytes → bnd_submit against a register where LSCO holds a
 * forest's land and trees and a water surface, each valued and approved; libFuzzer; replayed in
 * `make test`). Any bytes must give a report or a refusal naming its rule, never crash; a
 * report's shares sum to its value; the transaction is always rolled back, so the ledger head
 * after each input is the one before. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle/bundle.h"

static const char *const reg_seed[] = {
    "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"LSCO\",\"name\":\"c\","
    "\"kind\":\"enterprise\"}}",
    "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"V01\",\"name\":\"v\","
    "\"kind\":\"collective\"}}",
    "{\"type\":\"first\",\"date\":\"2025-01-10\",\"unit\":{\"code\":"
    "\"331099001001JL00011W00000000\",\"name\":\"l\",\"class\":\"real_estate\",\"geometry\":"
    "\"POLYGON((40503000 "
    "3170000,40503400 3170000,40503400 3170400,40503000 3170400,40503000 3170000))\"},"
    "\"rights\":[{\"type\":\"ownership_collective\",\"holders\":[{\"party\":\"V01\"}]},{\"id\":"
    "\"L\",\"type\":\"forest_use\",\"holders\":[{\"party\":\"LSCO\"}],\"term_start\":\"2025-01-"
    "10\",\"term_end\":\"2074-12-31\"},{\"id\":\"T\",\"type\":\"forest_tree\",\"holders\":[{"
    "\"party\":\"LSCO\"}],\"term_start\":\"2025-01-10\",\"term_end\":\"2074-12-31\"}]}",
    "{\"type\":\"first\",\"date\":\"2025-01-10\",\"unit\":{\"code\":"
    "\"331099001001JN00012W00000000\",\"name\":\"w\",\"class\":\"real_estate\",\"geometry\":"
    "\"POLYGON((40503400 "
    "3170000,40503600 3170000,40503600 3170200,40503400 3170200,40503400 3170000))\"},"
    "\"rights\":[{\"type\":\"ownership_collective\",\"holders\":[{\"party\":\"V01\"}]},{\"id\":"
    "\"W\",\"type\":\"aquaculture\",\"holders\":[{\"party\":\"LSCO\"}],\"term_start\":\"2025-01-"
    "10\",\"term_end\":\"2054-12-31\"}]}",
};
static const char *const val_seed[] = {
    "{\"valuation\":\"VL\",\"date\":\"2025-06-30\",\"subject\":{\"unit\":"
    "\"331099001001JL00011W00000000\"},\"method\":\"forest_land\",\"inputs\":{\"A\":900,\"P\":0."
    "06},\"quantity\":16}",
    "{\"valuation\":\"VT\",\"date\":\"2025-06-30\",\"subject\":{\"unit\":"
    "\"331099001001JL00011W00000000\"},\"method\":\"forest_stand\",\"inputs\":{\"age_class\":"
    "\"mature\",\"W\":60000,\"C\":18000,\"F\":6000},\"quantity\":16}",
    "{\"valuation\":\"VW\",\"date\":\"2025-06-30\",\"subject\":{\"unit\":"
    "\"331099001001JN00012W00000000\"},\"method\":\"income_capitalisation\",\"inputs\":{\"a\":2."
    "5,\"r\":0.05,\"n\":30},\"quantity\":40000,\"floor\":{\"basis\":\"amount\",\"amount\":"
    "1000000,\"source\":\"s\"}}",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ls_store *st;
    static struct reg *r;
    static struct val_register *vr;
    static struct val_scheme *sch;
    static struct bnd *b;
    static char head[LG_HASH_HEX];
    struct ls_err err = { 0 };
    if (!st) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/fuzz_bundle.%ld.gpkg", (long)getpid());
        unlink(path);
        struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
        struct reg_submit_opts so = { "fuzz", "2026-01-01T00:00:00Z" };
        struct val_submit_opts vo = { "fuzz", "2026-01-01T00:00:00Z" };
        struct val_submit_opts ao = { "chief", "2026-01-01T00:00:00Z" };
        if (st_open(path, &cr, &st, &err) || reg_open(st, &r, &err) ||
            val_register_open(st, r, &vr, &err) || bnd_open(st, r, vr, &b, &err) ||
            val_scheme_load("cn-2021", &sch, &err) || st_begin_write(st, &err))
            abort();
        for (size_t i = 0; i < sizeof reg_seed / sizeof reg_seed[0]; i++) {
            json_t *a = json_loads(reg_seed[i], 0, NULL);
            if (reg_submit(r, a, &so, "seed", NULL, &err))
                abort();
            json_decref(a);
        }
        for (size_t i = 0; i < sizeof val_seed / sizeof val_seed[0]; i++) {
            json_t *a = json_loads(val_seed[i], 0, NULL);
            if (val_submit(vr, sch, a, &vo, "seed", NULL, NULL, &err) ||
                val_approve(vr, json_string_value(json_object_get(a, "valuation")), "2025-07-01",
                            &ao, "seed", NULL, &err))
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
    struct bnd_submit_opts bo = { "fuzz", "2026-01-01T00:00:00Z" };
    if (st_begin_write(st, &err))
        abort();
    json_t *rep = NULL;
    int rc = bnd_submit(b, sch, req, &bo, "fuzz", NULL, &rep, &err);
    if (rc && (!err.msg[0] || rep))
        abort();
    if (!rc) {
        /* the shares are the whole, to the fen */
        double sum = 0;
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(rep, "components"), i, x)
        {
            sum += json_number_value(json_object_get(x, "allocated"));
        }
        if (fabs(sum - json_number_value(json_object_get(rep, "value"))) > 0.005)
            abort();
    }
    json_decref(rep);
    st_rollback(st);
    json_decref(req);
    long long n = 0;
    char now[LG_HASH_HEX];
    if (lg_head(st, &n, now, &err) || strcmp(now, head))
        abort();
    return 0;
}
