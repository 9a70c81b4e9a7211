/* valuation/scheme — loading a valuation scheme: built in (data/valuation/) or a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "valuation/internal.h"

const char *const *val_scheme_builtin_ids(void)
{
    static const char *ids[16];
    if (!ids[0]) {
        size_t n = 0;
        for (const struct ls_embedded *e = valuation_builtin_schemes; e->name && n < 15; e++)
            ids[n++] = e->name;
        ids[n] = NULL;
    }
    return ids;
}

static int parse(struct val_scheme *s, const char *text, size_t len, struct ls_err *err)
{
    json_error_t je;
    s->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!s->root)
        return ls_err_set(err, LS_EINVAL, s->origin, NULL, NULL,
                          "malformed valuation scheme at line %d: %s", je.line, je.text);
    const char *id = json_string_value(json_object_get(s->root, "id"));
    const char *version = json_string_value(json_object_get(s->root, "version"));
    if (!id || !version || !json_is_object(json_object_get(s->root, "sea_fee")) ||
        !json_is_object(json_object_get(s->root, "comparison")))
        return ls_err_set(err, LS_EINVAL, s->origin, NULL, !id ? "id" : "version",
                          "a valuation scheme has an id, a version, its comparison rules and "
                          "its sea-area fee table");
    snprintf(s->id, sizeof s->id, "%s", id);
    snprintf(s->version, sizeof s->version, "%s", version);
    ls_sha256_hex(text, len, s->sha256);
    return 0;
}

int val_scheme_load(const char *name_or_path, struct val_scheme **out, struct ls_err *err)
{
    *out = NULL;
    struct val_scheme *s = calloc(1, sizeof *s);
    if (!s)
        return ls_err_set(err, LS_ENOMEM, name_or_path, NULL, NULL, "out of memory");
    const struct ls_embedded *e = ls_embedded_find(valuation_builtin_schemes, name_or_path);
    int rc;
    if (e) {
        snprintf(s->origin, sizeof s->origin, "built-in:%s", e->name);
        rc = parse(s, (const char *)e->data, e->size, err);
    } else {
        snprintf(s->origin, sizeof s->origin, "%s", name_or_path);
        FILE *f = fopen(name_or_path, "rb");
        if (!f) {
            free(s);
            char list[256] = "";
            for (const char *const *id = val_scheme_builtin_ids(); *id; id++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         list[0] ? ", " : "", *id);
            return ls_err_set(err, LS_ENOENT, name_or_path, NULL, "scheme",
                              "no such valuation scheme: neither built in (%s) nor a file", list);
        }
        char *buf = NULL;
        size_t len = 0, cap = 0;
        for (;;) {
            if (len + 4096 > cap) {
                char *b = realloc(buf, cap = cap ? cap * 2 : 65536);
                if (!b) {
                    free(buf);
                    fclose(f);
                    free(s);
                    return ls_err_set(err, LS_ENOMEM, name_or_path, NULL, NULL, "out of memory");
                }
                buf = b;
            }
            size_t got = fread(buf + len, 1, cap - len, f);
            len += got;
            if (!got)
                break;
        }
        fclose(f);
        rc = parse(s, buf, len, err);
        free(buf);
    }
    if (rc) {
        val_scheme_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void val_scheme_free(struct val_scheme *s)
{
    if (!s)
        return;
    json_decref(s->root);
    free(s);
}

json_t *val_scheme_json(const struct val_scheme *s)
{
    return json_pack("{s:s, s:s, s:s?, s:s, s:s}", "id", s->id, "version", s->version, "standard",
                     json_string_value(json_object_get(s->root, "standard")), "sha256", s->sha256,
                     "origin", s->origin);
}
