/* cli/cmd_basemap — `liangshan basemap --data DIR`: draws the county's own basemap tiles
 * (terrain-shaded land cover, app/basemap) ahead of use, for a server without network. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/basemap.h"
#include "cli/cli.h"

static void help(void)
{
    printf("usage: liangshan basemap --data COUNTY_DIR [--tiles DIR] [--zoom 8-14] [--json]\n\n"
           "Draws the county's own basemap — land cover by first-level class (TD/T 1055—2019)\n"
           "shaded by a hillshade of the DEM — from COUNTY_DIR/elevation.tif and landcover.tif\n"
           "into Web Mercator XYZ tiles (TILES/Z/X/Y.png), the cache `liangshan serve` reads\n"
           "for /api/v1/basemap/tiles. New county data redraws every tile.\n\n"
           "  --data DIR    the county folder (as `liangshan serve --data`)\n"
           "  --tiles DIR   the tile cache (default COUNTY_DIR/tiles, as the server's)\n"
           "  --zoom A-B    the zoom levels to draw (default 8-14; 0..20)\n"
           "  --json        {\"drawn\", \"cached\", \"zoom\": [A, B]}\n"
           "exit: 0 drawn, 1 bad input, 2 internal error\n");
}

int cmd_basemap(int argc, char **argv)
{
    enum { O_DATA = 1, O_TILES, O_ZOOM, O_JSON, O_HELP };
    static const struct option opts[] = {
        { "data", required_argument, NULL, O_DATA }, { "tiles", required_argument, NULL, O_TILES },
        { "zoom", required_argument, NULL, O_ZOOM }, { "json", no_argument, NULL, O_JSON },
        { "help", no_argument, NULL, O_HELP },       { NULL, 0, NULL, 0 }
    };
    const char *data = NULL, *tiles = NULL;
    int json = 0, zmin = 8, zmax = 14, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_DATA:
            data = optarg;
            break;
        case O_TILES:
            tiles = optarg;
            break;
        case O_ZOOM: {
            char *end, *end2;
            long a = strtol(optarg, &end, 10), b = *end == '-' ? strtol(end + 1, &end2, 10) : a;
            if (end == optarg || (*end && (*end != '-' || *end2)) || a < 0 || b > 20 || a > b)
                return cli_usage_error("basemap", "--zoom is A-B within 0-20, A ≤ B (not %s)",
                                       optarg);
            zmin = (int)a;
            zmax = (int)b;
            break;
        }
        case O_JSON:
            json = 1;
            break;
        case O_HELP:
            help();
            return 0;
        default:
            return cli_usage_error("basemap", "unknown option");
        }
    }
    if (!data)
        return cli_usage_error("basemap", "--data COUNTY_DIR is required");
    if (optind < argc)
        return cli_usage_error("basemap", "unexpected argument %s", argv[optind]);
    char tdir[1100];
    snprintf(tdir, sizeof tdir, "%s", tiles ? tiles : "");
    if (!tiles)
        snprintf(tdir, sizeof tdir, "%s/tiles", data);
    cli_gdal_init();
    struct ls_err err = { 0 };
    long drawn = 0, cached = 0;
    if (app_basemap_seed(data, tdir, zmin, zmax, &drawn, &cached, &err))
        return cli_fail(&err, json);
    if (json)
        cli_print_json(json_pack("{s:I,s:I,s:[i,i]}", "drawn", (json_int_t)drawn, "cached",
                                 (json_int_t)cached, "zoom", zmin, zmax));
    else
        printf("basemap: %ld tiles drawn, %ld already cached, zoom %d–%d, in %s\n", drawn, cached,
               zmin, zmax, tdir);
    return 0;
}
