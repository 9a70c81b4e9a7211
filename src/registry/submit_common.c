/* registry/submit_common — the checks every registration type uses: dates and terms, holders and
 * their shares, conflicts between rights in force, overlapping units, identifiers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

/* Every refusal is LS_EINVAL naming the application (input), the record it is about (where)
 * and the field: the faces turn exactly this into the 422 "refused" answer and the
 * command line's message, so a registrar sees which rule and which record in both. */
int sub_refuse(struct sub_ctx *c, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(c->err, LS_EINVAL, c->input, c->where, field, fmt, ap);
    va_end(ap);
    return rc;
}

const char *sub_str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

int sub_opt_real(struct sub_ctx *c, json_t *o, const char *k, double *out)
{
    json_t *v = json_object_get(o, k);
    *out = NAN;
    if (!v || json_is_null(v))
        return 0;
    /* a height given as text ("12.5") is refused, not parsed: a registration keeps what the
     * application said, and a number that was quoted may have been typed by hand */
    if (!json_is_number(v))
        return sub_refuse(c, k, "%s must be a number (metres for heights)", k);
    *out = json_number_value(v);
    return 0;
}

int sub_opt_date(struct sub_ctx *c, json_t *o, const char *k, char out[16])
{
    const char *v = sub_str(o, k);
    out[0] = '\0';
    if (!*v)
        return 0;
    if (!reg_date_valid(v))
        return sub_refuse(c, k, "\"%s\" is not a date YYYY-MM-DD", v);
    snprintf(out, 16, "%s", v);
    return 0;
}

/* Terms as half-open intervals of dates; "" is open. Half-open because a transfer ends one
 * holder's term on the day the next one's starts: the two terms meet but do not overlap.
 * ISO dates compare as strings. */
int sub_terms_overlap(const char *a0, const char *a1, const char *b0, const char *b1)
{
    int a_before_b = *a1 && *b0 && strcmp(a1, b0) <= 0;
    int b_before_a = *b1 && *a0 && strcmp(b1, a0) <= 0;
    return !a_before_b && !b_before_a;
}

int sub_term_within(const char *in0, const char *in1, const char *out0, const char *out1)
{
    if (*out0 && (!*in0 || strcmp(in0, out0) < 0))
        return 0;
    if (*out1 && (!*in1 || strcmp(in1, out1) > 0))
        return 0;
    return 1;
}

int sub_holders_parse(struct sub_ctx *c, json_t *a, const struct reg_rrr_type *t,
                      struct reg_holder *h, int *n)
{
    *n = 0;
    if (a && !json_is_array(a))
        return sub_refuse(c, "holders", "holders must be a list of {party, share}");
    if (!t->party && json_array_size(a))
        return sub_refuse(c, "holders", "a %s (%s) is a public control and has no holder", t->id,
                          t->label);
    if (t->party && !json_array_size(a))
        return sub_refuse(c, "holders", "a %s (%s) needs at least one holder", t->id, t->label);
    /* shares of co-ownership by portions (按份共有, Civil Code Art. 298) are summed as exact
     * fractions: three holders of 1/3 must total 1, which no binary floating sum gives */
    long long num = 0, den = 1;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (*n >= REG_MAX_HOLDERS)
            return sub_refuse(c, "holders", "more than %d holders", REG_MAX_HOLDERS);
        struct reg_holder *x = &h[(*n)++];
        snprintf(x->party, sizeof x->party, "%s", sub_str(v, "party"));
        char kind[16];
        int rc = reg_party_kind(c->r, x->party, kind, c->err);
        if (rc < 0)
            return rc;
        if (!rc)
            return sub_refuse(c, "holders",
                              "party \"%s\" is not registered; register it first (type party)",
                              x->party);
        /* land is owned by the state or by a rural collective and by no one else (Civil Code
         * Arts. 249, 260): the holder's kind must match the ownership's kind */
        if (!strcmp(t->id, "ownership_state") && strcmp(kind, "state"))
            return sub_refuse(
                c, "holders",
                "state ownership (国家所有权) is held by the state party, not by \"%s\" "
                "(%s)",
                x->party, kind);
        if (!strcmp(t->id, "ownership_collective") && strcmp(kind, "collective"))
            return sub_refuse(
                c, "holders",
                "collective land ownership is held by a collective (农民集体), not by "
                "\"%s\" (%s)",
                x->party, kind);
        for (int k = 0; k + 1 < *n; k++)
            if (!strcmp(h[k].party, x->party))
                return sub_refuse(c, "holders", "party \"%s\" is listed twice", x->party);
        /* a lone holder holds the whole right; with several, each share must be given */
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
            return sub_refuse(c, "share",
                              "share \"%s\" of party \"%s\" is not a fraction in (0, 1] such as "
                              "1/3 or 0.5",
                              share, x->party);
        if (reg_share_add(&num, &den, x->num, x->den))
            return sub_refuse(c, "share", "shares are too finely divided to add up exactly");
    }
    if (*n && !(num == 1 && den == 1))
        return sub_refuse(c, "share", "the shares of the co-holders add up to %lld/%lld, not 1",
                          num, den);
    return 0;
}

/* Conflict search against the rights in force near a new or changed right. */
struct conflict {
    struct sub_ctx *c;
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
    /* ownership and use rights are different kinds of real rights over the same land and
     * never conflict by overlapping; they conflict only as two ownerships of one unit, or as a
     * use right outlasting the ownership it is carved from */
    if (ty->ownership || k->is_ownership) {
        if (ty->ownership && k->is_ownership && !strcmp(x->unit_code, y->unit_code) &&
            sub_terms_overlap(x->term_start, x->term_end, y->term_start, y->term_end))
            return sub_refuse(k->c, "type",
                              "unit %s already has an ownership right in force, %s (%s): one "
                              "ownership per unit; co-owners are holders with shares of that right",
                              x->unit_code, y->id, y->type);
        if (ty->ownership && !k->is_ownership && *x->term_start) {
            /* the use right's term lies inside the term of the ownership under it */
            GEOSGeometry *yg = rg_from_wkb(g, y->wkb, y->wkb_n);
            double ov = yg ? rg_overlap(g, k->geom, yg) : 0;
            rg_free(g, yg);
            if (ov > RG_TOLERANCE_M2 &&
                !sub_term_within(x->term_start, x->term_end, y->term_start, y->term_end))
                return sub_refuse(k->c, "term_end",
                                  "the term %s – %s runs outside the term %s – %s of ownership %s "
                                  "it depends on",
                                  x->term_start, *x->term_end ? x->term_end : "open",
                                  *y->term_start ? y->term_start : "open",
                                  *y->term_end ? y->term_end : "open", y->id);
        }
        return 0;
    }
    /* two use rights conflict only when they share time, vertical space and plan: a right
     * may be set separately on the surface, above or below it (分层设权, Civil Code Art.
     * 345), and on the sea surface, the water column or the seabed */
    if (!sub_terms_overlap(x->term_start, x->term_end, y->term_start, y->term_end))
        return 0;
    /* the forest land and the trees on it carry two rights that coexist over the same ground,
     * registered together or apart and held by the same or different parties (Forest Law
     * 2019 Art. 15–17: 林地使用权 and 森林、林木使用权) */
    if ((!strcmp(x->type, "forest_use") && !strcmp(y->type, "forest_tree")) ||
        (!strcmp(x->type, "forest_tree") && !strcmp(y->type, "forest_use")))
        return 0;
    if (!reg_layers_meet(x->layer, x->z_min, x->z_max, y->layer, y->z_min, y->z_max))
        return 0;
    GEOSGeometry *yg = rg_from_wkb(g, y->wkb, y->wkb_n);
    double ov = yg ? rg_overlap(g, k->geom, yg) : 0;
    rg_free(g, yg);
    /* shared boundaries digitised twice overlap by slivers; below the tolerance they are
     * the same line, not an encroachment */
    if (ov <= RG_TOLERANCE_M2)
        return 0;
    if (!strcmp(x->type, y->type) && !strcmp(x->unit_code, y->unit_code))
        return sub_refuse(
            k->c, "type",
            "right %s (%s, layer %s) of unit %s is in force over the same unit, layer "
            "and time: two exclusive rights of one kind cannot coexist",
            y->id, y->type, y->layer, y->unit_code);
    return sub_refuse(k->c, "layer",
                      "overlaps right %s (%s, layer %s, unit %s) by %.2f m² in plan in the same "
                      "layer and time: layered rights may overlap in plan only when their layers "
                      "differ",
                      y->id, y->type, y->layer, y->unit_code, ov);
}

int sub_check_conflicts(struct sub_ctx *c, const struct reg_rrr_row *x, GEOSGeometry *geom,
                        const char *skip, struct reg_rrr_row *pending, int npending)
{
    const struct reg_rrr_type *t = reg_rrr_type_find(x->type);
    if (t->cls != REG_RIGHT)
        return 0;
    struct conflict k = { c, x, geom, skip, t->ownership };
    double box[4];
    rg_bbox(c->r->g, geom, box);
    int rc = reg_rrr_near(c->r, box, conflict_visit, &k, c->err);
    /* rights of the same application are not in the register yet: a first registration
     * carrying two conflicting rights is checked against its own list too */
    for (int i = 0; !rc && i < npending; i++)
        rc = conflict_visit(&k, &pending[i], c->err);
    return rc;
}

/*
 * A right, restriction or responsibility of an application on `unit` (its current row),
 * checked and normalised into x.
 */
int sub_rrr_normalise(struct sub_ctx *c, json_t *in, const struct reg_unit_row *unit,
                      GEOSGeometry *unit_geom, struct reg_rrr_row *x, GEOSGeometry **geom_out)
{
    memset(x, 0, sizeof *x);
    *geom_out = NULL;
    const struct reg_rrr_type *t = reg_rrr_type_find(sub_str(in, "type"));
    if (!t)
        return sub_refuse(
            c, "type",
            "\"%s\" is no right, restriction or responsibility type (see docs/registry.md)",
            sub_str(in, "type"));
    snprintf(x->id, sizeof x->id, "%s", sub_str(in, "id"));
    snprintf(x->unit_code, sizeof x->unit_code, "%s", unit->code);
    snprintf(x->rrr_class, sizeof x->rrr_class, "%s", reg_rrr_class_name(t->cls));
    snprintf(x->type, sizeof x->type, "%s", t->id);
    x->qllx = t->qllx;
    const char *layer = *sub_str(in, "layer") ? sub_str(in, "layer") : unit->layer;
    if (!reg_layer_valid(layer))
        return sub_refuse(c, "layer",
                          "\"%s\" is no layer (whole, surface, above, below, "
                          "sea_surface, water_column, seabed, subsoil)",
                          layer);
    snprintf(x->layer, sizeof x->layer, "%s", layer);
    int rc = sub_opt_real(c, in, "z_min", &x->z_min);
    if (!rc)
        rc = sub_opt_real(c, in, "z_max", &x->z_max);
    /* a right on the unit's own layer inherits its vertical extent; a right naming another
     * layer (an underground space in a surface parcel) must give its own or stays open */
    if (!rc && json_object_get(in, "z_min") == NULL && json_object_get(in, "z_max") == NULL &&
        !*sub_str(in, "layer")) {
        x->z_min = unit->z_min;
        x->z_max = unit->z_max;
    }
    if (!rc && !isnan(x->z_min) && !isnan(x->z_max) && x->z_min >= x->z_max)
        rc = sub_refuse(c, "z_max", "the vertical extent %g – %g m is empty", x->z_min, x->z_max);
    if (!rc)
        rc = sub_opt_date(c, in, "term_start", x->term_start);
    if (!rc)
        rc = sub_opt_date(c, in, "term_end", x->term_end);
    if (!rc && *x->term_start && *x->term_end && strcmp(x->term_start, x->term_end) >= 0)
        rc = sub_refuse(c, "term_end", "the term ends (%s) before it starts (%s)", x->term_end,
                        x->term_start);
    if (!rc)
        rc = sub_opt_real(c, in, "amount", &x->amount);
    if (rc)
        return rc;
    snprintf(x->description, sizeof x->description, "%s", sub_str(in, "description"));
    snprintf(x->source_doc, sizeof x->source_doc, "%s", sub_str(in, "source_doc"));
    snprintf(x->exercised_by, sizeof x->exercised_by, "%s", sub_str(in, "exercised_by"));
    if (*x->exercised_by) {
        char kind[16];
        rc = reg_party_kind(c->r, x->exercised_by, kind, c->err);
        if (rc < 0)
            return rc;
        if (!rc || strcmp(kind, "agency"))
            return sub_refuse(c, "exercised_by",
                              "\"%s\" must be a registered agency party (代表/代理行使主体)",
                              x->exercised_by);
    }
    /* natural resources owned by the whole people are registered with the body that
     * exercises ownership on the state's behalf (自然资源统一确权登记暂行办法, 2019:
     * 代表行使主体 and 代理行使主体) */
    if (!strcmp(t->id, "ownership_state") && !strcmp(unit->unit_class, "natural") &&
        !*x->exercised_by)
        return sub_refuse(c, "exercised_by",
                          "state ownership of a natural-resource unit names the body exercising it "
                          "on behalf of the state (代表行使主体)");
    /* character 13 of a real-estate unit code is the land's ownership, G state or J
     * collective (GB/T 37346—2019): the code and the registered ownership must agree */
    if (!strcmp(unit->unit_class, "real_estate") && t->ownership) {
        char own = unit->code[12];
        if ((own == 'G' && strcmp(t->id, "ownership_state")) ||
            (own == 'J' && strcmp(t->id, "ownership_collective")))
            return sub_refuse(c, "type", "unit code %s says %s ownership, not %s", unit->code,
                              own == 'G' ? "state (G)" : "collective (J)", t->id);
    }
    rc = sub_holders_parse(c, json_object_get(in, "holders"), t, x->holders, &x->nholders);
    if (rc)
        return rc;
    /* the right's own footprint, which must lie inside the unit; the unit's by default */
    json_t *gj = json_object_get(in, "geometry");
    GEOSGeometry *geom = NULL;
    if (gj && !json_is_null(gj)) {
        char why[256];
        geom = rg_from_json(c->r->g, gj, why, sizeof why);
        if (!geom)
            return sub_refuse(c, "geometry", "%s", why);
        double out = rg_outside(c->r->g, geom, unit_geom);
        if (out > RG_TOLERANCE_M2) {
            rg_free(c->r->g, geom);
            return sub_refuse(c, "geometry",
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
    struct sub_ctx *c;
    const struct reg_unit_row *u;
    GEOSGeometry *geom;
};

static int unit_overlap_visit(void *arg, struct reg_unit_row *o, struct ls_err *err)
{
    (void)err;
    struct unit_overlap *k = arg;
    /* a unit changing its boundary is compared with the others, not with its old self */
    if (!strcmp(o->code, k->u->code))
        return 0;
    /* units partition the county per resource type and layer: a forest unit may lie over a
     * mineral unit below it, two forest units may not share ground */
    if (!reg_layers_meet(k->u->layer, k->u->z_min, k->u->z_max, o->layer, o->z_min, o->z_max))
        return 0;
    struct rgeom *g = k->c->r->g;
    GEOSGeometry *og = rg_from_wkb(g, o->wkb, o->wkb_n);
    double ov = og ? rg_overlap(g, k->geom, og) : 0;
    rg_free(g, og);
    if (ov <= RG_TOLERANCE_M2)
        return 0;
    return sub_refuse(k->c, "geometry",
                      "the boundary overlaps unit %s (%s, same resource type %s, layer %s) by %.2f "
                      "m²: units of one resource type may not overlap",
                      o->code, o->name, o->resource_type, o->layer, ov);
}

int sub_check_unit_overlap(struct sub_ctx *c, const struct reg_unit_row *u, GEOSGeometry *geom)
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
json_t *sub_payload_sharing(const struct reg_rrr_row *x, const unsigned char *wkb, size_t n)
{
    json_t *o = reg_rrr_payload(x);
    if (x->wkb_n == n && wkb && !memcmp(x->wkb, wkb, n))
        json_object_del(o, "wkb");
    return o;
}

/* Identifiers appear in URLs, file names and the ledger's subject column: letters, digits
 * and a few separators, so none needs escaping anywhere and none can hide a path. */
int sub_valid_id(const char *s)
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

int sub_unit_normalise(struct sub_ctx *c, json_t *in, struct reg_unit_row *u,
                       GEOSGeometry **geom_out)
{
    memset(u, 0, sizeof *u);
    u->z_min = u->z_max = u->quantity = NAN;
    *geom_out = NULL;
    if (!json_is_object(in))
        return sub_refuse(c, "unit", "a first registration needs a unit object");
    snprintf(u->code, sizeof u->code, "%s", sub_str(in, "code"));
    snprintf(c->where, sizeof c->where, "unit %s", u->code);
    const char *cls = sub_str(in, "class");
    const char *county = st_meta(c->r->st, "county");
    char why[256];
    const char *kind = "", *layer = "";
    if (!strcmp(cls, "real_estate")) {
        char own = 0;
        if (reg_unit_code_check(u->code, county, why, sizeof why, &kind, &layer, &own))
            return sub_refuse(c, "code", "%s", why);
    } else if (!strcmp(cls, "natural")) {
        size_t n = strlen(u->code);
        if (n < 7 || n > 40 || !sub_valid_id(u->code))
            return sub_refuse(c, "code",
                              "a natural-resource unit code is the 6-digit county code and a "
                              "sequence, 7-40 letters and digits; \"%s\" is not",
                              u->code);
        if (reg_admin_code_check(u->code, why, sizeof why))
            return sub_refuse(c, "code", "%s", why);
        if (*county && strncmp(u->code, county, 6))
            return sub_refuse(c, "code", "the code's county %.6s is not this registry's county %s",
                              u->code, county);
        /* mineral resources lie below the surface (探矿权/采矿权 are registered apart from
         * the land over them); other natural units take their whole column */
        layer = !strcmp(sub_str(in, "resource_type"), "mineral") ? "below" : "whole";
    } else {
        return sub_refuse(c, "class",
                          "unit class is \"natural\" (自然资源登记单元) or "
                          "\"real_estate\" (不动产单元), not \"%s\"",
                          cls);
    }
    snprintf(u->unit_class, sizeof u->unit_class, "%s", cls);
    const char *rt = *sub_str(in, "resource_type") ? sub_str(in, "resource_type") : kind;
    if (!reg_resource_type_valid(cls, rt))
        return sub_refuse(c, "resource_type", "\"%s\" is no resource type of a %s unit", rt, cls);
    /* character 14 of the code names the parcel's kind (land, sea, …): the code decides */
    if (*kind && strcmp(rt, kind))
        return sub_refuse(c, "resource_type",
                          "the unit code's parcel kind (character 14) means %s, not %s", kind, rt);
    snprintf(u->resource_type, sizeof u->resource_type, "%s", rt);
    const char *given = sub_str(in, "layer");
    if (*given && !reg_layer_valid(given))
        return sub_refuse(c, "layer", "\"%s\" is no layer", given);
    if (*given && *layer && strcmp(given, layer) && strcmp(layer, "whole"))
        return sub_refuse(c, "layer", "the unit code says layer %s, not %s", layer, given);
    snprintf(u->layer, sizeof u->layer, "%s", *given ? given : *layer ? layer : "whole");
    int rc = sub_opt_real(c, in, "z_min", &u->z_min);
    if (!rc)
        rc = sub_opt_real(c, in, "z_max", &u->z_max);
    if (!rc)
        rc = sub_opt_real(c, in, "quantity", &u->quantity);
    if (rc)
        return rc;
    if (!isnan(u->z_min) && !isnan(u->z_max) && u->z_min >= u->z_max)
        return sub_refuse(c, "z_max", "the vertical extent %g – %g m is empty", u->z_min, u->z_max);
    snprintf(u->name, sizeof u->name, "%s", sub_str(in, "name"));
    if (!*u->name)
        return sub_refuse(c, "name", "a unit needs a name (坐落 or unit name)");
    snprintf(u->quantity_unit, sizeof u->quantity_unit, "%s", sub_str(in, "quantity_unit"));
    snprintf(u->quality, sizeof u->quality, "%s", sub_str(in, "quality"));
    /* the unit's area is computed, never taken from the application: the register's area is
     * the ellipsoidal area of its boundary (TD/T 1055—2019), as in the land survey */
    GEOSGeometry *geom = rg_from_json(c->r->g, json_object_get(in, "geometry"), why, sizeof why);
    if (!geom)
        return sub_refuse(c, "geometry", "%s", why);
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

int sub_count_rrr(struct sub_ctx *c, const char *sql, const char *arg, long long *n)
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

int sub_rrr_id_taken(struct sub_ctx *c, const char *id, int *taken)
{
    long long n = 0;
    int rc = sub_count_rrr(c, "SELECT count(*) FROM reg_rrr WHERE rrr_id = ?", id, &n);
    *taken = n > 0;
    return rc;
}

/* The right in force named by field `key` of the application. */
int sub_current_right(struct sub_ctx *c, json_t *app, const char *key, struct reg_rrr_row *x)
{
    const char *id = sub_str(app, key);
    snprintf(c->where, sizeof c->where, "right %s", id);
    int rc = reg_rrr_current(c->r, id, x, c->err);
    if (rc < 0)
        return rc;
    if (!rc)
        return sub_refuse(c, key, "no right, restriction or responsibility \"%s\" is in force", id);
    /* a change dated before the right began would rewrite history the ledger already holds */
    if (strcmp(c->date, x->valid_from) < 0)
        return sub_refuse(c, "date", "%s is before %s took effect (%s)", c->date, id,
                          x->valid_from);
    return 0;
}

int sub_blocking_restriction(struct sub_ctx *c, const char *right_id, const char *types,
                             const char *what)
{
    /* a seized (查封) right can be neither transferred nor cancelled until the seizure is
     * lifted; a mortgaged one may be transferred (Civil Code Art. 406) but not cancelled
     * under the mortgagee. types is a fixed list of quoted names from our callers, never
     * user text */
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
        rc = sub_refuse(c, "right", "%s %s is blocked by %s %s in force; release it first", what,
                        right_id, st_col_text(s, 1), st_col_text(s, 0));
    st_finalize(s);
    return rc;
}

int sub_current_unit(struct sub_ctx *c, json_t *app, struct reg_unit_row *u)
{
    const char *code = sub_str(app, "unit");
    snprintf(c->where, sizeof c->where, "unit %s", code);
    int rc = reg_unit_current(c->r, code, u, c->err);
    if (rc < 0)
        return rc;
    if (!rc)
        return sub_refuse(c, "unit", "no registration unit \"%s\" is in force", code);
    if (strcmp(c->date, u->valid_from) < 0)
        return sub_refuse(c, "date", "%s is before unit %s took effect (%s)", c->date, code,
                          u->valid_from);
    return 0;
}
