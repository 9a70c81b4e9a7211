/* registry/submit_unit — 变更/更正登记 of a registration unit: its fields or its boundary; the
 * rights that shared the old boundary follow the new one, the others must still fit. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

/* A new boundary: the rights that shared the old one follow it; the others must fit. */
static int change_boundary(struct sub_ctx *c, struct reg_unit_row *u, json_t *gj, json_t *fields,
                           json_t *follow)
{
    char why[256];
    GEOSGeometry *ng = rg_from_json(c->r->g, gj, why, sizeof why);
    if (!ng)
        return sub_refuse(c, "geometry", "%s", why);
    /* the area is recomputed from the new boundary, never carried over or taken as given */
    struct reg_unit_row nu = *u;
    nu.wkb = NULL;
    int rc = rg_area(c->r->g, ng, &nu.area_m2, c->err);
    if (!rc)
        rc = sub_check_unit_overlap(c, &nu, ng);
    char(*ids)[64] = NULL;
    int n = 0;
    if (!rc)
        rc = reg_unit_rrr_ids(c->r, u->code, &ids, &n, c->err);
    for (int i = 0; !rc && i < n; i++) {
        struct reg_rrr_row x;
        rc = reg_rrr_current(c->r, ids[i], &x, c->err);
        if (rc == 1) {
            rc = 0;
            /* a right drawn on the whole unit (the same boundary byte for byte) is a right
             * on the unit and moves with it, and must then not collide with its neighbours;
             * a right on part of the unit keeps its own boundary and must still fit */
            if (x.wkb_n == u->wkb_n && !memcmp(x.wkb, u->wkb, u->wkb_n)) {
                json_array_append_new(follow, json_string(x.id));
                rc = sub_check_conflicts(c, &x, ng, x.id, NULL, 0);
            } else {
                GEOSGeometry *xg = rg_from_wkb(c->r->g, x.wkb, x.wkb_n);
                double out = xg ? rg_outside(c->r->g, xg, ng) : 0;
                rg_free(c->r->g, xg);
                if (out > RG_TOLERANCE_M2)
                    rc = sub_refuse(c, "geometry",
                                    "the new boundary leaves %.2f m² of right %s outside the unit",
                                    out, x.id);
            }
        }
        reg_rrr_row_clear(&x);
    }
    free(ids);
    /* the event carries the new boundary and its area: replay does not recompute them, so a
     * later change of the area formula cannot alter history */
    if (!rc) {
        char *hex = rg_hex(c->r->g, ng);
        json_object_set_new(fields, "wkb", json_string(hex ? hex : ""));
        json_object_set_new(fields, "area_m2", json_real(nu.area_m2));
        free(hex);
    }
    rg_free(c->r->g, ng);
    return rc;
}

int sub_change_unit(struct sub_ctx *c, json_t *app, json_t *payload, char *subject)
{
    struct reg_unit_row u;
    int rc = sub_current_unit(c, app, &u);
    json_t *fields = json_object(), *follow = json_array();
    json_t *in = json_object_get(app, "fields");
    if (!rc && !json_is_object(in))
        rc = sub_refuse(c, "fields", "a change or correction lists the new values under fields");
    /* the vertical extent after the change: a new z_min is checked against the unit's z_max
     * and the other way round, not only against a value given beside it */
    double z_min = u.z_min, z_max = u.z_max;
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
                rc = sub_refuse(c, key, "%s must be text", key);
            else
                json_object_set(fields, key, v);
        } else if (!strcmp(key, "quantity") || !strcmp(key, "z_min") || !strcmp(key, "z_max")) {
            double d;
            rc = sub_opt_real(c, in, key, &d);
            if (!rc && !isnan(d))
                json_object_set_new(fields, key, json_real(d));
            if (!strcmp(key, "z_min"))
                z_min = d;
            else if (!strcmp(key, "z_max"))
                z_max = d;
        } else {
            /* code, class, resource type and layer identify the unit: a different one is a
             * new unit (cancel and first registration), never a change of this one */
            rc = sub_refuse(c, key,
                            "%s cannot be changed on a unit (geometry, name, quantity, "
                            "quantity_unit, quality, z_min, z_max)",
                            key);
        }
    }
    if (!rc && !json_object_size(fields))
        rc = sub_refuse(c, "fields", "nothing to change");
    if (!rc && !isnan(z_min) && !isnan(z_max) && z_min >= z_max)
        rc = sub_refuse(c, "z_max", "the vertical extent %g – %g m is empty", z_min, z_max);
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
