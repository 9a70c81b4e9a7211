/*
 * cli/registry_export — `liangshan registry export OUT.gpkg`: the register as of today (or a
 * date) with its map annex, as a GeoPackage anyone opens in QGIS: registration units,
 * rights / restrictions / responsibilities with their holders, and the parties.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "cli/cli.h"
#include "cli/registry_cli.h"
#include "geo/crs.h"
#include "geo/vwrite.h"
#include "registry/model.h"
#include "store/store.h"

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

int registry_export_cmd(int argc, char **argv, const char *store, int json)
{
    const char *out = NULL, *as_of = NULL;
    int overwrite = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--as-of") && i + 1 < argc)
            as_of = argv[++i];
        else if (!strcmp(argv[i], "--overwrite"))
            overwrite = 1;
        else if (!out && argv[i][0] != '-')
            out = argv[i];
        else
            return cli_usage_error("registry export", "unknown argument %s", argv[i]);
    }
    if (!out)
        return cli_usage_error("registry export", "give the output file OUT.gpkg");
    struct ls_err err = { 0 };
    if (as_of && !reg_date_valid(as_of)) {
        ls_err_set(&err, LS_EINVAL, NULL, NULL, "as_of", "\"%s\" is not a date YYYY-MM-DD", as_of);
        return cli_fail(&err, json);
    }
    cli_gdal_init();
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    if (registry_open(store, &st, &r, &err))
        return cli_fail(&err, json);
    struct geo_crs crs;
    struct geo_vwriter *w = NULL;
    struct geo_vwriter_opts wo = { NULL, overwrite };
    int rc = geo_crs_from_epsg(st_srid(st), &crs, &err);
    if (!rc)
        rc = st_begin_read(st, &err);
    if (!rc)
        rc = geo_vwriter_open(out, &wo, &w, &err);
    const char *when = as_of ? " valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) AND "
                               "corrected_seq IS NULL"
                             : " end_seq IS NULL";
    char sql[2048];
    long units = 0, rrrs = 0, parties = 0;
    if (!rc)
        rc = geo_vwriter_layer(w, "registration_unit", &crs, wkbMultiPolygon, &err);
    if (!rc)
        rc = add_fields(w, unit_cols, NCOLS(unit_cols), &err);
    if (!rc) {
        snprintf(sql, sizeof sql,
                 "SELECT unit_code, version, name, unit_class, resource_type, layer, z_min, "
                 "z_max, area_m2, quantity, quantity_unit, quality, valid_from, valid_to, geom "
                 "FROM reg_unit WHERE%s ORDER BY unit_code",
                 when);
        rc = copy_rows(st, w, sql, as_of, unit_cols, NCOLS(unit_cols), 1, &units, &err);
    }
    if (!rc)
        rc = geo_vwriter_layer(w, "rrr", &crs, wkbMultiPolygon, &err);
    if (!rc)
        rc = add_fields(w, rrr_cols, NCOLS(rrr_cols), &err);
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
        rc = copy_rows(st, w, sql, as_of, rrr_cols, NCOLS(rrr_cols), 1, &rrrs, &err);
    }
    if (!rc)
        rc = geo_vwriter_layer(w, "party", NULL, wkbNone, &err);
    if (!rc)
        rc = add_fields(w, party_cols, NCOLS(party_cols), &err);
    if (!rc)
        rc = copy_rows(st, w,
                       "SELECT party_id, name, kind, id_code, acts_for FROM reg_party ORDER BY "
                       "party_id",
                       NULL, party_cols, NCOLS(party_cols), 0, &parties, &err);
    if (!rc)
        rc = geo_vwriter_commit(w, &err);
    else
        geo_vwriter_abort(w);
    st_rollback(st);
    reg_close(r);
    st_close(st);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        cli_print_json(json_pack("{s:s, s:i, s:i, s:i}", "out", out, "units", (int)units, "rrr",
                                 (int)rrrs, "parties", (int)parties));
    else
        printf("exported %ld units, %ld rights/restrictions/responsibilities and %ld parties%s%s "
               "to %s\n",
               units, rrrs, parties, as_of ? " as of " : "", as_of ? as_of : "", out);
    return 0;
}
