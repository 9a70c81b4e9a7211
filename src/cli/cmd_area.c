/* cli/cmd_area — `liangshan area FILE`: planar and ellipsoidal area per polygon feature. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "geo/area.h"
#include "geo/polyset.h"

static void help(void)
{
    printf("usage: liangshan area FILE [--layer NAME] [--crs CRS] [--json]\n\n"
           "Prints each polygon feature's planar area (in its projected plane) and its\n"
           "ellipsoidal area on CGCS2000 by the land survey's formula (国土调查办发〔2008〕32号),\n"
           "in m², hectares and mu. FILE: Shapefile, GeoPackage, GeoJSON, FileGDB, VCT or a\n"
           "boundary-point coordinate file (界址点坐标).\n\n"
           "  --layer NAME   layer to read (default: the first)\n"
           "  --crs CRS      CRS when the file declares none (EPSG:4528, "
           "CGCS2000_3_Degree_GK_Zone_40)\n"
           "  --json         JSON: per feature id, planar_area_m2, ellipsoidal_area_m2\n");
}

int cmd_area(int argc, char **argv)
{
    static const struct option opts[] = { { "layer", required_argument, NULL, 'l' },
                                          { "crs", required_argument, NULL, 'c' },
                                          { "json", no_argument, NULL, 'j' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    const char *layer = NULL, *crs_text = NULL;
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            layer = optarg;
            break;
        case 'c':
            crs_text = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            help();
            return 0;
        default:
            return cli_usage_error("area", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("area", "expected exactly one FILE");
    const char *path = argv[optind];

    struct ls_err err = { 0 };
    struct geo_polyset polys;
    int rc = geo_polyset_read(path, layer, crs_text, &polys, &err);
    if (rc)
        return cli_fail(&err, json);
    struct geo_area_ctx *ctx = NULL;
    rc = geo_area_ctx_new(&polys.crs, &ctx, &err);
    if (rc) {
        geo_polyset_free(&polys);
        return cli_fail(&err, json);
    }
    json_t *features = json_array();
    double tot_planar = 0, tot_ell = 0;
    long invalid = 0;
    if (!json)
        printf("%s (%s, %s)\n%-24s %16s %16s %12s %12s\n", path, polys.layer, polys.crs.name, "id",
               "planar_m2", "ellipsoidal_m2", "ha", "mu");
    for (size_t i = 0; i < polys.count; i++) {
        double planar, ell;
        rc = geo_area_mpoly(ctx, &polys.items[i].geom, &planar, &ell, &err);
        if (rc) {
            snprintf(err.input, sizeof err.input, "%s", path);
            snprintf(err.where, sizeof err.where, "feature %s", polys.items[i].id);
            break;
        }
        tot_planar += planar;
        tot_ell += ell;
        const char *problem = polys.items[i].problem;
        invalid += problem[0] != '\0';
        if (json)
            json_array_append_new(
                features, json_pack("{s:s,s:I,s:f,s:f,s:f,s:f,s:b,s:s?}", "id", polys.items[i].id,
                                    "fid", (json_int_t)polys.items[i].fid, "planar_area_m2", planar,
                                    "ellipsoidal_area_m2", ell, "ellipsoidal_area_ha",
                                    ell / GEO_M2_PER_HA, "ellipsoidal_area_mu", ell / GEO_M2_PER_MU,
                                    "valid", !problem[0], "problem", problem[0] ? problem : NULL));
        else
            printf("%-24s %16.4f %16.4f %12.4f %12.4f%s%s\n", polys.items[i].id, planar, ell,
                   ell / GEO_M2_PER_HA, ell / GEO_M2_PER_MU, problem[0] ? "  INVALID: " : "",
                   problem);
    }
    geo_area_ctx_free(ctx);
    if (rc) {
        json_decref(features);
        geo_polyset_free(&polys);
        return cli_fail(&err, json);
    }
    if (json) {
        cli_print_json(json_pack(
            "{s:s,s:s,s:s,s:i,s:I,s:o,s:{s:I,s:f,s:f,s:f,s:f}}", "file", path, "layer", polys.layer,
            "crs", polys.crs.name, "epsg", polys.crs.epsg, "invalid", (json_int_t)invalid,
            "features", features, "total", "count", (json_int_t)polys.count, "planar_area_m2",
            tot_planar, "ellipsoidal_area_m2", tot_ell, "ellipsoidal_area_ha",
            tot_ell / GEO_M2_PER_HA, "ellipsoidal_area_mu", tot_ell / GEO_M2_PER_MU));
    } else {
        json_decref(features);
        printf("%-24s %16.4f %16.4f %12.4f %12.4f\n", "total", tot_planar, tot_ell,
               tot_ell / GEO_M2_PER_HA, tot_ell / GEO_M2_PER_MU);
        if (invalid)
            printf("%ld invalid feature(s): their areas are not meaningful; see 'liangshan "
                   "validate'\n",
                   invalid);
    }
    geo_polyset_free(&polys);
    return 0;
}
