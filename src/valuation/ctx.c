/* valuation/ctx — reading a request's factors, naming what is wrong with them, writing the
 * report's steps, and the discounting arithmetic of every path. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "valuation/internal.h"

int val_refuse(struct val_ctx *c, const char *rule, const char *field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ls_err_set(c->err, LS_EINVAL, c->input, NULL, field, "rule %s: %s", rule, msg);
}

static int read_number(struct val_ctx *c, const json_t *obj, const char *where, const char *name,
                       const char *what, int required, double def, double *out)
{
    const json_t *o = obj ? obj : c->inputs;
    const json_t *v = json_object_get(o, name);
    char field[128];
    snprintf(field, sizeof field, "%s%s%s", where ? where : "inputs", ".", name);
    if (!v || json_is_null(v)) {
        if (!required) {
            *out = def;
            return 0;
        }
        return val_refuse(c, "input.missing", field, "the method needs %s (%s)", field, what);
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return val_refuse(c, "input.type", field, "%s (%s) is a number", field, what);
    *out = json_number_value(v);
    return 0;
}

int val_need(struct val_ctx *c, const json_t *obj, const char *where, const char *name,
             const char *what, double *out)
{
    return read_number(c, obj, where, name, what, 1, 0, out);
}

int val_opt(struct val_ctx *c, const json_t *obj, const char *where, const char *name, double def,
            double *out)
{
    return read_number(c, obj, where, name, name, 0, def, out);
}

int val_need_rate(struct val_ctx *c, const json_t *obj, const char *where, const char *name,
                  const char *what, double *out)
{
    int rc = val_need(c, obj, where, name, what, out);
    if (!rc && !(*out > 0 && *out <= 1))
        rc = val_refuse(c, "input.rate", name, "%s (%s) is a rate in (0, 1]: 8 %% is 0.08, not %g",
                        name, what, *out);
    return rc;
}

void val_step(struct val_ctx *c, const char *step, const char *formula, double value)
{
    json_array_append_new(
        c->steps, json_pack("{s:s, s:s, s:f}", "step", step, "formula", formula, "value", value));
}

double val_grow(double r, double t)
{
    return pow(1.0 + r, t);
}

double val_annuity(double r, double n)
{
    if (isinf(n))
        return 1.0 / r;
    return (1.0 - pow(1.0 + r, -n)) / r;
}

double val_term_correction(double r, double m, double n)
{
    return (1.0 - pow(1.0 + r, -m)) / (1.0 - pow(1.0 + r, -n));
}

static int parse_date(const char *s, time_t *out)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31 || strlen(s) != 10)
        return -1;
    struct tm tm = { 0 };
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    *out = timegm(&tm);
    /* 2024-02-30 normalises to March: not a date */
    struct tm back;
    gmtime_r(out, &back);
    return back.tm_mday == d ? 0 : -1;
}

long val_days_between(const char *a, const char *b)
{
    time_t ta, tb;
    if (parse_date(a, &ta) || parse_date(b, &tb))
        return -1;
    return (long)((tb - ta) / 86400);
}
