/*
 * raster/expr — per-cell map algebra expressions, compiled once and evaluated a chunk of
 * cells at a time (each operator is one tight loop over a cache-resident chunk), so an
 * expression runs at the speed of a hand-written kernel.
 *
 * Syntax: variables A..Z (bound to the inputs in order of their letters), the cell's
 * position x, y (cell-centre coordinates in the grid's CRS) and col, row (0-based), numbers,
 * + - * / % ^ (power), comparisons < <= > >= == != (1 or 0), & | ! (logical),
 * functions abs sqrt exp log log10 sin cos tan asin acos atan atan2 floor ceil round
 * min max pow where(cond, a, b) isnan(x), and the constants nodata (NaN) and pi.
 * Nodata is NaN and propagates through every operator except isnan(); where() takes the
 * branch its condition names and is NaN when the condition is.
 * The caller owns the compiled expression and frees it with rs_expr_free.
 */
#ifndef LS_RASTER_EXPR_H
#define LS_RASTER_EXPR_H

#include <stddef.h>

#include "base/err.h"

struct rs_expr;

#define RS_EXPR_X    26
#define RS_EXPR_Y    27
#define RS_EXPR_COL  28
#define RS_EXPR_ROW  29
#define RS_EXPR_NVAR 30

/* Compiles text; `vars_used` receives a bit mask of the variables it reads (bit 0 = A,
 * bits RS_EXPR_X.. for the position variables). */
int rs_expr_compile(const char *text, struct rs_expr **out, unsigned *vars_used,
                    struct ls_err *err);
void rs_expr_free(struct rs_expr *e);

/* Evaluates n cells: vars[k] is the array of variable k (NULL for unused ones). */
int rs_expr_eval(const struct rs_expr *e, const double *const vars[RS_EXPR_NVAR], size_t n,
                 double *out);

/* The same, with the letter variables A..Z read as Float32 (vars32[k], NULL for unused
 * ones) and converted chunk by chunk; the position variables stay in vars. The result is
 * the one rs_expr_eval gives on the same values widened to double. */
int rs_expr_eval_f32(const struct rs_expr *e, const float *const vars32[26],
                     const double *const vars[RS_EXPR_NVAR], size_t n, double *out);

#endif
