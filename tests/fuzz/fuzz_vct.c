/* Fuzz target: VCT parser and polygon assembly (libFuzzer; replayed in `make test`). */
#include <stddef.h>
#include <stdint.h>

#include "geo/vct.h"

static int sink(void *ctx, int64_t bsm, const struct geo_mpoly *geom, const char *const *values,
                struct ls_err *err)
{
    (void)bsm;
    (void)values;
    (void)err;
    *(size_t *)ctx += geo_mpoly_vertex_count(geom);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct geo_vct *v = NULL;
    struct ls_err err = { 0 };
    if (geo_vct_parse("fuzz.vct", (const char *)data, size, &v, &err) == 0) {
        struct geo_crs crs;
        geo_vct_crs(v, &crs, &err);
        size_t vertices = 0;
        for (size_t i = 0; i < geo_vct_layer_count(v); i++)
            geo_vct_polygons(v, geo_vct_layer(v, i), sink, &vertices, &err);
        geo_vct_free(v);
    }
    return 0;
}
