/* Fuzz target: a registry application (JSON bytes → reg_submit against a small register of
 * parties, a forest unit, a contracted parcel and a layered sea area; libFuzzer; replayed in
 * `make test`). Any bytes must be recorded or refused with an error, never crash, and the
 * transaction is always rolled back, so the ledger head after each input is the one before. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "registry/registry.h"

static const char *const seed[] = {
    "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"CN\",\"name\":\"国家\","
    "\"kind\":\"state\"}}",
    "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"NR\",\"name\":\"厅\","
    "\"kind\":\"agency\",\"acts_for\":\"CN\"}}",
    "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"H1\",\"name\":\"张三\","
    "\"kind\":\"person\"}}",
    "{\"type\":\"party\",\"date\":\"2019-01-01\",\"party\":{\"id\":\"H2\",\"name\":\"李四\","
    "\"kind\":\"person\"}}",
    "{\"type\":\"first\",\"date\":\"2020-01-01\",\"unit\":{\"code\":\"331099ZR0001\",\"name\":"
    "\"森林\",\"class\":\"natural\",\"resource_type\":\"forest\",\"geometry\":"
    "\"POLYGON((40500000 3170000,40501000 3170000,40501000 3171000,40500000 3171000,40500000 "
    "3170000))\"},\"rights\":[{\"type\":\"ownership_state\",\"holders\":"
    "[{\"party\":\"CN\"}],\"exercised_by\":\"NR\"}]}",
    "{\"type\":\"first\",\"date\":\"2020-01-01\",\"unit\":{\"code\":"
    "\"331099001001JD00001W00000000\",\"name\":\"地\",\"class\":\"real_estate\",\"geometry\":"
    "\"POLYGON((40502000 3170000,40502100 3170000,40502100 3170100,40502000 3170100,40502000 "
    "3170000))\"},\"rights\":[{\"type\":"
    "\"contracted_land\",\"holders\":[{\"party\":\"H1\",\"share\":\"1/2\"},{\"party\":\"H2\","
    "\"share\":\"1/2\"}],\"term_start\":\"2020-01-01\",\"term_end\":\"2050-01-01\"}]}",
    "{\"type\":\"first\",\"date\":\"2020-01-01\",\"unit\":{\"code\":\"331099ZR0002\",\"name\":"
    "\"海\",\"class\":\"natural\",\"resource_type\":\"sea_area\",\"geometry\":"
    "\"POLYGON((40505000 3170000,40506000 3170000,40506000 3171000,40505000 3171000,40505000 "
    "3170000))\"},\"rights\":[{\"id\":\"HY1\",\"type\":"
    "\"sea_area_use\",\"layer\":\"water_column\",\"holders\":[{\"party\":\"H1\"}]}]}",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ls_store *st;
    static struct reg *r;
    static char head[LG_HASH_HEX];
    if (!st) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/fuzz_registry.%ld.gpkg", (long)getpid());
        unlink(path);
        struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
        struct ls_err err = { 0 };
        struct reg_submit_opts so = { "fuzz", "2026-01-01T00:00:00Z" };
        if (st_open(path, &cr, &st, &err) || reg_open(st, &r, &err) || st_begin_write(st, &err))
            abort();
        for (size_t i = 0; i < sizeof seed / sizeof seed[0]; i++) {
            json_t *a = json_loads(seed[i], 0, NULL);
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
    json_t *app = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!app)
        return 0;
    struct ls_err err = { 0 };
    struct reg_submit_opts so = { "fuzz", "2026-01-01T00:00:00Z" };
    if (st_begin_write(st, &err))
        abort();
    reg_submit(r, app, &so, "fuzz", NULL, &err);
    st_rollback(st);
    json_decref(app);
    long long n = 0;
    char now[LG_HASH_HEX];
    if (lg_head(st, &n, now, &err) || strcmp(now, head))
        abort();
    return 0;
}
