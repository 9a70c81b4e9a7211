/* contract/util — the refusal, dates and money every contract file reads. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "contract/internal.h"

int con_refuse(struct con_ctx *x, int code, const char *rule, const char *field, const char *fmt,
               ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ls_err_set(x->err, code, x->input, x->id && *x->id ? x->id : NULL, field,
                      "rule contract.%s: %s", rule, msg);
}

const char *con_str(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

int con_money(struct con_ctx *x, const json_t *v, const char *field, const char *what, int zero_ok,
              int64_t *fen)
{
    double y = json_is_number(v) ? json_number_value(v) : NAN;
    if (!isfinite(y) || y < 0 || (!zero_ok && y == 0) || y > CON_YUAN_MAX)
        return con_refuse(x, LS_EINVAL, "money", field, "%s is a sum of money in yuan, %s ¥%.0f",
                          what, zero_ok ? "0 up to" : "above 0 up to", CON_YUAN_MAX);
    *fen = (int64_t)llround(y * 100.0);
    return 0;
}
