/*
 * registry/query — reading the register: a unit with its rights as of a date, its history,
 * and searches. "As of D" selects the versions whose legal validity covers D and that no
 * correction replaced; without a date, the versions in force now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/internal.h"

static void put_text(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, *v ? json_string(v) : json_null());
}

static void put_real(json_t *o, const char *k, double v)
{
    json_object_set_new(o, k, isnan(v) ? json_null() : json_real(v));
}

static json_t *unit_json(const struct reg_unit_row *u)
{
    json_t *o = json_object();
    put_text(o, "code", u->code);
    json_object_set_new(o, "version", json_integer(u->version));
    put_text(o, "name", u->name);
    put_text(o, "class", u->unit_class);
    put_text(o, "resource_type", u->resource_type);
    put_text(o, "resource_type_label", reg_resource_type_label(u->resource_type));
    put_text(o, "layer", u->layer);
    put_text(o, "layer_label", reg_layer_label(u->layer));
    put_real(o, "z_min", u->z_min);
    put_real(o, "z_max", u->z_max);
    json_object_set_new(o, "area_m2", json_real(u->area_m2));
    put_real(o, "quantity", u->quantity);
    put_text(o, "quantity_unit", u->quantity_unit);
    put_text(o, "quality", u->quality);
    put_text(o, "valid_from", u->valid_from);
    put_text(o, "valid_to", u->valid_to);
    json_object_set_new(o, "begin_seq", json_integer(u->begin_seq));
    json_object_set_new(o, "end_seq", u->end_seq ? json_integer(u->end_seq) : json_null());
    json_object_set_new(o, "corrected", json_boolean(u->corrected_seq != 0));
    return o;
}

static const char *party_name(struct reg *r, const char *id, char *buf, size_t size)
{
    struct ls_stmt *s = NULL;
    snprintf(buf, size, "%s", "");
    if (st_prepare(r->st, "SELECT name FROM reg_party WHERE party_id = ?", &s, NULL))
        return buf;
    st_bind_text(s, 1, id);
    if (st_step(s, NULL) == 1)
        snprintf(buf, size, "%s", st_col_text(s, 0));
    st_finalize(s);
    return buf;
}

static json_t *rrr_json(struct reg *r, const struct reg_rrr_row *x)
{
    json_t *o = json_object();
    const struct reg_rrr_type *t = reg_rrr_type_find(x->type);
    put_text(o, "id", x->id);
    json_object_set_new(o, "version", json_integer(x->version));
    put_text(o, "class", x->rrr_class);
    put_text(o, "type", x->type);
    put_text(o, "type_label", t ? t->label : x->type);
    json_object_set_new(o, "qllx", x->qllx ? json_integer(x->qllx) : json_null());
    put_text(o, "layer", x->layer);
    put_text(o, "layer_label", reg_layer_label(x->layer));
    put_real(o, "z_min", x->z_min);
    put_real(o, "z_max", x->z_max);
    put_text(o, "term_start", x->term_start);
    put_text(o, "term_end", x->term_end);
    put_real(o, "amount", x->amount);
    json_object_set_new(o, "ranking", x->ranking ? json_integer(x->ranking) : json_null());
    put_text(o, "on", x->on_rrr);
    put_text(o, "exercised_by", x->exercised_by);
    put_text(o, "description", x->description);
    put_text(o, "source_doc", x->source_doc);
    put_text(o, "certificate", x->cert_no);
    put_text(o, "valid_from", x->valid_from);
    put_text(o, "valid_to", x->valid_to);
    json_t *h = json_array();
    for (int i = 0; i < x->nholders; i++) {
        char name[256], share[48];
        snprintf(share, sizeof share, "%lld/%lld", x->holders[i].num, x->holders[i].den);
        json_array_append_new(h, json_pack("{s:s, s:s, s:s}", "party", x->holders[i].party, "name",
                                           party_name(r, x->holders[i].party, name, sizeof name),
                                           "share", share));
    }
    json_object_set_new(o, "holders", h);
    return o;
}

#define AS_OF_CONDITION \
    " AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) AND corrected_seq IS NULL"

int reg_show(struct reg *r, const char *code, const char *as_of, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (as_of && !reg_date_valid(as_of))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "as_of", "\"%s\" is not a date YYYY-MM-DD",
                          as_of);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT " REG_UNIT_COLUMNS " FROM reg_unit WHERE unit_code = ?%s ORDER BY "
             "(end_seq IS NULL) DESC, version DESC LIMIT 1",
             as_of ? AS_OF_CONDITION : "");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st, sql, &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, code);
    if (as_of) {
        st_bind_text(s, 2, as_of);
        st_bind_text(s, 3, as_of);
    }
    struct reg_unit_row u;
    memset(&u, 0, sizeof u);
    rc = st_step(s, err);
    if (rc == 1)
        rc = reg_unit_read(s, &u) ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory")
                                  : 1;
    st_finalize(s);
    if (rc == 0)
        rc = ls_err_set(err, LS_ENOENT, NULL, NULL, "unit",
                        as_of ? "unit %s was not registered on %s" : "no unit %s is registered",
                        code, as_of ? as_of : "");
    if (rc < 0) {
        reg_unit_row_clear(&u);
        return rc;
    }
    json_t *o = json_object();
    json_t *uj = unit_json(&u);
    int cancelled = !as_of && u.end_seq;
    json_object_set_new(uj, "status", json_string(cancelled ? "cancelled" : "registered"));
    json_object_set_new(o, "unit", uj);
    json_object_set_new(o, "as_of", as_of ? json_string(as_of) : json_null());
    reg_unit_row_clear(&u);
    snprintf(sql, sizeof sql,
             "SELECT " REG_RRR_COLUMNS " FROM reg_rrr WHERE unit_code = ?%s ORDER BY layer, "
             "rrr_class, rrr_id",
             as_of ? AS_OF_CONDITION : " AND end_seq IS NULL");
    rc = st_prepare(r->st, sql, &s, err);
    json_t *groups[3] = { json_array(), json_array(), json_array() };
    if (!rc) {
        st_bind_text(s, 1, code);
        if (as_of) {
            st_bind_text(s, 2, as_of);
            st_bind_text(s, 3, as_of);
        }
        while ((rc = st_step(s, err)) == 1) {
            struct reg_rrr_row x;
            rc = reg_rrr_read(r, s, &x, err);
            if (!rc) {
                int g = !strcmp(x.rrr_class, "right")         ? 0
                        : !strcmp(x.rrr_class, "restriction") ? 1
                                                              : 2;
                json_array_append_new(groups[g], rrr_json(r, &x));
            }
            reg_rrr_row_clear(&x);
            if (rc)
                break;
        }
        st_finalize(s);
    }
    json_object_set_new(o, "rights", groups[0]);
    json_object_set_new(o, "restrictions", groups[1]);
    json_object_set_new(o, "responsibilities", groups[2]);
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

struct history {
    json_t *events;
};

static int history_visit(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    (void)err;
    struct history *h = ctx;
    json_error_t je;
    json_t *p = json_loads(ev->payload, 0, &je);
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)ev->seq,
                  "recorded", ev->recorded, "effective", ev->effective, "actor", ev->actor, "type",
                  ev->type, "reason", ev->reason, "source_doc", ev->source_doc, "hash", ev->hash);
    /* what the event touched, without the bulky geometries */
    if (p) {
        json_t *unit = json_object_get(p, "unit");
        if (json_is_object(unit))
            json_object_del(unit, "wkb");
        json_t *f = json_object_get(p, "fields");
        if (json_is_object(f))
            json_object_del(f, "wkb");
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(p, "rights"), i, x)
        {
            if (json_is_object(x))
                json_object_del(x, "wkb");
        }
        if (json_is_object(json_object_get(p, "right")))
            json_object_del(json_object_get(p, "right"), "wkb");
        json_object_set_new(o, "details", p);
    }
    json_array_append_new(h->events, o);
    return 0;
}

int reg_history(struct reg *r, const char *code, json_t **out, struct ls_err *err)
{
    *out = NULL;
    int exists = 0;
    int rc = reg_unit_exists(r, code, &exists, err);
    if (rc)
        return rc;
    if (!exists)
        return ls_err_set(err, LS_ENOENT, NULL, NULL, "unit", "no unit %s is registered", code);
    struct history h = { json_array() };
    rc = lg_replay(r->st, code, 0, history_visit, &h, err);
    if (rc) {
        json_decref(h.events);
        return rc;
    }
    json_t *versions = json_array();
    struct ls_stmt *s = NULL;
    rc = st_prepare(
        r->st, "SELECT " REG_UNIT_COLUMNS " FROM reg_unit WHERE unit_code = ? ORDER BY version", &s,
        err);
    if (!rc) {
        st_bind_text(s, 1, code);
        while ((rc = st_step(s, err)) == 1) {
            struct reg_unit_row u;
            if (!reg_unit_read(s, &u))
                json_array_append_new(versions, unit_json(&u));
            reg_unit_row_clear(&u);
        }
        st_finalize(s);
    }
    json_t *rights = json_array();
    if (rc >= 0)
        rc = st_prepare(r->st,
                        "SELECT " REG_RRR_COLUMNS
                        " FROM reg_rrr WHERE unit_code = ? ORDER BY rrr_id, version",
                        &s, err);
    if (rc >= 0) {
        st_bind_text(s, 1, code);
        while ((rc = st_step(s, err)) == 1) {
            struct reg_rrr_row x;
            rc = reg_rrr_read(r, s, &x, err);
            if (!rc)
                json_array_append_new(rights, rrr_json(r, &x));
            reg_rrr_row_clear(&x);
            if (rc)
                break;
        }
        st_finalize(s);
    }
    json_t *o = json_pack("{s:s, s:o, s:o, s:o}", "unit", code, "events", h.events, "unit_versions",
                          versions, "right_versions", rights);
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

int reg_search(struct reg *r, const struct reg_query *q, json_t **out, struct ls_err *err)
{
    *out = NULL;
    if (q->as_of && !reg_date_valid(q->as_of))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "as_of", "\"%s\" is not a date YYYY-MM-DD",
                          q->as_of);
    char sql[2048], cond[256];
    int n = snprintf(sql, sizeof sql, "SELECT " REG_UNIT_COLUMNS " FROM reg_unit u WHERE %s",
                     q->as_of ? "1 = 1" AS_OF_CONDITION : "end_seq IS NULL");
    if (q->text)
        n += snprintf(sql + n, sizeof sql - (size_t)n,
                      " AND (unit_code LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR unit_code "
                      "IN (SELECT x.unit_code "
                      "FROM reg_rrr x JOIN reg_holder h ON h.rrr_id = x.rrr_id AND h.version = "
                      "x.version JOIN reg_party p ON p.party_id = h.party_id WHERE x.end_seq IS "
                      "NULL AND p.name LIKE ? ESCAPE '\\') OR unit_code IN (SELECT unit_code "
                      "FROM reg_rrr WHERE cert_no LIKE ? ESCAPE '\\'))");
    if (q->resource_type)
        n += snprintf(sql + n, sizeof sql - (size_t)n, " AND resource_type = ?");
    if (q->party)
        n += snprintf(sql + n, sizeof sql - (size_t)n,
                      " AND unit_code IN (SELECT x.unit_code FROM reg_rrr x JOIN reg_holder h ON "
                      "h.rrr_id = x.rrr_id AND h.version = x.version WHERE x.end_seq IS NULL AND "
                      "h.party_id = ?)");
    if (q->has_bbox)
        n += snprintf(sql + n, sizeof sql - (size_t)n, " AND %s",
                      st_bbox_condition(r->st, "reg_unit", cond, sizeof cond));
    snprintf(sql + n, sizeof sql - (size_t)n, " ORDER BY unit_code LIMIT %d OFFSET %lld",
             q->limit > 0 ? q->limit : 100, q->offset > 0 ? q->offset : 0LL);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st, sql, &s, err);
    if (rc)
        return rc;
    int i = 1;
    if (q->as_of) {
        st_bind_text(s, i++, q->as_of);
        st_bind_text(s, i++, q->as_of);
    }
    if (q->text) {
        /* the text is matched as typed: % and _ are LIKE's wildcards, and \\ the escape
         * named in the SQL, so all three are escaped (a search for "10_1" finds 10_1 only) */
        char lit[600], prefix[620], like[620];
        size_t o = 0;
        for (const char *t = q->text; *t && o + 2 < sizeof lit; t++) {
            if (*t == '%' || *t == '_' || *t == '\\')
                lit[o++] = '\\';
            lit[o++] = *t;
        }
        lit[o] = '\0';
        snprintf(prefix, sizeof prefix, "%s%%", lit);
        snprintf(like, sizeof like, "%%%s%%", lit);
        st_bind_text(s, i++, prefix);
        st_bind_text(s, i++, like);
        st_bind_text(s, i++, like);
        st_bind_text(s, i++, like); /* 不动产权证号, the current or an earlier one */
    }
    if (q->resource_type)
        st_bind_text(s, i++, q->resource_type);
    if (q->party)
        st_bind_text(s, i++, q->party);
    for (int k = 0; q->has_bbox && k < 4; k++)
        st_bind_double(s, i++, q->bbox[k]);
    json_t *units = json_array();
    while ((rc = st_step(s, err)) == 1) {
        struct reg_unit_row u;
        if (!reg_unit_read(s, &u))
            json_array_append_new(units, unit_json(&u));
        reg_unit_row_clear(&u);
    }
    st_finalize(s);
    if (rc < 0) {
        json_decref(units);
        return rc;
    }
    *out = json_pack("{s:o, s:I}", "units", units, "count", (json_int_t)json_array_size(units));
    return 0;
}
