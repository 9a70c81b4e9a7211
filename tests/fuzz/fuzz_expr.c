/* Fuzz target: the map algebra expression compiler and evaluator (libFuzzer; replayed in
 * `make test`). Any text must compile or be refused with an error; a compiled expression is
 * evaluated over a few cells, NaN among them. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "raster/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct rs_expr *e = NULL;
    struct ls_err err = { 0 };
    if (rs_expr_compile(text, &e, NULL, &err) == 0) {
        double cells[5] = { 1.5, -2, 0, NAN, 1e300 }, out[5];
        const double *vars[RS_EXPR_NVAR];
        for (int k = 0; k < RS_EXPR_NVAR; k++)
            vars[k] = cells;
        rs_expr_eval(e, vars, 5, out);
        rs_expr_free(e);
    }
    free(text);
    return 0;
}
