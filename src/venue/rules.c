/* venue/rules — the venue's rules per indicator account (and RIGHT, a registry right sold whole),
 * read once from the table compiled in (data/market/rules-2025.json). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "venue/internal.h"

#define SCHEME    "rules-2025"
#define MAX_RULES 8

static struct {
    pthread_once_t once;
    json_t *root;
    struct vn_rules r[MAX_RULES];
    size_t n;
} table = { PTHREAD_ONCE_INIT, NULL, { { 0 } }, 0 };

static const char *text(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int64_t num(json_t *o, const char *k)
{
    return (int64_t)json_integer_value(json_object_get(o, k));
}

/* "09:30" → 570; -1 when malformed */
static int minutes(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h >= 0 && h < 24 && m >= 0 && m < 60 ? h * 60 + m : -1;
}

static void load(void)
{
    const struct ls_embedded *e = ls_embedded_find(market_builtin_rules, SCHEME);
    table.root = e ? json_loadb((const char *)e->data, e->size, 0, NULL) : NULL;
    json_t *classes = json_object_get(table.root, "classes");
    for (size_t i = 0; i < json_array_size(classes) && table.n < MAX_RULES; i++) {
        json_t *c = json_array_get(classes, i);
        struct vn_rules *r = &table.r[table.n];
        memset(r, 0, sizeof *r);
        r->account = text(c, "account");
        r->zh = text(c, "zh");
        r->en = text(c, "en");
        r->lot_zh = text(c, "lot_zh");
        r->lot_en = text(c, "lot_en");
        r->basis = text(c, "basis");
        r->lot = num(c, "lot");
        r->tick = num(c, "tick");
        r->band_pct = num(c, "band_pct");
        r->block_band_pct = num(c, "block_band_pct");
        r->block_min_lots = num(c, "block_min_lots");
        r->fee_bps = num(c, "fee_bps");
        r->deposit_pct = num(c, "deposit_pct");
        r->order_days_max = num(c, "order_days_max");
        r->notice_days_min = num(c, "notice_days_min");
        r->listing_days_min = num(c, "listing_days_min");
        r->cross_province = json_is_true(json_object_get(c, "cross_province"));
        r->graded = json_is_true(json_object_get(c, "graded"));
        json_t *m = json_object_get(c, "modes"), *el = json_object_get(c, "eligible"),
               *se = json_object_get(c, "sessions");
        for (size_t k = 0; k < json_array_size(m) && r->nmodes < 8; k++)
            r->modes[r->nmodes++] = json_string_value(json_array_get(m, k));
        for (size_t k = 0; k < json_array_size(el) && r->neligible < 8; k++)
            r->eligible[r->neligible++] = json_string_value(json_array_get(el, k));
        int ok = r->account && r->lot > 0 && r->tick > 0;
        for (size_t k = 0; k < json_array_size(se) && r->nsessions < 4; k++) {
            json_t *s = json_array_get(se, k);
            int a = minutes(json_string_value(json_array_get(s, 0)));
            int b = minutes(json_string_value(json_array_get(s, 1)));
            ok &= a >= 0 && b > a;
            r->sessions[r->nsessions][0] = a;
            r->sessions[r->nsessions++][1] = b;
        }
        if (ok)
            table.n++;
    }
}

const struct vn_rules *vn_rules_find(const char *account)
{
    pthread_once(&table.once, load);
    for (size_t i = 0; account && i < table.n; i++)
        if (!strcmp(table.r[i].account, account))
            return &table.r[i];
    return NULL;
}

int vn_rules_mode(const struct vn_rules *r, const char *mode)
{
    for (int i = 0; i < r->nmodes; i++)
        if (r->modes[i] && !strcmp(r->modes[i], mode))
            return 1;
    return 0;
}

json_t *vn_rules_json(void)
{
    pthread_once(&table.once, load);
    return table.root ? json_deep_copy(table.root) : NULL;
}
