/* Fuzz target: indicator serial numbers (libFuzzer; replayed in `make test`). Any text must
 * parse or be refused naming a part; a parsed serial must write back to the same text, and
 * every split of its block must keep its units. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indicator/serial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0;
    char text[513];
    memcpy(text, data, size);
    text[size] = '\0';
    struct ind_block b;
    struct ls_err err = { 0 };
    if (ind_serial_parse(text, &b, &err) != 0) {
        if (!err.field[0])
            abort(); /* a refusal names the part at fault */
        return 0;
    }
    char back[IND_SERIAL_MAX];
    if (ind_serial_format(&b, back, sizeof back, &err) != 0 || strcmp(back, text) != 0)
        abort();
    int64_t units = ind_block_units(&b), mid = b.start + units / 2;
    struct ind_block before, cut, after;
    int hb = 0, ha = 0;
    if (ind_block_cut(&b, mid, mid, &before, &hb, &cut, &after, &ha, &err) != 0)
        abort();
    if ((hb ? ind_block_units(&before) : 0) + 1 + (ha ? ind_block_units(&after) : 0) != units)
        abort();
    return 0;
}
