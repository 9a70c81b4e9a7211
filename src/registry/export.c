/*
 * registry/export — the register as of today (or a date) with its map annex, as a GeoPackage
 * anyone opens in QGIS: registration units, rights / restrictions / responsibilities with
 * their holders, and the parties. The SQL over the projections lives here, beside them.
 */
#include "registry/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "geo/crs.h"
#include "geo/vwrite.h"
#include "registry/model.h"

struct col {
    const char *name;
    OGRFieldType type;
};

static const struct col unit_cols[] = {
    { "unit_code", OFTString },  { "version", OFTInteger64 },    { "name", OFTString },
    { "unit_class", OFTString }, { "resource_type", OFTString }, { "layer", OFTString },
    { "z_min", OFTReal },        { "z_max", OFTReal },           { "area_m2", OFTReal },
    { "quantity", OFTReal },     { "quantity_unit", OFTString }, { "quality", OFTString },
    { "valid_from", OFTString }, { "valid_to", OFTString },
};

static const struct col rrr_cols[] = {
    { "rrr_id", OFTString },      { "version", OFTInteger64 }, { "unit_code", OFTString },
    { "rrr_class", OFTString },   { "type", OFTString },       { "qllx", OFTInteger64 },
    { "layer", OFTString },       { "z_min", OFTReal },        { "z_max", OFTReal },
    { "term_start", OFTString },  { "term_end", OFTString },   { "amount", OFTReal },
    { "ranking", OFTInteger64 },  { "on_rrr", OFTString },     { "exercised_by", OFTString },
    { "description", OFTString }, { "source_doc", OFTString }, { "valid_from", OFTString },
    { "valid_to", OFTString },    { "holders", OFTString },
};

static const struct col party_cols[] = {
    { "party_id", OFTString }, { "name", OFTString },     { "kind", OFTString },
    { "id_code", OFTString },  { "acts_for", OFTString },
};

#define NCOLS(a) (int)(sizeof(a) / sizeof(a)[0])

static int add_fields(struct geo_vwriter *w, const struct col *c, int n, struct ls_err *err)
{
    for (int i = 0; i < n; i++) {
        int rc = geo_vwriter_field(w, c[i].name, c[i].type, 0, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* Copies the rows of sql (columns in the order of c, then the geometry if geom) to the layer. */
static int copy_rows(struct ls_store *st, struct geo_vwriter *w, const char *sql, const char *as_of,
                     const struct col *c, int n, int geom, long *count, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st, sql, &s, err);
    if (rc)
        return rc;
    st_stream(s);
    if (as_of) {
        st_bind_text(s, 1, as_of);
        st_bind_text(s, 2, as_of);
    }
    *count = 0;
    while ((rc = st_step(s, err)) == 1) {
        OGRFeatureH f = geo_vwriter_feature(w);
        for (int i = 0; i < n; i++) {
            if (st_col_null(s, i))
                continue;
            if (c[i].type == OFTReal)
                OGR_F_SetFieldDouble(f, i, st_col_double(s, i));
            else if (c[i].type == OFTInteger64)
                OGR_F_SetFieldInteger64(f, i, st_col_int(s, i));
            else
                OGR_F_SetFieldString(f, i, st_col_text(s, i));
        }
        if (geom) {
            size_t wn = 0;
            const unsigned char *wkb = st_col_geom(s, n, &wn);
            OGRGeometryH g = NULL;
            if (wkb && OGR_G_CreateFromWkb(wkb, NULL, &g, (int)wn) == OGRERR_NONE)
                OGR_F_SetGeometryDirectly(f, g);
        }
        rc = geo_vwriter_write(w, f, err);
        if (rc)
            break;
        (*count)++;
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int reg_export(struct ls_store *st, const char *out, const char *as_of, int overwrite,
               struct reg_export_counts *n, struct ls_err *err)
{
    memset(n, 0, sizeof *n);
    if (as_of && !reg_date_valid(as_of))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "as_of", "\"%s\" is not a date YYYY-MM-DD",
                          as_of);
    struct geo_crs crs;
    struct geo_vwriter *w = NULL;
    struct geo_vwriter_opts wo = { .overwrite = overwrite };
    int rc = geo_crs_from_epsg(st_srid(st), &crs, err);
    if (!rc)
        rc = st_begin_read(st, err);
    if (!rc)
        rc = geo_vwriter_open(out, &wo, &w, err);
    const char *when = as_of ? " valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) AND "
                               "corrected_seq IS NULL"
                             : " end_seq IS NULL";
    char sql[2048];
    long units = 0, rrrs = 0, parties = 0;
    if (!rc)
        rc = geo_vwriter_layer(w, "registration_unit", &crs, wkbMultiPolygon, err);
    if (!rc)
        rc = add_fields(w, unit_cols, NCOLS(unit_cols), err);
    if (!rc) {
        snprintf(sql, sizeof sql,
                 "SELECT unit_code, version, name, unit_class, resource_type, layer, z_min, "
                 "z_max, area_m2, quantity, quantity_unit, quality, valid_from, valid_to, geom "
                 "FROM reg_unit WHERE%s ORDER BY unit_code",
                 when);
        rc = copy_rows(st, w, sql, as_of, unit_cols, NCOLS(unit_cols), 1, &units, err);
    }
    if (!rc)
        rc = geo_vwriter_layer(w, "rrr", &crs, wkbMultiPolygon, err);
    if (!rc)
        rc = add_fields(w, rrr_cols, NCOLS(rrr_cols), err);
    if (!rc) {
        /* holders as one text: "party share; party share" */
        snprintf(sql, sizeof sql,
                 "SELECT rrr_id, version, unit_code, rrr_class, type, qllx, layer, z_min, z_max, "
                 "term_start, term_end, amount, ranking, on_rrr, exercised_by, description, "
                 "source_doc, valid_from, valid_to, (SELECT %s FROM reg_holder h JOIN reg_party "
                 "p ON p.party_id = h.party_id WHERE h.rrr_id = x.rrr_id AND h.version = "
                 "x.version), geom FROM reg_rrr x WHERE%s ORDER BY rrr_id",
                 st_kind(st) == ST_GPKG
                     ? "group_concat(p.name || ' ' || h.share_num || '/' || h.share_den, '; ')"
                     : "string_agg(p.name || ' ' || h.share_num || '/' || h.share_den, '; ' "
                       "ORDER BY p.party_id)",
                 when);
        rc = copy_rows(st, w, sql, as_of, rrr_cols, NCOLS(rrr_cols), 1, &rrrs, err);
    }
    if (!rc)
        rc = geo_vwriter_layer(w, "party", NULL, wkbNone, err);
    if (!rc)
        rc = add_fields(w, party_cols, NCOLS(party_cols), err);
    if (!rc)
        rc = copy_rows(st, w,
                       "SELECT party_id, name, kind, id_code, acts_for FROM reg_party ORDER BY "
                       "party_id",
                       NULL, party_cols, NCOLS(party_cols), 0, &parties, err);
    if (!rc)
        rc = geo_vwriter_commit(w, err);
    else
        geo_vwriter_abort(w);
    st_rollback(st);
    n->units = units;
    n->rrrs = rrrs;
    n->parties = parties;
    return rc;
}
