/* Fuzz target: an allocation plan (JSON bytes → pln_submit against a register of two units,
 * the control-line check stood in for: industry prohibited on the forest; libFuzzer; replayed
 * in `make test`). Any bytes must be recorded or refused naming its rule, never crash; the
 * transaction is always rolled back, so the ledger head after each input is the one before. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/plan.h"

#define FOREST "331099001001JL00011W00000000"
#define WATER  "331099001001JN00012W00000000"

static const char *const apps[] = {
    "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"V01\",\"name\":\"v\","
    "\"kind\":\"collective\"}}",
    "{\"type\":\"first\",\"date\":\"2020-01-01\",\"unit\":{\"code\":\"" FOREST
    "\",\"name\":\"f\",\"class\":\"real_estate\",\"geometry\":\"POLYGON((40503000 3170000,"
    "40503400 3170000,40503400 3170400,40503000 3170400,40503000 3170000))\"},\"rights\":"
    "[{\"type\":\"ownership_collective\",\"holders\":[{\"party\":\"V01\"}]}]}",
    "{\"type\":\"first\",\"date\":\"2020-01-01\",\"unit\":{\"code\":\"" WATER
    "\",\"name\":\"w\",\"class\":\"real_estate\",\"geometry\":\"POLYGON((40503400 3170000,"
    "40503600 3170000,40503600 3170200,40503400 3170200,40503400 3170000))\"},\"rights\":"
    "[{\"type\":\"ownership_collective\",\"holders\":[{\"party\":\"V01\"}]}]}",
};

static int fake_zoning(void *ctx, const char *unit, const char *use, char decision[16],
                       json_t **reasons, struct ls_err *err)
{
    (void)ctx;
    if (strcmp(use, "industrial") && strcmp(use, "ecotourism_facility"))
        return ls_err_set(err, LS_EINVAL, NULL, unit, "use", "rule plan.use: unknown use");
    snprintf(decision, 16, "%s",
             !strcmp(unit, FOREST) && !strcmp(use, "industrial") ? "prohibited" : "allowed");
    *reasons = json_array();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ls_store *st;
    static struct reg *r;
    static struct con *c;
    static struct pln *p;
    static char head[LG_HASH_HEX];
    struct ls_err err = { 0 };
    if (!st) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/fuzz_plan.%ld.gpkg", (long)getpid());
        unlink(path);
        struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
        struct reg_submit_opts so = { "fuzz", "2026-01-01T00:00:00Z" };
        if (st_open(path, &cr, &st, &err) || reg_open(st, &r, &err) || con_open(st, r, &c, &err) ||
            pln_open(st, r, c, &p, &err) || st_begin_write(st, &err))
            abort();
        for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++) {
            json_t *a = json_loads(apps[i], 0, NULL);
            if (reg_submit(r, a, &so, "seed", NULL, &err))
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
    struct pln_submit_opts o = { "fuzz", "2026-01-01T00:00:00Z", fake_zoning, NULL };
    if (st_begin_write(st, &err))
        abort();
    json_t *out = NULL;
    int rc = pln_submit(p, req, &o, "fuzz", &out, &err);
    if (rc && (!err.msg[0] || out))
        abort();
    json_decref(out);
    st_rollback(st);
    json_decref(req);
    long long n = 0;
    char now[LG_HASH_HEX];
    if (lg_head(st, &n, now, &err) || strcmp(now, head))
        abort();
    return 0;
}
