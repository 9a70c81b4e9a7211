/* Fuzz target: a valuation request (JSON bytes → val_run against the built-in scheme;
 * libFuzzer; replayed in `make test`). Any bytes must give a report or a refusal naming its
 * rule, never crash; a report's value is a finite number. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "valuation/valuation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct val_scheme *s;
    struct ls_err err = { 0 };
    if (!s && val_scheme_load("cn-2021", &s, &err))
        abort();
    if (size > 65536)
        return 0;
    json_t *req = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!req)
        return 0;
    json_t *rep = NULL;
    int rc = val_run(s, req, "fuzz", &rep, &err);
    if (!rc && !isfinite(json_number_value(json_object_get(rep, "value"))))
        abort();
    if (rc && (!err.msg[0] || rep))
        abort();
    json_decref(rep);
    json_decref(req);
    return 0;
}
