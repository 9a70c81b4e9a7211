/*
 * registry/submit — an application checked against the register, then recorded: the
 * registration rules live here. Each check that fails names the rule and the record it
 * conflicts with; nothing is written until every check has passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/payload.h"

/* What is being checked, for messages. */
struct ctx {
    struct reg *r;
    const char *input;
    char where[96];
    const char *date;
    struct ls_err *err;
};

static int refuse(struct ctx *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int refuse(struct ctx *c, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(c->err, LS_EINVAL, c->input, c->where, field, fmt, ap);
    va_end(ap);
    return rc;
}

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int opt_real(struct ctx *c, json_t *o, const char *k, double *out)
{
    json_t *v = json_object_get(o, k);
    *out = NAN;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v))
        return refuse(c, k, "%s must be a number (metres for heights)", k);
    *out = json_number_value(v);
    return 0;
}

static int opt_date(struct ctx *c, json_t *o, const char *k, char out[16])
{
    const char *v = str(o, k);
    out[0] = '\0';
    if (!*v)
        return 0;
    if (!reg_date_valid(v))
        return refuse(c, k, "\"%s\" is not a date YYYY-MM-DD", v);
    snprintf(out, 16, "%s", v);
    return 0;
}

/* Terms as half-open intervals of dates; "" is open. */
static int terms_overlap(const char *a0, const char *a1, const char *b0, const char *b1)
{
    int a_before_b = *a1 && *b0 && strcmp(a1, b0) <= 0;
    int b_before_a = *b1 && *a0 && strcmp(b1, a0) <= 0;
    return !a_before_b && !b_before_a;
}

static int term_within(const char *in0, const char *in1, const char *out0, const char *out1)
{
    if (*out0 && (!*in0 || strcmp(in0, out0) < 0))
        return 0;
    if (*out1 && (!*in1 || strcmp(in1, out1) > 0))
        return 0;
    return 1;
}

static int holders_parse(struct ctx *c, json_t *a, const struct reg_rrr_type *t,
                         struct reg_holder *h, int *n)
{
    *n = 0;
    if (a && !json_is_array(a))
        return refuse(c, "holders", "holders must be a list of {party, share}");
    if (!t->party && json_array_size(a))
        return refuse(c, "holders", "a %s (%s) is a public control and has no holder", t->id,
                      t->label);
    if (t->party && !json_array_size(a))
        return refuse(c, "holders", "a %s (%s) needs at least one holder", t->id, t->label);
    long long num = 0, den = 1;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (*n >= REG_MAX_HOLDERS)
            return refuse(c, "holders", "more than %d holders", REG_MAX_HOLDERS);
        struct reg_holder *x = &h[(*n)++];
        snprintf(x->party, sizeof x->party, "%s", str(v, "party"));
        char kind[16];
        int rc = reg_party_kind(c->r, x->party, kind, c->err);
        if (rc < 0)
            return rc;
        if (!rc)
            return refuse(c, "holders",
                          "party \"%s\" is not registered; register it first (type party)",
                          x->party);
        if (!strcmp(t->id, "ownership_state") && strcmp(kind, "state"))
            return refuse(c, "holders",
                          "state ownership (国家所有权) is held by the state party, not by \"%s\" "
                          "(%s)",
                          x->party, kind);
        if (!strcmp(t->id, "ownership_collective") && strcmp(kind, "collective"))
            return refuse(c, "holders",
                          "collective land ownership is held by a collective (农民集体), not by "
                          "\"%s\" (%s)",
                          x->party, kind);
        for (int k = 0; k + 1 < *n; k++)
            if (!strcmp(h[k].party, x->party))
                return refuse(c, "holders", "party \"%s\" is listed twice", x->party);
        json_t *sv = json_object_get(v, "share");
        char share[48];
        if (json_is_number(sv))
            snprintf(share, sizeof share, "%.15g", json_number_value(sv));
        else
            snprintf(share, sizeof share, "%s",
                     json_is_string(sv)        ? json_string_value(sv)
                     : json_array_size(a) == 1 ? "1"
                                               : "");
        if (reg_share_parse(share, &x->num, &x->den))
            return refuse(c, "share",
                          "share \"%s\" of party \"%s\" is not a fraction in (0, 1] such as "
                          "1/3 or 0.5",
                          share, x->party);
        if (reg_share_add(&num, &den, x->num, x->den))
            return refuse(c, "share", "shares are too finely divided to add up exactly");
    }
    if (*n && !(num == 1 && den == 1))
        return refuse(c, "share", "the shares of the co-holders add up to %lld/%lld, not 1", num,
                      den);
    return 0;
}

/* Conflict search against the rights in force near a new or changed right. */
struct conflict {
    struct ctx *c;
    const struct reg_rrr_row *x;
    GEOSGeometry *geom;
    const char *skip; /* the right's own id when it is being changed */
    int is_ownership;
};

static int conflict_visit(void *arg, struct reg_rrr_row *y, struct ls_err *err)
{
    (void)err;
    struct conflict *k = arg;
    const struct reg_rrr_row *x = k->x;
    if (k->skip && !strcmp(k->skip, y->id))
        return 0;
    const struct reg_rrr_type *ty = reg_rrr_type_find(y->type);
    if (!ty || ty->cls != REG_RIGHT)
        return 0;
    struct rgeom *g = k->c->r->g;
    if (ty->ownership || k->is_ownership) {
        if (ty->ownership && k->is_ownership && !strcmp(x->unit_code, y->unit_code) &&
            terms_overlap(x->term_start, x->term_end, y->term_start, y->term_end))
            return refuse(k->c, "type",
                          "unit %s already has an ownership right in force, %s (%s): one "
                          "ownership per unit; co-owners are holders with shares of that right",
                          x->unit_code, y->id, y->type);
        if (ty->ownership && !k->is_ownership && *x->term_start) {
            /* the use right's term lies inside the term of the ownership under it */
            GEOSGeometry *yg = rg_from_wkb(g, y->wkb, y->wkb_n);
            double ov = yg ? rg_overlap(g, k->geom, yg) : 0;
            rg_free(g, yg);
            if (ov > RG_TOLERANCE_M2 &&
                !term_within(x->term_start, x->term_end, y->term_start, y->term_end))
                return refuse(k->c, "term_end",
                              "the term %s – %s runs outside the term %s – %s of ownership %s "
                              "it depends on",
                              x->term_start, *x->term_end ? x->term_end : "open",
                              *y->term_start ? y->term_start : "open",
                              *y->term_end ? y->term_end : "open", y->id);
        }
        return 0;
    }
    if (!terms_overlap(x->term_start, x->term_end, y->term_start, y->term_end))
        return 0;
    if (!reg_layers_meet(x->layer, x->z_min, x->z_max, y->layer, y->z_min, y->z_max))
        return 0;
    GEOSGeometry *yg = rg_from_wkb(g, y->wkb, y->wkb_n);
    double ov = yg ? rg_overlap(g, k->geom, yg) : 0;
    rg_free(g, yg);
    if (ov <= RG_TOLERANCE_M2)
        return 0;
    if (!strcmp(x->type, y->type) && !strcmp(x->unit_code, y->unit_code))
        return refuse(k->c, "type",
                      "right %s (%s, layer %s) of unit %s is in force over the same unit, layer "
                      "and time: two exclusive rights of one kind cannot coexist",
                      y->id, y->type, y->layer, y->unit_code);
    return refuse(k->c, "layer",
                  "overlaps right %s (%s, layer %s, unit %s) by %.2f m² in plan in the same "
                  "layer and time: layered rights may overlap in plan only when their layers "
                  "differ",
                  y->id, y->type, y->layer, y->unit_code, ov);
}

static int check_conflicts(struct ctx *c, const struct reg_rrr_row *x, GEOSGeometry *geom,
                           const char *skip, struct reg_rrr_row *pending, int npending)
{
    const struct reg_rrr_type *t = reg_rrr_type_find(x->type);
    if (t->cls != REG_RIGHT)
        return 0;
    struct conflict k = { c, x, geom, skip, t->ownership };
    double box[4];
    rg_bbox(c->r->g, geom, box);
    int rc = reg_rrr_near(c->r, box, conflict_visit, &k, c->err);
    for (int i = 0; !rc && i < npending; i++)
        rc = conflict_visit(&k, &pending[i], c->err);
    return rc;
}

/*
 * A right, restriction or responsibility of an application on `unit` (its current row),
 * checked and normalised into x.
 */
static int rrr_normalise(struct ctx *c, json_t *in, const struct reg_unit_row *unit,
                         GEOSGeometry *unit_geom, struct reg_rrr_row *x, GEOSGeometry **geom_out)
{
    memset(x, 0, sizeof *x);
    *geom_out = NULL;
    const struct reg_rrr_type *t = reg_rrr_type_find(str(in, "type"));
    if (!t)
        return refuse(
            c, "type",
            "\"%s\" is no right, restriction or responsibility type (see docs/registry.md)",
            str(in, "type"));
    snprintf(x->id, sizeof x->id, "%s", str(in, "id"));
    snprintf(x->unit_code, sizeof x->unit_code, "%s", unit->code);
    snprintf(x->rrr_class, sizeof x->rrr_class, "%s", reg_rrr_class_name(t->cls));
    snprintf(x->type, sizeof x->type, "%s", t->id);
    x->qllx = t->qllx;
    const char *layer = *str(in, "layer") ? str(in, "layer") : unit->layer;
    if (!reg_layer_valid(layer))
        return refuse(c, "layer",
                      "\"%s\" is no layer (whole, surface, above, below, "
                      "sea_surface, water_column, seabed, subsoil)",
                      layer);
    snprintf(x->layer, sizeof x->layer, "%s", layer);
    int rc = opt_real(c, in, "z_min", &x->z_min);
    if (!rc)
        rc = opt_real(c, in, "z_max", &x->z_max);
    if (!rc && json_object_get(in, "z_min") == NULL && json_object_get(in, "z_max") == NULL &&
        !*str(in, "layer")) {
        x->z_min = unit->z_min;
        x->z_max = unit->z_max;
    }
    if (!rc && !isnan(x->z_min) && !isnan(x->z_max) && x->z_min >= x->z_max)
        rc = refuse(c, "z_max", "the vertical extent %g – %g m is empty", x->z_min, x->z_max);
    if (!rc)
        rc = opt_date(c, in, "term_start", x->term_start);
    if (!rc)
        rc = opt_date(c, in, "term_end", x->term_end);
    if (!rc && *x->term_start && *x->term_end && strcmp(x->term_start, x->term_end) >= 0)
        rc = refuse(c, "term_end", "the term ends (%s) before it starts (%s)", x->term_end,
                    x->term_start);
    if (!rc)
        rc = opt_real(c, in, "amount", &x->amount);
    if (rc)
        return rc;
    snprintf(x->description, sizeof x->description, "%s", str(in, "description"));
    snprintf(x->source_doc, sizeof x->source_doc, "%s", str(in, "source_doc"));
    snprintf(x->exercised_by, sizeof x->exercised_by, "%s", str(in, "exercised_by"));
    if (*x->exercised_by) {
        char kind[16];
        rc = reg_party_kind(c->r, x->exercised_by, kind, c->err);
        if (rc < 0)
            return rc;
        if (!rc || strcmp(kind, "agency"))
            return refuse(c, "exercised_by",
                          "\"%s\" must be a registered agency party (代表/代理行使主体)",
                          x->exercised_by);
    }
    if (!strcmp(t->id, "ownership_state") && !strcmp(unit->unit_class, "natural") &&
        !*x->exercised_by)
        return refuse(c, "exercised_by",
                      "state ownership of a natural-resource unit names the body exercising it "
                      "on behalf of the state (代表行使主体)");
    if (!strcmp(unit->unit_class, "real_estate") && t->ownership) {
        char own = unit->code[12];
        if ((own == 'G' && strcmp(t->id, "ownership_state")) ||
            (own == 'J' && strcmp(t->id, "ownership_collective")))
            return refuse(c, "type", "unit code %s says %s ownership, not %s", unit->code,
                          own == 'G' ? "state (G)" : "collective (J)", t->id);
    }
    rc = holders_parse(c, json_object_get(in, "holders"), t, x->holders, &x->nholders);
    if (rc)
        return rc;
    /* the right's own footprint, which must lie inside the unit; the unit's by default */
    json_t *gj = json_object_get(in, "geometry");
    GEOSGeometry *geom = NULL;
    if (gj && !json_is_null(gj)) {
        char why[256];
        geom = rg_from_json(c->r->g, gj, why, sizeof why);
        if (!geom)
            return refuse(c, "geometry", "%s", why);
        double out = rg_outside(c->r->g, geom, unit_geom);
        if (out > RG_TOLERANCE_M2) {
            rg_free(c->r->g, geom);
            return refuse(c, "geometry",
                          "the right's footprint reaches %.2f m² outside its unit %s: a right "
                          "lies inside its unit",
                          out, unit->code);
        }
    } else {
        geom = GEOSGeom_clone_r(rg_geos(c->r->g), unit_geom);
    }
    x->wkb = rg_wkb(c->r->g, geom, &x->wkb_n);
    *geom_out = geom;
    return 0;
}

struct unit_overlap {
    struct ctx *c;
    const struct reg_unit_row *u;
    GEOSGeometry *geom;
};

static int unit_overlap_visit(void *arg, struct reg_unit_row *o, struct ls_err *err)
{
    (void)err;
    struct unit_overlap *k = arg;
    if (!strcmp(o->code, k->u->code))
        return 0;
    if (!reg_layers_meet(k->u->layer, k->u->z_min, k->u->z_max, o->layer, o->z_min, o->z_max))
        return 0;
    struct rgeom *g = k->c->r->g;
    GEOSGeometry *og = rg_from_wkb(g, o->wkb, o->wkb_n);
    double ov = og ? rg_overlap(g, k->geom, og) : 0;
    rg_free(g, og);
    if (ov <= RG_TOLERANCE_M2)
        return 0;
    return refuse(k->c, "geometry",
                  "the boundary overlaps unit %s (%s, same resource type %s, layer %s) by %.2f "
                  "m²: units of one resource type may not overlap",
                  o->code, o->name, o->resource_type, o->layer, ov);
}

static int check_unit_overlap(struct ctx *c, const struct reg_unit_row *u, GEOSGeometry *geom)
{
    struct unit_overlap k = { c, u, geom };
    double box[4];
    rg_bbox(c->r->g, geom, box);
    return reg_unit_near(c->r, u->resource_type, box, unit_overlap_visit, &k, c->err);
}

/*
 * A right's payload without its footprint when that is the footprint of what it stands on
 * (its unit, or the right a restriction burdens): the projection takes it from there, and the
 * journal does not carry every boundary twice.
 */
static json_t *payload_sharing(const struct reg_rrr_row *x, const unsigned char *wkb, size_t n)
{
    json_t *o = reg_rrr_payload(x);
    if (x->wkb_n == n && wkb && !memcmp(x->wkb, wkb, n))
        json_object_del(o, "wkb");
    return o;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 60)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!(ch >= '0' && ch <= '9') && !(ch >= 'A' && ch <= 'Z') && !(ch >= 'a' && ch <= 'z') &&
            !strchr("-_/.#", ch))
            return 0;
    }
    return 1;
}

static int unit_normalise(struct ctx *c, json_t *in, struct reg_unit_row *u,
                          GEOSGeometry **geom_out)
{
    memset(u, 0, sizeof *u);
    u->z_min = u->z_max = u->quantity = NAN;
    *geom_out = NULL;
    if (!json_is_object(in))
        return refuse(c, "unit", "a first registration needs a unit object");
    snprintf(u->code, sizeof u->code, "%s", str(in, "code"));
    snprintf(c->where, sizeof c->where, "unit %s", u->code);
    const char *cls = str(in, "class");
    const char *county = st_meta(c->r->st, "county");
    char why[256];
    const char *kind = "", *layer = "";
    if (!strcmp(cls, "real_estate")) {
        char own = 0;
        if (reg_unit_code_check(u->code, county, why, sizeof why, &kind, &layer, &own))
            return refuse(c, "code", "%s", why);
    } else if (!strcmp(cls, "natural")) {
        size_t n = strlen(u->code);
        if (n < 7 || n > 40 || !valid_id(u->code))
            return refuse(c, "code",
                          "a natural-resource unit code is the 6-digit county code and a "
                          "sequence, 7-40 letters and digits; \"%s\" is not",
                          u->code);
        if (reg_admin_code_check(u->code, why, sizeof why))
            return refuse(c, "code", "%s", why);
        if (*county && strncmp(u->code, county, 6))
            return refuse(c, "code", "the code's county %.6s is not this registry's county %s",
                          u->code, county);
        layer = !strcmp(str(in, "resource_type"), "mineral") ? "below" : "whole";
    } else {
        return refuse(c, "class",
                      "unit class is \"natural\" (自然资源登记单元) or "
                      "\"real_estate\" (不动产单元), not \"%s\"",
                      cls);
    }
    snprintf(u->unit_class, sizeof u->unit_class, "%s", cls);
    const char *rt = *str(in, "resource_type") ? str(in, "resource_type") : kind;
    if (!reg_resource_type_valid(cls, rt))
        return refuse(c, "resource_type", "\"%s\" is no resource type of a %s unit", rt, cls);
    if (*kind && strcmp(rt, kind))
        return refuse(c, "resource_type",
                      "the unit code's parcel kind (character 14) means %s, not %s", kind, rt);
    snprintf(u->resource_type, sizeof u->resource_type, "%s", rt);
    const char *given = str(in, "layer");
    if (*given && !reg_layer_valid(given))
        return refuse(c, "layer", "\"%s\" is no layer", given);
    if (*given && *layer && strcmp(given, layer) && strcmp(layer, "whole"))
        return refuse(c, "layer", "the unit code says layer %s, not %s", layer, given);
    snprintf(u->layer, sizeof u->layer, "%s", *given ? given : *layer ? layer : "whole");
    int rc = opt_real(c, in, "z_min", &u->z_min);
    if (!rc)
        rc = opt_real(c, in, "z_max", &u->z_max);
    if (!rc)
        rc = opt_real(c, in, "quantity", &u->quantity);
    if (rc)
        return rc;
    if (!isnan(u->z_min) && !isnan(u->z_max) && u->z_min >= u->z_max)
        return refuse(c, "z_max", "the vertical extent %g – %g m is empty", u->z_min, u->z_max);
    snprintf(u->name, sizeof u->name, "%s", str(in, "name"));
    if (!*u->name)
        return refuse(c, "name", "a unit needs a name (坐落 or unit name)");
    snprintf(u->quantity_unit, sizeof u->quantity_unit, "%s", str(in, "quantity_unit"));
    snprintf(u->quality, sizeof u->quality, "%s", str(in, "quality"));
    GEOSGeometry *geom = rg_from_json(c->r->g, json_object_get(in, "geometry"), why, sizeof why);
    if (!geom)
        return refuse(c, "geometry", "%s", why);
    rc = rg_area(c->r->g, geom, &u->area_m2, c->err);
    if (!rc)
        u->wkb = rg_wkb(c->r->g, geom, &u->wkb_n);
    if (rc || !u->wkb) {
        rg_free(c->r->g, geom);
        return rc ? rc : ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    *geom_out = geom;
    return 0;
}

static int rrr_id_taken(struct ctx *c, const char *id, int *taken)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->r->st, "SELECT count(*) FROM reg_rrr WHERE rrr_id = ?", &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, c->err);
    *taken = rc == 1 && st_col_int(s, 0) > 0;
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

static int count_rrr(struct ctx *c, const char *sql, const char *arg, long long *n)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->r->st, sql, &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, arg);
    rc = st_step(s, c->err);
    *n = rc == 1 ? st_col_int(s, 0) : 0;
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

static int submit_first(struct ctx *c, json_t *app, json_t *payload, char *subject)
{
    struct reg_unit_row u;
    GEOSGeometry *ug = NULL;
    int rc = unit_normalise(c, json_object_get(app, "unit"), &u, &ug);
    int exists = 0;
    if (!rc)
        rc = reg_unit_exists(c->r, u.code, &exists, c->err);
    if (!rc && exists)
        rc = refuse(c, "code",
                    "unit %s is already registered (codes are never reused); use change, "
                    "transfer or correct",
                    u.code);
    if (!rc)
        rc = check_unit_overlap(c, &u, ug);
    json_t *rights = json_object_get(app, "rights");
    if (!rc && rights && !json_is_array(rights))
        rc = refuse(c, "rights", "rights must be a list");
    size_t n = json_array_size(rights);
    struct reg_rrr_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows && !rc)
        rc = ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    json_t *out = json_array();
    for (size_t i = 0; !rc && i < n; i++) {
        json_t *in = json_array_get(rights, i);
        GEOSGeometry *xg = NULL;
        if (*str(in, "source"))
            snprintf(c->where, sizeof c->where, "%s", str(in, "source"));
        else
            snprintf(c->where, sizeof c->where, "unit %s right %zu", u.code, i + 1);
        rc = rrr_normalise(c, in, &u, ug, &rows[i], &xg);
        if (!rc && (!strcmp(rows[i].type, "mortgage") || !strcmp(rows[i].type, "objection") ||
                    !strcmp(rows[i].type, "seizure")))
            rc = refuse(c, "type",
                        "a %s is registered by its own application type, on a right "
                        "already registered",
                        rows[i].type);
        if (!rc && !*rows[i].id)
            snprintf(rows[i].id, sizeof rows[i].id, "%s/%zu", u.code, i + 1);
        int taken = 0;
        if (!rc && !valid_id(rows[i].id))
            rc = refuse(c, "id", "right id \"%s\": use letters, digits and - _ / . #", rows[i].id);
        if (!rc)
            rc = rrr_id_taken(c, rows[i].id, &taken);
        for (size_t k = 0; !rc && k < i; k++)
            taken |= !strcmp(rows[k].id, rows[i].id);
        if (!rc && taken)
            rc = refuse(c, "id", "right id %s is already used", rows[i].id);
        if (!rc)
            rc = check_conflicts(c, &rows[i], xg, NULL, rows, (int)i);
        rg_free(c->r->g, xg);
        if (!rc)
            json_array_append_new(out, payload_sharing(&rows[i], u.wkb, u.wkb_n));
    }
    if (!rc) {
        json_object_set_new(payload, "unit", reg_unit_payload(&u));
        json_object_set_new(payload, "rights", out);
        snprintf(subject, 64, "%s", u.code);
    } else {
        json_decref(out);
    }
    for (size_t i = 0; rows && i < n; i++)
        reg_rrr_row_clear(&rows[i]);
    free(rows);
    rg_free(c->r->g, ug);
    reg_unit_row_clear(&u);
    return rc;
}

/* The right in force named by field `key` of the application. */
static int current_right(struct ctx *c, json_t *app, const char *key, struct reg_rrr_row *x)
{
    const char *id = str(app, key);
    snprintf(c->where, sizeof c->where, "right %s", id);
    int rc = reg_rrr_current(c->r, id, x, c->err);
    if (rc < 0)
        return rc;
    if (!rc)
        return refuse(c, key, "no right, restriction or responsibility \"%s\" is in force", id);
    if (strcmp(c->date, x->valid_from) < 0)
        return refuse(c, "date", "%s is before %s took effect (%s)", c->date, id, x->valid_from);
    return 0;
}

static int blocking_restriction(struct ctx *c, const char *right_id, const char *types,
                                const char *what)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT rrr_id, type FROM reg_rrr WHERE on_rrr = ? AND end_seq IS NULL AND type IN "
             "(%s) ORDER BY rrr_id",
             types);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->r->st, sql, &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, right_id);
    rc = st_step(s, c->err);
    if (rc == 1)
        rc = refuse(c, "right", "%s %s is blocked by %s %s in force; release it first", what,
                    right_id, st_col_text(s, 1), st_col_text(s, 0));
    st_finalize(s);
    return rc;
}

static int submit_transfer(struct ctx *c, json_t *app, json_t *payload, char *subject)
{
    struct reg_rrr_row x;
    int rc = current_right(c, app, "right", &x);
    const struct reg_rrr_type *t = rc ? NULL : reg_rrr_type_find(x.type);
    if (!rc && (!t || t->cls != REG_RIGHT))
        rc = refuse(c, "right", "%s is a %s, not a right that can be transferred", x.id, x.type);
    if (!rc && t->ownership)
        rc = refuse(c, "right",
                    "%s is %s: ownership is not transferred (it changes only by "
                    "expropriation)",
                    x.id, t->label);
    if (!rc)
        rc = blocking_restriction(c, x.id, "'seizure'", "transfer of");
    struct reg_holder h[REG_MAX_HOLDERS];
    int nh = 0;
    if (!rc)
        rc = holders_parse(c, json_object_get(app, "holders"), t, h, &nh);
    if (!rc && nh == x.nholders) {
        int same = 1;
        for (int i = 0; i < nh; i++)
            same &= !strcmp(h[i].party, x.holders[i].party) && h[i].num == x.holders[i].num &&
                    h[i].den == x.holders[i].den;
        if (same)
            rc = refuse(c, "holders", "the new holders are the current holders of %s", x.id);
    }
    if (!rc) {
        json_object_set_new(payload, "right", json_string(x.id));
        json_object_set_new(payload, "holders", reg_holders_payload(h, nh));
        snprintf(subject, 64, "%s", x.unit_code);
    }
    reg_rrr_row_clear(&x);
    return rc;
}

static int change_right(struct ctx *c, json_t *app, json_t *payload, char *subject, int correcting)
{
    struct reg_rrr_row x;
    int rc = current_right(c, app, "right", &x);
    const struct reg_rrr_type *t = rc ? NULL : reg_rrr_type_find(x.type);
    json_t *fields = json_object();
    json_t *in = json_object_get(app, "fields");
    if (!rc && !json_is_object(in))
        rc = refuse(c, "fields", "a change or correction lists the new values under fields");
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        if (rc)
            break;
        if (!strcmp(key, "holders")) {
            struct reg_holder h[REG_MAX_HOLDERS];
            int nh = 0;
            rc = holders_parse(c, v, t, h, &nh);
            if (!rc) {
                json_object_set_new(fields, "holders", reg_holders_payload(h, nh));
                memcpy(x.holders, h, sizeof h);
                x.nholders = nh;
            }
        } else if (!strcmp(key, "term_start") || !strcmp(key, "term_end")) {
            char d[16];
            rc = opt_date(c, in, key, d);
            if (!rc) {
                json_object_set_new(fields, key, json_string(d));
                snprintf(!strcmp(key, "term_start") ? x.term_start : x.term_end, 16, "%s", d);
            }
        } else if (correcting && (!strcmp(key, "description") || !strcmp(key, "source_doc"))) {
            json_object_set(fields, key, v);
        } else {
            rc = refuse(c, key, "%s cannot be %s on a right (holders, term_start, term_end%s)", key,
                        correcting ? "corrected" : "changed",
                        correcting ? ", description, source_doc" : "");
        }
    }
    if (!rc && !json_object_size(fields))
        rc = refuse(c, "fields", "nothing to change");
    if (!rc && *x.term_start && *x.term_end && strcmp(x.term_start, x.term_end) >= 0)
        rc = refuse(c, "term_end", "the term ends (%s) before it starts (%s)", x.term_end,
                    x.term_start);
    if (!rc) {
        GEOSGeometry *g = rg_from_wkb(c->r->g, x.wkb, x.wkb_n);
        rc = g ? check_conflicts(c, &x, g, x.id, NULL, 0)
               : refuse(c, "geometry", "right %s has no footprint", x.id);
        rg_free(c->r->g, g);
    }
    if (!rc) {
        json_object_set_new(payload, "right", json_string(x.id));
        json_object_set(payload, "fields", fields);
        snprintf(subject, 64, "%s", x.unit_code);
    }
    json_decref(fields);
    reg_rrr_row_clear(&x);
    return rc;
}

static int current_unit(struct ctx *c, json_t *app, struct reg_unit_row *u)
{
    const char *code = str(app, "unit");
    snprintf(c->where, sizeof c->where, "unit %s", code);
    int rc = reg_unit_current(c->r, code, u, c->err);
    if (rc < 0)
        return rc;
    if (!rc)
        return refuse(c, "unit", "no registration unit \"%s\" is in force", code);
    if (strcmp(c->date, u->valid_from) < 0)
        return refuse(c, "date", "%s is before unit %s took effect (%s)", c->date, code,
                      u->valid_from);
    return 0;
}

/* A new boundary: the rights that shared the old one follow it; the others must fit. */
static int change_boundary(struct ctx *c, struct reg_unit_row *u, json_t *gj, json_t *fields,
                           json_t *follow)
{
    char why[256];
    GEOSGeometry *ng = rg_from_json(c->r->g, gj, why, sizeof why);
    if (!ng)
        return refuse(c, "geometry", "%s", why);
    struct reg_unit_row nu = *u;
    nu.wkb = NULL;
    int rc = rg_area(c->r->g, ng, &nu.area_m2, c->err);
    if (!rc)
        rc = check_unit_overlap(c, &nu, ng);
    char(*ids)[64] = NULL;
    int n = 0;
    if (!rc)
        rc = reg_unit_rrr_ids(c->r, u->code, &ids, &n, c->err);
    for (int i = 0; !rc && i < n; i++) {
        struct reg_rrr_row x;
        rc = reg_rrr_current(c->r, ids[i], &x, c->err);
        if (rc == 1) {
            rc = 0;
            if (x.wkb_n == u->wkb_n && !memcmp(x.wkb, u->wkb, u->wkb_n)) {
                json_array_append_new(follow, json_string(x.id));
                rc = check_conflicts(c, &x, ng, x.id, NULL, 0);
            } else {
                GEOSGeometry *xg = rg_from_wkb(c->r->g, x.wkb, x.wkb_n);
                double out = xg ? rg_outside(c->r->g, xg, ng) : 0;
                rg_free(c->r->g, xg);
                if (out > RG_TOLERANCE_M2)
                    rc = refuse(c, "geometry",
                                "the new boundary leaves %.2f m² of right %s outside the unit", out,
                                x.id);
            }
        }
        reg_rrr_row_clear(&x);
    }
    free(ids);
    if (!rc) {
        char *hex = rg_hex(c->r->g, ng);
        json_object_set_new(fields, "wkb", json_string(hex ? hex : ""));
        json_object_set_new(fields, "area_m2", json_real(nu.area_m2));
        free(hex);
    }
    rg_free(c->r->g, ng);
    return rc;
}

static int change_unit(struct ctx *c, json_t *app, json_t *payload, char *subject)
{
    struct reg_unit_row u;
    int rc = current_unit(c, app, &u);
    json_t *fields = json_object(), *follow = json_array();
    json_t *in = json_object_get(app, "fields");
    if (!rc && !json_is_object(in))
        rc = refuse(c, "fields", "a change or correction lists the new values under fields");
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        if (rc)
            break;
        if (!strcmp(key, "geometry")) {
            rc = change_boundary(c, &u, v, fields, follow);
        } else if (!strcmp(key, "name") || !strcmp(key, "quality") ||
                   !strcmp(key, "quantity_unit")) {
            if (!json_is_string(v) || (!strcmp(key, "name") && !*json_string_value(v)))
                rc = refuse(c, key, "%s must be text", key);
            else
                json_object_set(fields, key, v);
        } else if (!strcmp(key, "quantity") || !strcmp(key, "z_min") || !strcmp(key, "z_max")) {
            double d;
            rc = opt_real(c, in, key, &d);
            if (!rc && !isnan(d))
                json_object_set_new(fields, key, json_real(d));
        } else {
            rc = refuse(c, key,
                        "%s cannot be changed on a unit (geometry, name, quantity, "
                        "quantity_unit, quality, z_min, z_max)",
                        key);
        }
    }
    if (!rc && !json_object_size(fields))
        rc = refuse(c, "fields", "nothing to change");
    if (!rc) {
        json_object_set_new(payload, "unit", json_string(u.code));
        json_object_set(payload, "fields", fields);
        if (json_array_size(follow))
            json_object_set(payload, "follow", follow);
        snprintf(subject, 64, "%s", u.code);
    }
    json_decref(fields);
    json_decref(follow);
    reg_unit_row_clear(&u);
    return rc;
}

static int party_fields(struct ctx *c, json_t *in, json_t *out, int creating)
{
    const char *id = str(in, "id");
    const char *kind = str(in, "kind");
    if (creating && !valid_id(id))
        return refuse(c, "id", "party id \"%s\": 1-60 letters, digits and - _ / . #", id);
    if (!*str(in, "name"))
        return refuse(c, "name", "a party needs a name");
    if (!reg_party_kind_valid(kind))
        return refuse(c, "kind",
                      "party kind is state, collective, enterprise, person or agency, not "
                      "\"%s\"",
                      kind);
    const char *acts_for = str(in, "acts_for");
    if (*acts_for) {
        char k[16];
        int rc = reg_party_kind(c->r, acts_for, k, c->err);
        if (rc < 0)
            return rc;
        if (!rc)
            return refuse(c, "acts_for", "party \"%s\" is not registered", acts_for);
        if (!strcmp(kind, "agency") && strcmp(k, "state") && strcmp(k, "agency"))
            return refuse(c, "acts_for",
                          "an agency exercises ownership on behalf of the state (or of another "
                          "agency), not of \"%s\" (%s)",
                          acts_for, k);
    }
    static const char *const keys[] = { "id", "name", "kind", "id_code", "acts_for" };
    for (int i = 0; i < 5; i++)
        json_object_set_new(out, keys[i], json_string(str(in, keys[i])));
    return 0;
}

static int submit_party(struct ctx *c, json_t *app, json_t *payload, char *subject)
{
    json_t *in = json_object_get(app, "party");
    snprintf(c->where, sizeof c->where, "party %s", str(in, "id"));
    if (!json_is_object(in))
        return refuse(c, "party", "a party application has a party object");
    char kind[16];
    int rc = reg_party_kind(c->r, str(in, "id"), kind, c->err);
    if (rc < 0)
        return rc;
    if (rc)
        return refuse(c, "id", "party %s is already registered; correct it instead", str(in, "id"));
    json_t *o = json_object();
    rc = party_fields(c, in, o, 1);
    if (rc) {
        json_decref(o);
        return rc;
    }
    json_object_set_new(payload, "party", o);
    snprintf(subject, 64, "%s", str(in, "id"));
    return 0;
}

static int correct_party(struct ctx *c, json_t *app, json_t *payload, char *subject)
{
    const char *id = str(app, "party");
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
        rc = refuse(c, "party", "party \"%s\" is not registered", id);
    if (rc < 0) {
        json_decref(merged);
        return rc;
    }
    json_t *in = json_object_get(app, "fields");
    const char *key;
    json_t *v;
    rc = json_is_object(in) ? 0 : refuse(c, "fields", "a correction lists values under fields");
    json_object_foreach(in, key, v)
    {
        if (!rc && strcmp(key, "name") && strcmp(key, "id_code") && strcmp(key, "acts_for"))
            rc = refuse(c, key, "%s cannot be corrected on a party (name, id_code, acts_for)", key);
        if (!rc)
            json_object_set(merged, key, v);
    }
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

static int submit_restriction_on(struct ctx *c, json_t *app, const char *type,
                                 const char *party_key, json_t *payload, char *subject)
{
    struct reg_rrr_row target, x;
    memset(&x, 0, sizeof x);
    int rc = 0;
    int on_unit = !strcmp(type, "objection") && !*str(app, "right");
    struct reg_unit_row u;
    memset(&u, 0, sizeof u);
    memset(&target, 0, sizeof target);
    if (on_unit) {
        rc = current_unit(c, app, &u);
    } else {
        rc = current_right(c, app, "right", &target);
        const struct reg_rrr_type *tt = rc ? NULL : reg_rrr_type_find(target.type);
        if (!rc && (!tt || tt->cls != REG_RIGHT || tt->ownership))
            rc = refuse(c, "right", "a %s is registered on a use right, not on %s (%s)", type,
                        target.id, target.type);
    }
    json_t *in = json_object();
    json_object_set_new(in, "type", json_string(type));
    json_object_set_new(in, "holders",
                        json_pack("[{s:s, s:s}]", "party", str(app, party_key), "share", "1"));
    json_object_set_new(in, "description", json_string(str(app, "description")));
    json_object_set_new(in, "source_doc", json_string(str(app, "source_doc")));
    if (!strcmp(type, "mortgage")) {
        json_t *amount = json_object_get(app, "amount");
        if (!rc && (!json_is_number(amount) || json_number_value(amount) <= 0))
            rc = refuse(c, "amount", "a mortgage registers the secured amount in yuan (> 0)");
        json_object_set(in, "amount", amount);
        json_object_set(in, "term_start", json_object_get(app, "term_start"));
        json_object_set(in, "term_end", json_object_get(app, "term_end"));
    } else if (!strcmp(type, "seizure")) {
        /* a court seizes real property for at most three years at a time (法释〔2004〕15号 art. 29)
         */
        char end[11];
        reg_date_add_days(c->date, 3 * 365, end);
        json_object_set_new(in, "term_start", json_string(c->date));
        json_object_set_new(in, "term_end",
                            json_string(*str(app, "term_end") ? str(app, "term_end") : end));
    } else {
        char end[11];
        reg_date_add_days(c->date, 15, end);
        /* an objection lapses unless a suit is filed within 15 days (Civil Code art. 220) */
        json_object_set_new(in, "term_start", json_string(c->date));
        json_object_set_new(in, "term_end", json_string(end));
    }
    if (!rc && !on_unit) {
        rc = reg_unit_current(c->r, target.unit_code, &u, c->err);
        rc = rc == 1  ? 0
             : rc < 0 ? rc
                      : refuse(c, "right", "the unit of %s is not in force", target.id);
    }
    GEOSGeometry *ug = rc ? NULL : rg_from_wkb(c->r->g, u.wkb, u.wkb_n);
    GEOSGeometry *xg = NULL;
    if (!rc && !on_unit) {
        json_object_set_new(in, "layer", json_string(target.layer));
        GEOSGeometry *tg = rg_from_wkb(c->r->g, target.wkb, target.wkb_n);
        char *hex = tg ? rg_hex(c->r->g, tg) : NULL;
        if (hex)
            json_object_set_new(in, "geometry", json_pack("{s:s}", "wkb", hex));
        free(hex);
        rg_free(c->r->g, tg);
    }
    if (!rc)
        rc = rrr_normalise(c, in, &u, ug, &x, &xg);
    long long n = 0;
    /* numbered per kind: M1, M2 … for mortgages, S1 … for seizures, O1 … for objections */
    if (!rc) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM reg_rrr WHERE on_rrr = ? AND version = 1 AND type = '%s'",
                 type);
        rc = count_rrr(c, sql, on_unit ? u.code : target.id, &n);
    }
    if (!rc) {
        const char *base = on_unit ? u.code : target.id;
        snprintf(x.id, sizeof x.id, "%s/%c%lld", base, (char)(type[0] - 'a' + 'A'), n + 1);
        snprintf(x.on_rrr, sizeof x.on_rrr, "%s", base);
        if (!strcmp(type, "mortgage")) {
            long long active = 0;
            rc = count_rrr(c,
                           "SELECT count(*) FROM reg_rrr WHERE on_rrr = ? AND end_seq IS NULL "
                           "AND type = 'mortgage'",
                           target.id, &active);
            x.ranking = active + 1;
        }
    }
    if (!rc) {
        json_object_set_new(payload, "right",
                            on_unit ? payload_sharing(&x, u.wkb, u.wkb_n)
                                    : payload_sharing(&x, target.wkb, target.wkb_n));
        snprintf(subject, 64, "%s", u.code);
    }
    json_decref(in);
    rg_free(c->r->g, ug);
    rg_free(c->r->g, xg);
    reg_rrr_row_clear(&x);
    reg_rrr_row_clear(&target);
    reg_unit_row_clear(&u);
    return rc;
}

/* mortgage_release ends a mortgage; release ends a seizure or an objection. */
static int submit_release(struct ctx *c, json_t *app, json_t *payload, char *subject, int mortgage)
{
    struct reg_rrr_row x;
    int rc = current_right(c, app, "right", &x);
    if (!rc && mortgage && strcmp(x.type, "mortgage"))
        rc = refuse(c, "right", "%s is a %s, not a mortgage", x.id, x.type);
    if (!rc && !mortgage && strcmp(x.type, "seizure") && strcmp(x.type, "objection"))
        rc = refuse(c, "right", "%s is a %s: release lifts a seizure or an objection%s", x.id,
                    x.type, strcmp(x.type, "mortgage") ? "" : " (a mortgage: mortgage_release)");
    if (!rc) {
        json_object_set_new(payload, "right", json_string(x.id));
        snprintf(subject, 64, "%s", x.unit_code);
    }
    reg_rrr_row_clear(&x);
    return rc;
}

static int submit_cancel(struct ctx *c, json_t *app, json_t *payload, char *subject)
{
    json_t *ids = json_array();
    int rc = 0;
    if (*str(app, "right")) {
        struct reg_rrr_row x;
        rc = current_right(c, app, "right", &x);
        if (!rc)
            rc = blocking_restriction(c, x.id, "'mortgage', 'seizure'", "cancellation of");
        if (!rc) {
            json_array_append_new(ids, json_string(x.id));
            snprintf(subject, 64, "%s", x.unit_code);
        }
        reg_rrr_row_clear(&x);
    } else {
        struct reg_unit_row u;
        rc = current_unit(c, app, &u);
        char(*list)[64] = NULL;
        int n = 0;
        if (!rc)
            rc = reg_unit_rrr_ids(c->r, u.code, &list, &n, c->err);
        for (int i = 0; !rc && i < n; i++) {
            rc = blocking_restriction(c, list[i], "'mortgage', 'seizure'",
                                      "cancellation of the unit's right");
            json_array_append_new(ids, json_string(list[i]));
        }
        free(list);
        if (!rc) {
            json_object_set_new(payload, "unit", json_string(u.code));
            snprintf(subject, 64, "%s", u.code);
        }
        reg_unit_row_clear(&u);
    }
    if (!rc)
        json_object_set(payload, "rights", ids);
    json_decref(ids);
    return rc;
}

int reg_submit(struct reg *r, json_t *app, const struct reg_submit_opts *o, const char *input,
               long long *seq, struct ls_err *err)
{
    struct ctx c = { r, input ? input : "application", "", "", err };
    if (!json_is_object(app))
        return refuse(&c, NULL, "an application is a JSON object");
    const char *type = str(app, "type");
    c.date = str(app, "date");
    snprintf(c.where, sizeof c.where, "%s", type);
    if (!reg_date_valid(c.date))
        return refuse(&c, "date", "the registration date \"%s\" is not a date YYYY-MM-DD", c.date);
    if (!o || !o->actor || !*o->actor)
        return refuse(&c, "actor", "every registration names who records it");
    json_t *payload = json_object();
    char subject[64] = "";
    int rc;
    if (!strcmp(type, "party"))
        rc = submit_party(&c, app, payload, subject);
    else if (!strcmp(type, "first"))
        rc = submit_first(&c, app, payload, subject);
    else if (!strcmp(type, "transfer"))
        rc = submit_transfer(&c, app, payload, subject);
    else if (!strcmp(type, "change") || !strcmp(type, "correct")) {
        int correcting = !strcmp(type, "correct");
        if (correcting && !*str(app, "reason"))
            rc = refuse(&c, "reason", "a correction (更正) states its reason");
        else if (*str(app, "unit"))
            rc = change_unit(&c, app, payload, subject);
        else if (*str(app, "right"))
            rc = change_right(&c, app, payload, subject, correcting);
        else if (correcting && *str(app, "party"))
            rc = correct_party(&c, app, payload, subject);
        else
            rc = refuse(&c, "unit", "a %s names the unit, right%s it concerns", type,
                        correcting ? " or party" : "");
    } else if (!strcmp(type, "mortgage"))
        rc = submit_restriction_on(&c, app, "mortgage", "mortgagee", payload, subject);
    else if (!strcmp(type, "objection"))
        rc = submit_restriction_on(&c, app, "objection", "objector", payload, subject);
    else if (!strcmp(type, "seizure"))
        rc = submit_restriction_on(&c, app, "seizure", "court", payload, subject);
    else if (!strcmp(type, "mortgage_release") || !strcmp(type, "release"))
        rc = submit_release(&c, app, payload, subject, !strcmp(type, "mortgage_release"));
    else if (!strcmp(type, "cancel"))
        rc = submit_cancel(&c, app, payload, subject);
    else
        rc = refuse(&c, "type",
                    "\"%s\" is no registration type (party, first, transfer, change, mortgage, "
                    "mortgage_release, seizure, release, cancel, correct, objection)",
                    type);
    if (rc) {
        json_decref(payload);
        return rc;
    }
    char *text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(payload);
    if (!text)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.recorded, sizeof ev.recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev.effective, sizeof ev.effective, "%s", c.date);
    snprintf(ev.actor, sizeof ev.actor, "%s", o->actor);
    snprintf(ev.type, sizeof ev.type, "registry.%s", type);
    snprintf(ev.subject, sizeof ev.subject, "%s", subject);
    snprintf(ev.reason, sizeof ev.reason, "%s", str(app, "reason"));
    snprintf(ev.source_doc, sizeof ev.source_doc, "%s", str(app, "source_doc"));
    ev.payload = text;
    rc = lg_append(r->st, &ev, err);
    if (!rc)
        rc = reg_project(r, &ev, err);
    /* every check passed before anything was written: a failure now is ours, not the
       applicant's, and leaves the transaction half-done (the caller must roll back) */
    if (rc == -LS_EINVAL || rc == -LS_ENOENT)
        rc = ls_err_set(err, LS_EINTERNAL, input, NULL, NULL,
                        "recording a checked application failed: %s", err ? err->msg : "");
    if (!rc && seq)
        *seq = ev.seq;
    free(text);
    return rc;
}

int reg_open(struct ls_store *st, struct reg **out, struct ls_err *err)
{
    *out = NULL;
    struct reg *r = calloc(1, sizeof *r);
    if (!r)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    r->st = st;
    int rc = rg_new(st_srid(st), &r->g, err);
    if (rc) {
        free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void reg_close(struct reg *r)
{
    if (!r)
        return;
    rg_delete(r->g);
    free(r);
}
