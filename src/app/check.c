/* app/check — see check.h. */
#include "app/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geos_bridge.h"

int app_rules_open(const char *name_or_path, struct zn_rules *rules, struct ls_err *err)
{
    int rc = zn_rules_load(name_or_path, rules, err);
    if (rc)
        return rc;
    size_t nprob = 0;
    json_t *probs = zn_rules_check(rules, &nprob);
    if (nprob) {
        /* a gap would leave a case undecided and a contradiction decide it twice: a check
         * against such a table could answer either way, so no face may load it */
        json_t *first = json_array_get(probs, 0);
        char *text = json_dumps(first, JSON_COMPACT | JSON_SORT_KEYS);
        rc = ls_err_set(err, LS_EINVAL, rules->origin, NULL, "rules",
                        "the rule table %s has %zu gaps or contradictions, the first: %s",
                        rules->id, nprob, text ? text : "");
        free(text);
        zn_rules_free(rules);
    }
    json_decref(probs);
    return rc;
}

/* The validity policy, one for every face: refuse with GEOS's reason, or repair and say so. */
static int make_valid(GEOSContextHandle_t h, struct geo_fp_part *part, int repair,
                      const char *input, char *note, size_t cap, struct ls_err *err)
{
    if (GEOSisValid_r(h, part->g) == 1)
        return 0;
    char *why = GEOSisValidReason_r(h, part->g);
    const char *where = strcmp(part->label, input) ? part->label : NULL;
    int rc = 0;
    if (!repair) {
        rc = ls_err_set(err, LS_EINVAL, input, where, "geometry",
                        "the footprint is not a valid geometry: %s", why ? why : "");
    } else {
        part->g = geo_geos_repair(h, part->g);
        if (!part->g || GEOSisEmpty_r(h, part->g) == 1)
            rc = ls_err_set(err, LS_EINVAL, input, where, "geometry",
                            "cannot repair the footprint: %s", why ? why : "");
        size_t len = strlen(note);
        snprintf(note + len, cap - len, "%srepaired (GEOS MakeValid): %s", len ? "; " : "",
                 why ? why : "");
    }
    if (why)
        GEOSFree_r(h, why);
    return rc;
}

int app_check_run(const struct app_checker *c, const struct app_check_request *q,
                  struct app_check_result *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    GEOSContextHandle_t h = c->zd->geos;
    out->h = h;
    struct geo_fp_source src = q->src;
    src.to_epsg = c->zd->epsg;
    src.cached = c->from_wgs84;
    int rc = geo_footprint_read(h, &src, &out->fp, err);
    if (rc)
        return rc;
    out->parcels = calloc(out->fp.n, sizeof *out->parcels);
    if (!out->parcels)
        rc = ls_err_set(err, LS_ENOMEM, out->fp.name, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < out->fp.n; i++) {
        struct app_check_parcel *p = &out->parcels[i];
        snprintf(p->note, sizeof p->note, "%s", out->fp.note);
        rc =
            make_valid(h, &out->fp.parts[i], q->repair, out->fp.name, p->note, sizeof p->note, err);
        if (!rc)
            rc = zn_check(c->zd, c->rules, c->area, out->fp.parts[i].g, out->fp.parts[i].label,
                          q->category, &p->res, err);
        if (!rc)
            out->n++;
    }
    if (!rc && out->fp.n > 1) {
        /* the project: parcels drawn overlapping or sharing an edge count once */
        GEOSGeometry **gs = malloc(out->fp.n * sizeof *gs);
        GEOSGeometry *all = NULL;
        for (size_t i = 0; gs && i < out->fp.n; i++)
            gs[i] = GEOSGeom_clone_r(h, out->fp.parts[i].g);
        if (gs)
            all = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, gs, (unsigned)out->fp.n);
        free(gs);
        out->project_geom = all ? GEOSUnaryUnion_r(h, all) : NULL;
        if (all)
            GEOSGeom_destroy_r(h, all);
        if (!out->project_geom)
            rc = ls_err_set(err, LS_ELIB, out->fp.name, NULL, "geometry",
                            "cannot join the parcels into one project: %s", geo_geos_last_error());
        snprintf(out->project.note, sizeof out->project.note, "%s", out->fp.note);
        if (!rc)
            rc = zn_check(c->zd, c->rules, c->area, out->project_geom, out->fp.name, q->category,
                          &out->project.res, err);
        out->has_project = rc == 0;
    }
    if (rc)
        app_check_result_free(out);
    return rc;
}

const struct app_check_parcel *app_check_total(const struct app_check_result *r)
{
    return r->has_project ? &r->project : &r->parcels[0];
}

const GEOSGeometry *app_check_total_geometry(const struct app_check_result *r)
{
    return r->has_project ? r->project_geom : r->fp.parts[0].g;
}

static json_t *parcel_json(const struct app_checker *c, const struct app_check_parcel *p)
{
    json_t *j = zn_check_json(c->rules, &p->res);
    /* the zone's Chinese name beside its id, for tables in the UI and in reports */
    size_t i;
    json_t *ov;
    json_array_foreach(json_object_get(j, "overlaps"), i, ov)
    {
        int z = zn_zone_find(c->rules, json_string_value(json_object_get(ov, "zone")));
        if (z >= 0)
            json_object_set_new(ov, "zh", json_string(c->rules->zones[z].zh));
    }
    if (p->note[0])
        json_object_set_new(j, "note", json_string(p->note));
    /* the category and the table as a reader names them, so a saved answer prints alone */
    json_object_set_new(j, "category_zh", json_string(c->rules->categories[p->res.category].zh));
    json_object_set_new(j, "rules_version", json_string(c->rules->version));
    return j;
}

json_t *app_check_json(const struct app_checker *c, const struct app_check_result *r)
{
    json_t *j = parcel_json(c, app_check_total(r));
    if (r->has_project) {
        json_t *parcels = json_array();
        for (size_t i = 0; i < r->n; i++)
            json_array_append_new(parcels, parcel_json(c, &r->parcels[i]));
        json_object_set_new(j, "parcels", parcels);
    }
    return j;
}

void app_check_result_free(struct app_check_result *r)
{
    for (size_t i = 0; i < r->n; i++)
        zn_check_free(&r->parcels[i].res);
    free(r->parcels);
    if (r->has_project)
        zn_check_free(&r->project.res);
    if (r->project_geom)
        GEOSGeom_destroy_r(r->h, r->project_geom);
    if (r->h)
        geo_footprint_free(r->h, &r->fp);
    memset(r, 0, sizeof *r);
}
