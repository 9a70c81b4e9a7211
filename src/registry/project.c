/*
 * registry/project — one ledger event into the projection tables. Used both right after an
 * application is recorded and by `ledger rebuild`, so both paths write the same rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/payload.h"

const char *const reg_projection_tables[] = { "reg_party",  "reg_unit",         "reg_rrr",
                                              "reg_holder", "reg_cert_counter", NULL };
const char *const reg_projection_keys[] = { "party_id", "fid", "fid", "rrr_id, version, party_id",
                                            "prefix",   NULL };

static int bad_payload(const struct lg_event *ev, const char *what, struct ls_err *err)
{
    char where[32];
    snprintf(where, sizeof where, "event %lld", ev->seq);
    return ls_err_set(err, LS_EINVAL, "ledger", where, what,
                      "the %s event's payload lacks a readable %s", ev->type, what);
}

static int project_party(struct reg *r, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    json_t *o = json_object_get(p, "party");
    if (!json_is_object(o))
        return bad_payload(ev, "party", err);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st,
                        "INSERT INTO reg_party (party_id, name, kind, id_code, acts_for, "
                        "begin_seq, updated_seq) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (party_id) DO UPDATE SET name = excluded.name, kind = "
                        "excluded.kind, id_code = excluded.id_code, acts_for = excluded.acts_for, "
                        "updated_seq = excluded.updated_seq",
                        &s, err);
    if (rc)
        return rc;
    static const char *const keys[] = { "id", "name", "kind", "id_code", "acts_for" };
    for (int i = 0; i < 5; i++) {
        const char *v = json_string_value(json_object_get(o, keys[i]));
        st_bind_text(s, i + 1, v ? v : "");
    }
    st_bind_int(s, 6, ev->seq);
    st_bind_int(s, 7, ev->seq);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

/* `shared`: the footprint of what the right stands on, used when the payload has none. */
static int insert_rrr(struct reg *r, const struct lg_event *ev, json_t *o, long long version,
                      const char *valid_from, const unsigned char *shared, size_t shared_n,
                      struct ls_err *err)
{
    struct reg_rrr_row x;
    if (reg_rrr_from_payload(o, &x)) {
        reg_rrr_row_clear(&x);
        return bad_payload(ev, "right", err);
    }
    if (!x.wkb && shared && shared_n) {
        x.wkb = malloc(shared_n);
        if (!x.wkb)
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        memcpy(x.wkb, shared, shared_n);
        x.wkb_n = shared_n;
    }
    x.version = version;
    snprintf(x.valid_from, sizeof x.valid_from, "%s", valid_from);
    x.begin_seq = ev->seq;
    int rc = reg_rrr_insert(r, &x, err);
    reg_rrr_row_clear(&x);
    return rc;
}

/* The footprint of what a restriction stands on: the right it burdens, else its unit. */
static int standing_footprint(struct reg *r, json_t *x, unsigned char **wkb, size_t *n,
                              struct ls_err *err)
{
    *wkb = NULL;
    *n = 0;
    const char *on = json_string_value(json_object_get(x, "on"));
    const char *unit = json_string_value(json_object_get(x, "unit"));
    if (on && *on) {
        struct reg_rrr_row y;
        memset(&y, 0, sizeof y);
        int rc = reg_rrr_current(r, on, &y, err);
        if (rc == 1) {
            *wkb = y.wkb;
            *n = y.wkb_n;
            y.wkb = NULL;
        }
        reg_rrr_row_clear(&y);
        if (rc != 0)
            return rc < 0 ? rc : 0;
    }
    struct reg_unit_row u;
    memset(&u, 0, sizeof u);
    int rc = unit ? reg_unit_current(r, unit, &u, err) : 0;
    if (rc == 1) {
        *wkb = u.wkb;
        *n = u.wkb_n;
        u.wkb = NULL;
    }
    reg_unit_row_clear(&u);
    return rc < 0 ? rc : 0;
}

static int project_first(struct reg *r, const struct lg_event *ev, json_t *p, struct ls_err *err)
{
    struct reg_unit_row u;
    if (reg_unit_from_payload(json_object_get(p, "unit"), &u)) {
        reg_unit_row_clear(&u);
        return bad_payload(ev, "unit", err);
    }
    u.version = 1;
    snprintf(u.valid_from, sizeof u.valid_from, "%s", ev->effective);
    u.begin_seq = ev->seq;
    int rc = reg_unit_insert(r, &u, err);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(p, "rights"), i, x)
    {
        if (rc)
            break;
        rc = insert_rrr(r, ev, x, 1, ev->effective, u.wkb, u.wkb_n, err);
    }
    reg_unit_row_clear(&u);
    return rc;
}

/*
 * A new version of a right from its current one with some fields replaced (from `changes`, a
 * payload fragment). A correction keeps the legal validity of the version it replaces.
 */
static int new_rrr_version(struct reg *r, const struct lg_event *ev, const char *id,
                           json_t *changes, int corrected, struct ls_err *err)
{
    struct reg_rrr_row x;
    int rc = reg_rrr_current(r, id, &x, err);
    if (rc <= 0) {
        reg_rrr_row_clear(&x);
        return rc < 0 ? rc : bad_payload(ev, "right", err);
    }
    json_t *merged = reg_rrr_payload(&x);
    json_object_update(merged, changes);
    char valid_from[16];
    snprintf(valid_from, sizeof valid_from, "%s", corrected ? x.valid_from : ev->effective);
    long long version = x.version + 1;
    reg_rrr_row_clear(&x);
    rc = reg_rrr_close(r, id, ev->seq, corrected ? NULL : ev->effective, corrected, err);
    if (!rc)
        rc = insert_rrr(r, ev, merged, version, valid_from, NULL, 0, err);
    json_decref(merged);
    return rc;
}

static int new_unit_version(struct reg *r, const struct lg_event *ev, const char *code,
                            json_t *changes, int corrected, struct ls_err *err)
{
    struct reg_unit_row u;
    int rc = reg_unit_current(r, code, &u, err);
    if (rc <= 0) {
        reg_unit_row_clear(&u);
        return rc < 0 ? rc : bad_payload(ev, "unit", err);
    }
    json_t *merged = reg_unit_payload(&u);
    json_object_update(merged, changes);
    char valid_from[16];
    snprintf(valid_from, sizeof valid_from, "%s", corrected ? u.valid_from : ev->effective);
    long long version = u.version + 1;
    reg_unit_row_clear(&u);
    rc = reg_unit_close(r, code, ev->seq, corrected ? NULL : ev->effective, corrected, err);
    if (!rc && reg_unit_from_payload(merged, &u))
        rc = bad_payload(ev, "unit", err);
    if (!rc) {
        u.version = version;
        snprintf(u.valid_from, sizeof u.valid_from, "%s", valid_from);
        u.begin_seq = ev->seq;
        rc = reg_unit_insert(r, &u, err);
    }
    reg_unit_row_clear(&u);
    json_decref(merged);
    return rc;
}

static const char *text(json_t *p, const char *k)
{
    const char *v = json_string_value(json_object_get(p, k));
    return v ? v : "";
}

static int project_close_list(struct reg *r, const struct lg_event *ev, json_t *ids,
                              struct ls_err *err)
{
    size_t i;
    json_t *v;
    int rc = 0;
    json_array_foreach(ids, i, v)
    {
        if (!rc)
            rc = reg_rrr_close(r, json_string_value(v), ev->seq, ev->effective, 0, err);
    }
    return rc;
}

int reg_project(struct reg *r, const struct lg_event *ev, struct ls_err *err)
{
    /* Another module's event ("account.user_add", "gep.run"): not the registry's to replay. */
    const char *dot = strchr(ev->type, '.');
    if (dot && strncmp(ev->type, "registry.", 9) != 0)
        return 0;
    json_error_t je;
    json_t *p = json_loads(ev->payload ? ev->payload : "", 0, &je);
    if (!json_is_object(p)) {
        json_decref(p);
        return bad_payload(ev, "JSON", err);
    }
    const char *type = ev->type;
    if (!strncmp(type, "registry.", 9))
        type += 9;
    int rc = 0;
    if (!strcmp(type, "party")) {
        rc = project_party(r, ev, p, err);
    } else if (!strcmp(type, "first")) {
        rc = project_first(r, ev, p, err);
    } else if (!strcmp(type, "transfer")) {
        json_t *ch = json_pack("{s:O}", "holders", json_object_get(p, "holders"));
        rc = new_rrr_version(r, ev, text(p, "right"), ch, 0, err);
        json_decref(ch);
    } else if (!strcmp(type, "change") || !strcmp(type, "correct")) {
        int corrected = !strcmp(type, "correct");
        json_t *fields = json_object_get(p, "fields");
        if (*text(p, "unit")) {
            rc = new_unit_version(r, ev, text(p, "unit"), fields, corrected, err);
            size_t i;
            json_t *id;
            json_t *follow = json_pack("{s:O}", "wkb", json_object_get(fields, "wkb"));
            json_array_foreach(json_object_get(p, "follow"), i, id)
            {
                if (!rc)
                    rc = new_rrr_version(r, ev, json_string_value(id), follow, corrected, err);
            }
            json_decref(follow);
        } else if (*text(p, "right")) {
            rc = new_rrr_version(r, ev, text(p, "right"), fields, corrected, err);
        } else if (*text(p, "party")) {
            json_t *o = json_deep_copy(fields);
            json_object_set_new(o, "id", json_string(text(p, "party")));
            json_t *wrap = json_pack("{s:o}", "party", o);
            rc = project_party(r, ev, wrap, err);
            json_decref(wrap);
        } else {
            rc = bad_payload(ev, "unit, right or party", err);
        }
    } else if (!strcmp(type, "mortgage") || !strcmp(type, "objection") ||
               !strcmp(type, "seizure") || !strcmp(type, "restoration")) {
        json_t *x = json_object_get(p, "right");
        unsigned char *wkb = NULL;
        size_t n = 0;
        rc = standing_footprint(r, x, &wkb, &n, err);
        if (!rc)
            rc = insert_rrr(r, ev, x, 1, ev->effective, wkb, n, err);
        free(wkb);
    } else if (!strcmp(type, "mortgage_release") || !strcmp(type, "release")) {
        rc = reg_rrr_close(r, text(p, "right"), ev->seq, ev->effective, 0, err);
    } else if (!strcmp(type, "cancel")) {
        rc = project_close_list(r, ev, json_object_get(p, "rights"), err);
        if (!rc && *text(p, "unit"))
            rc = reg_unit_close(r, text(p, "unit"), ev->seq, ev->effective, 0, err);
    } else {
        char where[32];
        snprintf(where, sizeof where, "event %lld", ev->seq);
        rc = ls_err_set(err, LS_EUNSUPP, "ledger", where, "type",
                        "event type \"%s\" is not a registry event", ev->type);
    }
    if (!rc && json_object_get(p, "certificates"))
        rc = reg_cert_project(r, ev->seq, json_object_get(p, "certificates"), err);
    json_decref(p);
    return rc;
}
