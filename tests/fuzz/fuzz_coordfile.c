/* Fuzz target: boundary-point coordinate file parser (libFuzzer; replayed in `make test`). */
#include <stddef.h>
#include <stdint.h>

#include "geo/coordfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct geo_coordfile *cf = NULL;
    struct ls_err err = { 0 };
    if (geo_coordfile_parse("fuzz.txt", (const char *)data, size, NULL, &cf, &err) == 0)
        geo_coordfile_free(cf);
    return 0;
}
