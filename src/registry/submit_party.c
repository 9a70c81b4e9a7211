/* registry/submit_party — parties (权利人: persons, collectives, enterprises, agencies) and
 * corrections of their records. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

static int party_fields(struct sub_ctx *c, json_t *in, json_t *out, int creating)
{
    const char *id = sub_str(in, "id");
    const char *kind = sub_str(in, "kind");
    if (creating && !sub_valid_id(id))
        return sub_refuse(c, "id", "party id \"%s\": 1-60 letters, digits and - _ / . #", id);
    if (!*sub_str(in, "name"))
        return sub_refuse(c, "name", "a party needs a name");
    if (!reg_party_kind_valid(kind))
        return sub_refuse(c, "kind",
                          "party kind is state, collective, enterprise, person or agency, not "
                          "\"%s\"",
                          kind);
    const char *acts_for = sub_str(in, "acts_for");
    if (*acts_for) {
        char k[16];
        int rc = reg_party_kind(c->r, acts_for, k, c->err);
        if (rc < 0)
            return rc;
        if (!rc)
            return sub_refuse(c, "acts_for", "party \"%s\" is not registered", acts_for);
        /* the chain of 代理行使: a ministry acts for the state, a provincial or county
         * bureau for the ministry; an agency acting for a person or firm is no such chain */
        if (!strcmp(kind, "agency") && strcmp(k, "state") && strcmp(k, "agency"))
            return sub_refuse(c, "acts_for",
                              "an agency exercises ownership on behalf of the state (or of another "
                              "agency), not of \"%s\" (%s)",
                              acts_for, k);
    }
    static const char *const keys[] = { "id", "name", "kind", "id_code", "acts_for" };
    for (int i = 0; i < 5; i++)
        json_object_set_new(out, keys[i], json_string(sub_str(in, keys[i])));
    return 0;
}

int sub_party(struct sub_ctx *c, json_t *app, json_t *payload, char *subject)
{
    json_t *in = json_object_get(app, "party");
    snprintf(c->where, sizeof c->where, "party %s", sub_str(in, "id"));
    if (!json_is_object(in))
        return sub_refuse(c, "party", "a party application has a party object");
    char kind[16];
    int rc = reg_party_kind(c->r, sub_str(in, "id"), kind, c->err);
    if (rc < 0)
        return rc;
    /* a party id is the key every holder row points at: registering it twice would make
     * "who holds this" ambiguous */
    if (rc)
        return sub_refuse(c, "id", "party %s is already registered; correct it instead",
                          sub_str(in, "id"));
    json_t *o = json_object();
    rc = party_fields(c, in, o, 1);
    if (rc) {
        json_decref(o);
        return rc;
    }
    json_object_set_new(payload, "party", o);
    snprintf(subject, 64, "%s", sub_str(in, "id"));
    return 0;
}

int sub_correct_party(struct sub_ctx *c, json_t *app, json_t *payload, char *subject)
{
    const char *id = sub_str(app, "party");
    snprintf(c->where, sizeof c->where, "party %s", id);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->r->st,
                        "SELECT party_id, name, kind, id_code, acts_for FROM reg_party WHERE "
                        "party_id = ?",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, c->err);
    json_t *merged = json_object();
    static const char *const keys[] = { "id", "name", "kind", "id_code", "acts_for" };
    if (rc == 1)
        for (int i = 0; i < 5; i++)
            json_object_set_new(merged, keys[i], json_string(st_col_text(s, i)));
    st_finalize(s);
    if (rc == 0)
        rc = sub_refuse(c, "party", "party \"%s\" is not registered", id);
    if (rc < 0) {
        json_decref(merged);
        return rc;
    }
    json_t *in = json_object_get(app, "fields");
    const char *key;
    json_t *v;
    rc = json_is_object(in) ? 0 : sub_refuse(c, "fields", "a correction lists values under fields");
    json_object_foreach(in, key, v)
    {
        /* the id is the key and the kind decides which ownerships the party may hold, so
         * changing either would silently change rights already registered: a different
         * party is registered instead */
        if (!rc && strcmp(key, "name") && strcmp(key, "id_code") && strcmp(key, "acts_for"))
            rc = sub_refuse(c, key, "%s cannot be corrected on a party (name, id_code, acts_for)",
                            key);
        if (!rc)
            json_object_set(merged, key, v);
    }
    /* the corrected record is checked whole, as a new party would be */
    json_t *fields = json_object();
    if (!rc)
        rc = party_fields(c, merged, fields, 0);
    json_object_del(fields, "id");
    if (!rc) {
        json_object_set_new(payload, "party", json_string(id));
        json_object_set(payload, "fields", fields);
        snprintf(subject, 64, "%s", id);
    }
    json_decref(fields);
    json_decref(merged);
    return rc;
}
