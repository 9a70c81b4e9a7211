/* cli/cmd_coords — `liangshan coords FILE`: read a boundary-point coordinate file, check each
 * parcel's declared area against the computed one, optionally convert to GPKG/GeoJSON/SHP. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "geo/area.h"
#include "geo/coordfile.h"
#include "geo/ogr_bridge.h"
#include "geo/vwrite.h"

static void help(void)
{
    printf("usage: liangshan coords FILE [--out OUT.gpkg|OUT.geojson|OUT.shp] [--force]\n"
           "                        [--towgs84 dx,dy,dz,rx,ry,rz,ds] [--json]\n\n"
           "Reads a boundary-point coordinate file (界址点坐标, [属性描述]/[地块坐标], GBK or\n"
           "UTF-8), computes each parcel's planar and ellipsoidal area and flags a declared\n"
           "area (公顷) that matches neither beyond the file's precision.\n\n"
           "  --out FILE     write the parcels as a GeoPackage, GeoJSON or Shapefile\n"
           "  --force        overwrite --out if it exists\n"
           "  --towgs84 P    seven parameters for Xi'an 1980 / Beijing 1954 files\n"
           "  --json         JSON: per parcel number, name, declared_area_ha, ellipsoidal_area_m2\n"
           "exit: 0 read (mismatches are reported, not errors), 1 bad input, 2 internal error\n");
}

/* The declared value is rounded to its last digit; coordinates to the file's precision. */
static double tolerance_m2(const struct geo_parcel *p, double precision, double perimeter)
{
    double rounding = 0.5 * pow(10.0, -p->area_decimals) * GEO_M2_PER_HA;
    return rounding + perimeter * (precision > 0 ? precision : 0.001);
}

static double perimeter_of(const struct geo_mpoly *m)
{
    double s = 0;
    for (size_t k = 0; k < m->npolys; k++)
        for (size_t r = 0; r < m->polys[k].nrings; r++) {
            const struct geo_ring *g = &m->polys[k].rings[r];
            for (size_t i = 0; i + 1 < g->n; i++)
                s += hypot(g->xy[2 * i + 2] - g->xy[2 * i], g->xy[2 * i + 3] - g->xy[2 * i + 1]);
        }
    return s;
}

static int parse_towgs84(const char *s, double p[7])
{
    int n = 0;
    char *end;
    while (n < 7) {
        p[n++] = strtod(s, &end);
        if (end == s)
            return -1;
        if (*end == '\0')
            break;
        if (*end != ',')
            return -1;
        s = end + 1;
    }
    return n == 7 && *end == '\0' ? 0 : -1;
}

static int write_out(const char *out, int force, const struct geo_coordfile *cf,
                     const double *planar, const double *ell, const char *const *verdicts,
                     struct ls_err *err)
{
    struct geo_vwriter_opts o = { .overwrite = force };
    struct geo_vwriter *w = NULL;
    int rc = geo_vwriter_open(out, &o, &w, err);
    if (!rc)
        rc = geo_vwriter_layer(w, "parcel", &cf->crs, wkbMultiPolygon, err);
    static const struct {
        const char *name;
        OGRFieldType type;
    } fields[] = { { "DKBH", OFTString },      { "DKMC", OFTString },
                   { "DLBM", OFTString },      { "YT", OFTString },
                   { "TFH", OFTString },       { "declared_ha", OFTReal },
                   { "planar_m2", OFTReal },   { "ellipsoidal_m2", OFTReal },
                   { "area_check", OFTString } };
    for (size_t i = 0; !rc && i < sizeof fields / sizeof *fields; i++)
        rc = geo_vwriter_field(w, fields[i].name, fields[i].type, 0, err);
    for (size_t i = 0; !rc && i < cf->nparcels; i++) {
        const struct geo_parcel *p = &cf->parcels[i];
        OGRFeatureH f = geo_vwriter_feature(w);
        OGR_F_SetFieldString(f, 0, p->number);
        OGR_F_SetFieldString(f, 1, p->name);
        OGR_F_SetFieldString(f, 2, p->landclass);
        OGR_F_SetFieldString(f, 3, p->use);
        OGR_F_SetFieldString(f, 4, p->sheet);
        if (!isnan(p->declared_area_ha))
            OGR_F_SetFieldDouble(f, 5, p->declared_area_ha);
        OGR_F_SetFieldDouble(f, 6, planar[i]);
        OGR_F_SetFieldDouble(f, 7, ell[i]);
        OGR_F_SetFieldString(f, 8, verdicts[i]);
        OGR_F_SetGeometryDirectly(f, geo_mpoly_to_ogr(&p->geom));
        rc = geo_vwriter_write(w, f, err);
    }
    if (rc) {
        geo_vwriter_abort(w);
        return rc;
    }
    return geo_vwriter_commit(w, err);
}

int cmd_coords(int argc, char **argv)
{
    static const struct option opts[] = {
        { "out", required_argument, NULL, 'o' },     { "force", no_argument, NULL, 'f' },
        { "towgs84", required_argument, NULL, 't' }, { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 }
    };
    const char *out = NULL;
    int json = 0, force = 0, c, has_tw = 0;
    double tw[7];
    optind = 0;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'f':
            force = 1;
            break;
        case 't':
            if (parse_towgs84(optarg, tw))
                return cli_usage_error("coords", "--towgs84 needs 7 comma-separated numbers");
            has_tw = 1;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            help();
            return 0;
        default:
            return cli_usage_error("coords", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("coords", "expected exactly one FILE");
    const char *path = argv[optind];
    struct ls_err err = { 0 };
    struct geo_coordfile *cf = NULL;
    int rc = geo_coordfile_read(path, has_tw ? tw : NULL, &cf, &err);
    if (rc)
        return cli_fail(&err, json);
    struct geo_area_ctx *ctx = NULL;
    rc = geo_area_ctx_new(&cf->crs, &ctx, &err);
    double *planar = calloc(cf->nparcels, sizeof *planar);
    double *ell = calloc(cf->nparcels, sizeof *ell);
    const char **verdict = calloc(cf->nparcels, sizeof *verdict);
    if (!rc && (!planar || !ell || !verdict))
        rc = ls_err_set(&err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    int mismatches = 0;
    json_t *parcels = json_array();
    if (!json && !rc)
        printf("%s: %zu parcel(s), %s, encoding %s\n", path, cf->nparcels, cf->crs.name,
               cf->encoding);
    for (size_t i = 0; !rc && i < cf->nparcels; i++) {
        const struct geo_parcel *p = &cf->parcels[i];
        rc = geo_area_mpoly(ctx, &p->geom, &planar[i], &ell[i], &err);
        if (rc) {
            snprintf(err.input, sizeof err.input, "%s", path);
            snprintf(err.where, sizeof err.where, "parcel %s", p->number);
            break;
        }
        double tol = tolerance_m2(p, cf->precision, perimeter_of(&p->geom));
        double decl = p->declared_area_ha * GEO_M2_PER_HA;
        if (isnan(p->declared_area_ha))
            verdict[i] = "not_declared";
        else if (fabs(decl - ell[i]) <= tol)
            verdict[i] = "matches_ellipsoidal";
        else if (fabs(decl - planar[i]) <= tol)
            verdict[i] = "matches_planar";
        else {
            verdict[i] = "mismatch";
            mismatches++;
        }
        if (json) {
            json_t *o =
                json_pack("{s:s,s:s,s:s,s:I,s:f,s:f,s:f,s:s}", "number", p->number, "name", p->name,
                          "landclass", p->landclass, "points", (json_int_t)p->declared_points,
                          "planar_area_m2", planar[i], "ellipsoidal_area_m2", ell[i],
                          "tolerance_m2", tol, "area_check", verdict[i]);
            json_object_set_new(o, "declared_area_ha",
                                isnan(p->declared_area_ha) ? json_null()
                                                           : json_real(p->declared_area_ha));
            json_array_append_new(parcels, o);
        } else {
            printf(
                "  %-12s %-16s declared %12.4f ha  planar %14.4f m²  ellipsoidal %14.4f m²  %s\n",
                p->number, p->name, p->declared_area_ha, planar[i], ell[i], verdict[i]);
        }
    }
    if (!rc && out)
        rc = write_out(out, force, cf, planar, ell, verdict, &err);
    if (!rc) {
        if (json) {
            json_t *warn = json_array();
            for (size_t i = 0; i < cf->nwarnings; i++)
                json_array_append_new(warn, json_string(cf->warnings[i]));
            cli_print_json(json_pack("{s:s,s:s,s:i,s:i,s:s,s:o,s:o,s:i}", "file", path, "crs",
                                     cf->crs.name, "epsg", cf->crs.epsg, "zone", cf->crs.zone,
                                     "encoding", cf->encoding, "parcels", parcels, "warnings", warn,
                                     "area_mismatches", mismatches));
        } else {
            json_decref(parcels);
            for (size_t i = 0; i < cf->nwarnings; i++)
                printf("warning: %s\n", cf->warnings[i]);
            if (mismatches)
                printf("%d parcel(s) declare an area that matches neither the planar nor the "
                       "ellipsoidal area\n",
                       mismatches);
            if (out)
                printf("wrote %s\n", out);
        }
    } else {
        json_decref(parcels);
    }
    free(planar);
    free(ell);
    free(verdict);
    geo_area_ctx_free(ctx);
    geo_coordfile_free(cf);
    if (rc)
        return cli_fail(&err, json);
    return 0;
}
