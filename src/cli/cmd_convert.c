/* cli/cmd_convert — `liangshan convert IN OUT`: between Shapefile (GBK or UTF-8), GeoPackage,
 * GeoJSON, FileGDB (read) and boundary-point coordinate files; attributes become UTF-8 and the
 * output declares its encoding. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/fsutil.h"
#include "cli/cli.h"
#include "geo/coordfile.h"
#include "geo/copy.h"
#include "geo/polyset.h"
#include "geo/vct_io.h"
#include "geo/vector.h"

static void help(void)
{
    printf("usage: liangshan convert IN OUT [--layer NAME] [--encoding UTF-8|GBK] [--force]\n"
           "                        [--to-crs CRS] [--json]\n\n"
           "IN: Shapefile (encoding from .cpg, the DBF code page, or detected: UTF-8 or\n"
           "GBK/GB18030), GeoPackage, GeoJSON, File Geodatabase, VCT (GB/T 17798).\n"
           "OUT by extension: .gpkg, .geojson (RFC 7946, WGS 84), .shp (with .cpg; --encoding\n"
           "GBK for older desktop GIS), .vct (VCT 3.0, GBK), .txt (boundary-point coordinate\n"
           "file, GBK). VCT input: every polygon layer goes to a GeoPackage; --layer picks one.\n"
           "--to-crs reprojects through PROJ (EPSG:4490, EPSG:4527 for zone 39, ...).\n"
           "Nothing is written on error; OUT is never replaced without --force.\n");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcasecmp(s + n - k, suffix);
}

/* Polygons of any input to a coordinate file (parcel numbers from the feature ids). */
static int to_coordfile(const char *in, const char *layer, const char *out, int force, long long *n,
                        struct ls_err *err)
{
    int rc0 = ls_refuse_existing(out, force, "OUT", err);
    if (rc0)
        return rc0;
    struct geo_polyset p;
    int rc = geo_polyset_read(in, layer, NULL, &p, err);
    if (rc)
        return rc;
    if (p.crs.kind != GEO_CRS_GK && p.crs.kind != GEO_CRS_LEGACY) {
        geo_polyset_free(&p);
        return ls_err_set(err, LS_EUNSUPP, in, NULL, "crs",
                          "a coordinate file holds Gauss–Krüger coordinates; %s is not",
                          p.crs.name);
    }
    struct geo_coordfile cf = { 0 };
    cf.crs = p.crs;
    cf.precision = 0.001;
    snprintf(cf.crs_name, sizeof cf.crs_name, "2000国家大地坐标系");
    struct geo_parcel *parcels = calloc(p.count ? p.count : 1, sizeof *parcels);
    if (!parcels) {
        geo_polyset_free(&p);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < p.count; i++) {
        snprintf(parcels[i].number, sizeof parcels[i].number, "%s", p.items[i].id);
        parcels[i].declared_area_ha = geo_mpoly_area_planar(&p.items[i].geom) / 10000.0;
        parcels[i].geom = p.items[i].geom;
    }
    cf.parcels = parcels;
    cf.nparcels = p.count;
    rc = geo_coordfile_write(out, &cf, "GB18030", err);
    *n = (long long)p.count;
    free(parcels);
    geo_polyset_free(&p);
    return rc;
}

int cmd_convert(int argc, char **argv)
{
    static const struct option opts[] = { { "layer", required_argument, NULL, 'l' },
                                          { "encoding", required_argument, NULL, 'e' },
                                          { "force", no_argument, NULL, 'f' },
                                          { "to-crs", required_argument, NULL, 't' },
                                          { "json", no_argument, NULL, 'j' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    const char *layer = NULL, *encoding = "UTF-8", *to_crs = NULL;
    int json = 0, force = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            layer = optarg;
            break;
        case 'e':
            if (strcasecmp(optarg, "UTF-8") && strcasecmp(optarg, "GBK"))
                return cli_usage_error("convert", "--encoding is UTF-8 or GBK, not '%s'", optarg);
            encoding = strcasecmp(optarg, "GBK") ? "UTF-8" : "GBK";
            break;
        case 'f':
            force = 1;
            break;
        case 't':
            to_crs = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            help();
            return 0;
        default:
            return cli_usage_error("convert", "unknown option");
        }
    }
    if (optind != argc - 2)
        return cli_usage_error("convert", "expected IN and OUT");
    const char *in = argv[optind], *out = argv[optind + 1];
    struct ls_err err = { 0 };
    long long n = 0;
    int rc;
    struct geo_crs target;
    if (to_crs && (rc = geo_crs_parse(to_crs, &target, &err)) != 0)
        return cli_fail(&err, json);
    char enc[64] = "";
    if (ends_with(out, ".txt")) {
        rc = to_coordfile(in, layer, out, force, &n, &err);
    } else if (geo_is_vct(in)) {
        rc = geo_vct_to_vector(in, layer, out, encoding, force, &n, &err);
    } else if (geo_coordfile_sniff(in)) {
        return cli_usage_error("convert", "use 'liangshan coords %s --out %s' for coordinate files",
                               in, out);
    } else {
        struct geo_vsource *s = NULL;
        rc = geo_vsource_open(in, layer, &s, &err);
        if (!rc) {
            snprintf(enc, sizeof enc, "%s (%s)", s->encoding, s->encoding_source);
            struct geo_copy_opts o = { .encoding = encoding,
                                       .force = force,
                                       .to_crs = to_crs ? &target : NULL };
            rc = geo_is_vct(out) ? geo_vector_to_vct(s, out, force, &n, &err)
                                 : geo_copy_layer(s, out, &o, &n, &err);
        }
        geo_vsource_close(s);
    }
    if (rc)
        return cli_fail(&err, json);
    if (json)
        cli_print_json(json_pack("{s:s,s:s,s:I,s:s}", "input", in, "output", out, "features",
                                 (json_int_t)n, "input_encoding", enc));
    else
        printf("%s -> %s: %lld features%s%s\n", in, out, n, enc[0] ? ", input encoding " : "", enc);
    return 0;
}
