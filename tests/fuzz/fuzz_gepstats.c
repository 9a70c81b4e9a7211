/* Fuzz target: the GEP statistics table (CSV text → rows checked against the regions, the
 * built-in national method's items, unit conversions and price re-basing; libFuzzer; replayed
 * in `make test`). Any bytes must load or be refused with an error naming the line. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gep/item.h"
#include "gep/statistics.h"

static const char *unit_of(const char *item, const void *ctx)
{
    (void)ctx;
    const struct gep_item_def *d = gep_item_find(item);
    return d && d->uses_stats ? d->unit : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gep_method m;
    static struct gep_price_index ix;
    static int ready;
    static char path[64];
    if (!ready) {
        struct ls_err err = { 0 };
        if (gep_method_load("cn-ndrc-2022", &m, &err))
            abort();
        static int years[2] = { 2022, 2023 };
        static double index[2] = { 131.8, 132.07 };
        ix = (struct gep_price_index){ .n = 2, .year = years, .index = index };
        m.price_year = 2023;
        m.index = &ix;
        snprintf(path, sizeof path, "/tmp/fuzz_gepstats.%ld.csv", (long)getpid());
        ready = 1;
    }
    if (size > 65536)
        return 0;
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    char names[2][128] = { "海门镇", "青山镇" };
    struct gep_stats s;
    struct ls_err err = { 0 };
    if (gep_stats_load(path, names, 2, "两山县", &m, unit_of, NULL, &s, &err) == 0)
        gep_stats_free(&s);
    unlink(path);
    return 0;
}
