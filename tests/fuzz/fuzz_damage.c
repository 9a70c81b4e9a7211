/* Fuzz target: a damage valuation request and a lead (JSON bytes → dmg_value, then the same
 * object as a lead to dmg_case_open on an in-memory ledger; libFuzzer; replayed in `make
 * test`). Any bytes must give a report with a finite value or a refusal naming the field —
 * never a crash, never both. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "damage/damage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ls_store *st;
    static struct dmg *d;
    struct ls_err err = { 0 };
    if (!st) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/fuzz_damage.%ld.gpkg", (long)getpid());
        unlink(path);
        struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
        if (st_open(path, &cr, &st, &err) || dmg_open(st, &d, &err))
            abort();
    }
    if (size > 65536)
        return 0;
    json_t *req = json_loadb((const char *)data, size, 0, NULL);
    if (!req)
        return 0;
    json_t *r = NULL;
    int rc = dmg_value(req, "fuzz", &r, &err);
    if (rc && (!err.msg[0] || r))
        abort();
    if (!rc && !isfinite(json_number_value(json_object_get(r, "value_yuan"))))
        abort();
    json_decref(r);
    struct dmg_submit_opts o = { "fuzz", "registrar", "2025-01-01T00:00:00Z" };
    if (st_begin_write(st, &err))
        abort();
    json_t *out = NULL;
    rc = dmg_case_open(d, req, &o, "fuzz", &out, &err);
    if (rc && (!err.msg[0] || out))
        abort();
    json_decref(out);
    /* nothing kept between inputs: the next one starts from the same empty register */
    st_rollback(st);
    json_decref(req);
    return 0;
}
