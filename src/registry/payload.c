/*
 * registry/payload — rows to and from the canonical JSON recorded in ledger events. What an
 * event's payload holds is exactly what its projection needs, so a replay rebuilds the same
 * rows: geometries as WKB hex, shares as reduced fractions, ids already assigned.
 */
#include "registry/payload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

static void set_text(json_t *o, const char *k, const char *v)
{
    if (v && *v)
        json_object_set_new(o, k, json_string(v));
}

static void set_real(json_t *o, const char *k, double v)
{
    if (!isnan(v))
        json_object_set_new(o, k, json_real(v));
}

static void get_text(json_t *o, const char *k, char *out, size_t size)
{
    const char *v = json_string_value(json_object_get(o, k));
    snprintf(out, size, "%s", v ? v : "");
}

static double get_real(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *hex_of(const unsigned char *w, size_t n)
{
    if (!w || !n)
        return NULL;
    char *hex = ls_hex_dup(w, n);
    if (!hex)
        return NULL;
    json_t *s = json_string(hex);
    free(hex);
    return s;
}

static int hexdigit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int unhex(const char *hex, unsigned char **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t len = hex ? strlen(hex) : 0;
    if (!len)
        return 0;
    if (len % 2)
        return -1;
    unsigned char *b = malloc(len / 2);
    if (!b)
        return -1;
    for (size_t k = 0; k < len / 2; k++) {
        int hi = hexdigit(hex[2 * k]), lo = hexdigit(hex[2 * k + 1]);
        if (hi < 0 || lo < 0) {
            free(b);
            return -1;
        }
        b[k] = (unsigned char)(hi << 4 | lo);
    }
    *out = b;
    *n = len / 2;
    return 0;
}

json_t *reg_unit_payload(const struct reg_unit_row *u)
{
    json_t *o = json_object();
    set_text(o, "code", u->code);
    set_text(o, "name", u->name);
    set_text(o, "class", u->unit_class);
    set_text(o, "resource_type", u->resource_type);
    set_text(o, "layer", u->layer);
    set_real(o, "z_min", u->z_min);
    set_real(o, "z_max", u->z_max);
    set_real(o, "area_m2", u->area_m2);
    set_real(o, "quantity", u->quantity);
    set_text(o, "quantity_unit", u->quantity_unit);
    set_text(o, "quality", u->quality);
    json_t *w = hex_of(u->wkb, u->wkb_n);
    if (w)
        json_object_set_new(o, "wkb", w);
    return o;
}

int reg_unit_from_payload(json_t *o, struct reg_unit_row *u)
{
    memset(u, 0, sizeof *u);
    get_text(o, "code", u->code, sizeof u->code);
    get_text(o, "name", u->name, sizeof u->name);
    get_text(o, "class", u->unit_class, sizeof u->unit_class);
    get_text(o, "resource_type", u->resource_type, sizeof u->resource_type);
    get_text(o, "layer", u->layer, sizeof u->layer);
    u->z_min = get_real(o, "z_min");
    u->z_max = get_real(o, "z_max");
    u->area_m2 = get_real(o, "area_m2");
    u->quantity = get_real(o, "quantity");
    get_text(o, "quantity_unit", u->quantity_unit, sizeof u->quantity_unit);
    get_text(o, "quality", u->quality, sizeof u->quality);
    return unhex(json_string_value(json_object_get(o, "wkb")), &u->wkb, &u->wkb_n);
}

json_t *reg_holders_payload(const struct reg_holder *h, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        char share[48];
        snprintf(share, sizeof share, "%lld/%lld", h[i].num, h[i].den);
        json_array_append_new(a, json_pack("{s:s, s:s}", "party", h[i].party, "share", share));
    }
    return a;
}

int reg_holders_from_payload(json_t *a, struct reg_holder *h, int *n)
{
    *n = 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (*n >= REG_MAX_HOLDERS)
            return -1;
        struct reg_holder *x = &h[(*n)++];
        get_text(v, "party", x->party, sizeof x->party);
        const char *share = json_string_value(json_object_get(v, "share"));
        if (!share || sscanf(share, "%lld/%lld", &x->num, &x->den) != 2)
            return -1;
    }
    return 0;
}

json_t *reg_rrr_payload(const struct reg_rrr_row *x)
{
    json_t *o = json_object();
    set_text(o, "id", x->id);
    set_text(o, "unit", x->unit_code);
    set_text(o, "class", x->rrr_class);
    set_text(o, "type", x->type);
    if (x->qllx)
        json_object_set_new(o, "qllx", json_integer(x->qllx));
    set_text(o, "layer", x->layer);
    set_real(o, "z_min", x->z_min);
    set_real(o, "z_max", x->z_max);
    set_text(o, "term_start", x->term_start);
    set_text(o, "term_end", x->term_end);
    set_real(o, "amount", x->amount);
    if (x->ranking)
        json_object_set_new(o, "ranking", json_integer(x->ranking));
    set_text(o, "on", x->on_rrr);
    set_text(o, "exercised_by", x->exercised_by);
    set_text(o, "description", x->description);
    set_text(o, "source_doc", x->source_doc);
    json_object_set_new(o, "holders", reg_holders_payload(x->holders, x->nholders));
    json_t *w = hex_of(x->wkb, x->wkb_n);
    if (w)
        json_object_set_new(o, "wkb", w);
    return o;
}

int reg_rrr_from_payload(json_t *o, struct reg_rrr_row *x)
{
    memset(x, 0, sizeof *x);
    get_text(o, "id", x->id, sizeof x->id);
    get_text(o, "unit", x->unit_code, sizeof x->unit_code);
    get_text(o, "class", x->rrr_class, sizeof x->rrr_class);
    get_text(o, "type", x->type, sizeof x->type);
    x->qllx = json_integer_value(json_object_get(o, "qllx"));
    get_text(o, "layer", x->layer, sizeof x->layer);
    x->z_min = get_real(o, "z_min");
    x->z_max = get_real(o, "z_max");
    get_text(o, "term_start", x->term_start, sizeof x->term_start);
    get_text(o, "term_end", x->term_end, sizeof x->term_end);
    x->amount = get_real(o, "amount");
    x->ranking = json_integer_value(json_object_get(o, "ranking"));
    get_text(o, "on", x->on_rrr, sizeof x->on_rrr);
    get_text(o, "exercised_by", x->exercised_by, sizeof x->exercised_by);
    get_text(o, "description", x->description, sizeof x->description);
    get_text(o, "source_doc", x->source_doc, sizeof x->source_doc);
    if (reg_holders_from_payload(json_object_get(o, "holders"), x->holders, &x->nholders))
        return -1;
    return unhex(json_string_value(json_object_get(o, "wkb")), &x->wkb, &x->wkb_n);
}
