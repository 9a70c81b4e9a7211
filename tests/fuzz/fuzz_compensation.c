/* Fuzz target: an ecological-compensation allocation (libFuzzer; replayed in `make test`). The
 * bytes are a scheme (JSON) and a factor table (CSV) separated by a line "----"; the scheme is
 * read by cmp_scheme_load and the table by cmp_run, as `compensate allocate` reads a user's
 * files. Any bytes must give an allocation whose parts sum to its total, or a refusal naming
 * what is wrong — never a crash, never both. The same table is read as a monitoring series
 * against a P-index agreement. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compensation/compensation.h"

static char dir[64];

static void put(const char *name, const uint8_t *p, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(p, 1, n, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/fuzz_compensation.%ld", (long)getpid());
        mkdir(dir, 0700);
    }
    if (size > 65536)
        return 0;
    const uint8_t *sep = NULL;
    for (size_t i = 0; i + 5 <= size; i++)
        if (!memcmp(data + i, "\n----", 5)) {
            sep = data + i;
            break;
        }
    size_t n1 = sep ? (size_t)(sep - data) : size;
    const uint8_t *t = sep ? sep + 5 : data + size;
    put("scheme.json", data, n1);
    put("factors.csv", t, (size_t)(data + size - t));
    json_t *req = json_pack("{s:s,s:i,s:s,s:i,s:s}", "allocation", "F", "year", 2024, "scheme",
                            "scheme.json", "pool_wan", 1000, "factors", "factors.csv");
    json_t *out = NULL;
    struct ls_err err = { 0 };
    struct cmp_run_opts o = { 1 };
    int rc = cmp_run(req, "fuzz", dir, &o, &out, &err);
    if (rc && (!err.msg[0] || out))
        abort();
    if (!rc) {
        long long sum = 0;
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(out, "regions"), i, r)
        {
            sum += json_integer_value(json_object_get(r, "amount_wan"));
        }
        if (sum != json_integer_value(json_object_get(out, "total_wan")))
            abort();
    }
    json_decref(out);
    json_decref(req);
    json_t *a = json_pack(
        "{s:s,s:s,s:{s:s,s:s},s:{s:s,s:s},s:s,s:s,s:s,s:i,s:i,s:[{s:s,s:s,s:f},{s:s,s:s,s:f},"
        "{s:s,s:s,s:f},{s:s,s:s,s:f}]}",
        "agreement", "A", "kind", "p_index", "upstream", "region", "1", "name", "u", "downstream",
        "region", "2", "name", "d", "section", "JK", "valid_from", "2012-01-01", "valid_to",
        "2014-12-31", "round", 1, "min_samples_per_month", 0, "indicators", "id", "codmn", "unit",
        "mg/L", "baseline", 2.0, "id", "nh3n", "unit", "mg/L", "baseline", 0.12, "id", "tn", "unit",
        "mg/L", "baseline", 1.1, "id", "tp", "unit", "mg/L", "baseline", 0.03);
    json_t *ok = NULL, *s = NULL;
    char path[128];
    snprintf(path, sizeof path, "%s/factors.csv", dir);
    if (cmp_agreement_check(a, "A", &o, &ok, &err))
        abort();
    {
        rc = cmp_settle(ok, 2013, path, 0, &s, &err);
        if (rc && (!err.msg[0] || s))
            abort();
        json_decref(s);
        json_decref(ok);
    }
    json_decref(a);
    return 0;
}
