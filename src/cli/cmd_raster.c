/* cli/cmd_raster — `liangshan raster <op>`: the raster engine for GIS analysts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/raster_cli.h"

static const struct {
    const char *name;
    int (*run)(struct cli_raster_args *);
    const char *usage;
} subs[] = {
    { "align", cli_raster_align,
      "IN.tif OUT.tif (--like REF.tif | --extent XMIN,YMIN,XMAX,YMAX --res R [--crs CRS])\n"
      "            [--resampling near|bilinear|average|mode|...]" },
    { "calc", cli_raster_calc, "OUT.tif --expr EXPR -A A.tif [-B B.tif ...]" },
    { "reclass", cli_raster_reclass, "CLASSES.tif OUT.tif --table T.csv --key COL --value COL" },
    { "slope", cli_raster_slope, "DEM.tif OUT.tif [--unit degrees|percent|aspect] [--z-factor Z]" },
    { "focal", cli_raster_focal, "IN.tif OUT.tif [--stat mean|sum] [--size N]" },
    { "zonal", cli_raster_zonal,
      "VALUE.tif (--zones Z.tif | --zone-polygons V.gpkg [--layer L] [--label-field F])\n"
      "            [--classes C.tif] [--csv OUT.csv]" },
    { "fill", cli_raster_fill, "DEM.tif OUT.tif [--epsilon | --out-of-core]" },
    { "flowdir", cli_raster_flowdir, "DEM.tif OUT.tif [--encoding liangshan|esri|grass]" },
    { "flowacc", cli_raster_flowacc,
      "DEM.tif OUT.tif [--method d8|mfd] [--weight W.tif] [--exponent P]" },
    { "streams", cli_raster_streams, "DEM.tif OUT.tif --threshold CELLS [--weight W.tif]" },
    { "watershed", cli_raster_watershed,
      "DEM.tif OUT.tif --outlets POINTS [--snap CELLS] [--weight W.tif]" },
    { "distance", cli_raster_distance, "DEM.tif OUT.tif --threshold CELLS [--weight W.tif]" },
};

static void help(void)
{
    printf("usage: liangshan raster <op> ... [options]\n\n"
           "The raster engine: tiled, streaming, multi-threaded; nodata respected everywhere.\n\n");
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
        printf("  raster %-9s %s\n", subs[i].name, subs[i].usage);
    printf("\ncommon options:\n"
           "  --threads N      worker threads (default: one per core)\n"
           "  --mem SIZE       memory budget, e.g. 512M, 4G (default: half the RAM, at most 8G)\n"
           "  --strip ROWS     rows per strip (default: from the budget; results do not depend "
           "on it)\n"
           "  --type T         output type: Byte, Int16, UInt16, Int32, UInt32, Float32, Float64\n"
           "  --nodata V       output nodata (default -9999 for floats, the type's extreme for "
           "integers)\n"
           "  --cog            write a Cloud-Optimized GeoTIFF\n"
           "  --compress C     ZSTD (default), DEFLATE, LZW or NONE\n"
           "  --force          replace an existing output\n"
           "  --json           print the report as JSON\n"
           "  --edges inward|outward  routing: edge cells drain to a lower neighbour (inward,\n"
           "                   the default) or all drain off the grid (outward, as GRASS)\n\n"
           "  --out-of-core    routing: stream the DEM from its file in bands of --strip rows\n"
           "                   (automatic when the grid does not fit in --mem); same results\n\n"
           "Hydrology (fill, flowdir, flowacc, streams, watershed, distance) holds the DEM in\n"
           "memory when it fits, else streams it in bands; see docs/raster.md for the conventions "
           "(D8 codes 0..7 = E,NE,N,NW,W,SW,S,SE,\n"
           "8 = drains off the grid; accumulation counts each cell itself).\n");
}

static double num(const char *s, const char *opt, int *bad)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end) {
        fprintf(stderr, "liangshan raster: %s expects a number, got \"%s\"\n", opt, s);
        *bad = 1;
    }
    return v;
}

int cmd_raster(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help();
        return argc < 2;
    }
    struct cli_raster_args a = { .sub = argv[1], .z_factor = 1, .exponent = 1, .size = 3 };
    int which = -1;
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
        if (strcmp(subs[i].name, a.sub) == 0)
            which = (int)i;
    if (which < 0)
        return cli_usage_error("raster", "unknown operation \"%s\"", a.sub);
    enum {
        O_THREADS = 256,
        O_MEM,
        O_STRIP,
        O_TYPE,
        O_NODATA,
        O_COG,
        O_FORCE,
        O_JSON,
        O_EXPR,
        O_TABLE,
        O_KEY,
        O_VALUE,
        O_UNIT,
        O_ZF,
        O_STAT,
        O_SIZE,
        O_LIKE,
        O_EXTENT,
        O_RES,
        O_CRS,
        O_RESAMPLING,
        O_ZONES,
        O_ZPOLY,
        O_LAYER,
        O_LABEL,
        O_CLASSES,
        O_CSV,
        O_EPS,
        O_OOC,
        O_METHOD,
        O_WEIGHT,
        O_EXP,
        O_THRESH,
        O_OUTLETS,
        O_SNAP,
        O_EDGES,
        O_COMPRESS,
        O_ENCODING,
        O_HELP
    };
    static const struct option opts[] = { { "threads", required_argument, NULL, O_THREADS },
                                          { "mem", required_argument, NULL, O_MEM },
                                          { "strip", required_argument, NULL, O_STRIP },
                                          { "type", required_argument, NULL, O_TYPE },
                                          { "nodata", required_argument, NULL, O_NODATA },
                                          { "cog", no_argument, NULL, O_COG },
                                          { "force", no_argument, NULL, O_FORCE },
                                          { "json", no_argument, NULL, O_JSON },
                                          { "expr", required_argument, NULL, O_EXPR },
                                          { "table", required_argument, NULL, O_TABLE },
                                          { "key", required_argument, NULL, O_KEY },
                                          { "value", required_argument, NULL, O_VALUE },
                                          { "unit", required_argument, NULL, O_UNIT },
                                          { "z-factor", required_argument, NULL, O_ZF },
                                          { "stat", required_argument, NULL, O_STAT },
                                          { "size", required_argument, NULL, O_SIZE },
                                          { "like", required_argument, NULL, O_LIKE },
                                          { "extent", required_argument, NULL, O_EXTENT },
                                          { "res", required_argument, NULL, O_RES },
                                          { "crs", required_argument, NULL, O_CRS },
                                          { "resampling", required_argument, NULL, O_RESAMPLING },
                                          { "zones", required_argument, NULL, O_ZONES },
                                          { "zone-polygons", required_argument, NULL, O_ZPOLY },
                                          { "layer", required_argument, NULL, O_LAYER },
                                          { "label-field", required_argument, NULL, O_LABEL },
                                          { "classes", required_argument, NULL, O_CLASSES },
                                          { "csv", required_argument, NULL, O_CSV },
                                          { "epsilon", no_argument, NULL, O_EPS },
                                          { "out-of-core", no_argument, NULL, O_OOC },
                                          { "method", required_argument, NULL, O_METHOD },
                                          { "weight", required_argument, NULL, O_WEIGHT },
                                          { "exponent", required_argument, NULL, O_EXP },
                                          { "threshold", required_argument, NULL, O_THRESH },
                                          { "outlets", required_argument, NULL, O_OUTLETS },
                                          { "snap", required_argument, NULL, O_SNAP },
                                          { "edges", required_argument, NULL, O_EDGES },
                                          { "compress", required_argument, NULL, O_COMPRESS },
                                          { "encoding", required_argument, NULL, O_ENCODING },
                                          { "help", no_argument, NULL, O_HELP },
                                          { NULL, 0, NULL, 0 } };
    int c, bad = 0;
    optind = 0;
    argc--;
    argv++;
    while ((c = getopt_long(argc, argv, "A:B:C:D:E:F:G:H:I:J:K:L:M:N:O:P:Q:R:S:T:U:V:W:X:Y:Z:h",
                            opts, NULL)) != -1) {
        if (c >= 'A' && c <= 'Z') {
            a.letters[c - 'A'] = optarg;
            continue;
        }
        switch (c) {
        case O_THREADS:
            a.exec.threads = (int)num(optarg, "--threads", &bad);
            if (a.exec.threads < 1 || a.exec.threads > 64)
                bad = 1, fprintf(stderr, "liangshan raster: --threads must be 1..64\n");
            break;
        case O_MEM:
            a.exec.mem_bytes = rs_parse_size(optarg);
            if (!a.exec.mem_bytes)
                bad = 1, fprintf(stderr, "liangshan raster: --mem expects a size like 2G\n");
            break;
        case O_STRIP:
            a.exec.strip_rows = (long)num(optarg, "--strip", &bad);
            if (a.exec.strip_rows < 1)
                bad = 1, fprintf(stderr, "liangshan raster: --strip must be at least 1\n");
            break;
        case O_TYPE:
            a.sink.type = rs_type_from_name(optarg);
            if (a.sink.type == GDT_Unknown)
                bad = 1, fprintf(stderr, "liangshan raster: unknown --type %s\n", optarg);
            break;
        case O_NODATA:
            a.sink.nodata = num(optarg, "--nodata", &bad);
            a.sink.has_nodata = 1;
            break;
        case O_COG:
            a.sink.cog = 1;
            break;
        case O_FORCE:
            a.sink.overwrite = 1;
            break;
        case O_JSON:
            a.json = 1;
            break;
        case O_EXPR:
            a.expr = optarg;
            break;
        case O_TABLE:
            a.table = optarg;
            break;
        case O_KEY:
            a.key = optarg;
            break;
        case O_VALUE:
            a.value = optarg;
            break;
        case O_UNIT:
            a.unit = optarg;
            break;
        case O_ZF:
            a.z_factor = num(optarg, "--z-factor", &bad);
            break;
        case O_STAT:
            a.stat = optarg;
            break;
        case O_SIZE:
            a.size = (int)num(optarg, "--size", &bad);
            break;
        case O_LIKE:
            a.like = optarg;
            break;
        case O_EXTENT:
            a.extent = optarg;
            break;
        case O_RES:
            a.res = num(optarg, "--res", &bad);
            break;
        case O_CRS:
            a.crs = optarg;
            break;
        case O_RESAMPLING:
            a.resampling = optarg;
            break;
        case O_ZONES:
            a.zones = optarg;
            break;
        case O_ZPOLY:
            a.zone_polygons = optarg;
            break;
        case O_LAYER:
            a.layer = optarg;
            break;
        case O_LABEL:
            a.label_field = optarg;
            break;
        case O_CLASSES:
            a.classes = optarg;
            break;
        case O_CSV:
            a.csv = optarg;
            break;
        case O_EPS:
            a.epsilon = 1;
            break;
        case O_OOC:
            a.out_of_core = 1;
            break;
        case O_METHOD:
            a.method = optarg;
            break;
        case O_WEIGHT:
            a.weight = optarg;
            break;
        case O_EXP:
            a.exponent = num(optarg, "--exponent", &bad);
            break;
        case O_THRESH:
            a.threshold = num(optarg, "--threshold", &bad);
            break;
        case O_OUTLETS:
            a.outlets = optarg;
            break;
        case O_SNAP:
            a.snap = (int)num(optarg, "--snap", &bad);
            break;
        case O_ENCODING:
            a.encoding = optarg;
            break;
        case O_COMPRESS:
            a.sink.compress = optarg;
            break;
        case O_EDGES:
            a.edges_outward = strcmp(optarg, "outward") == 0;
            if (!a.edges_outward && strcmp(optarg, "inward") != 0)
                bad = 1, fprintf(stderr, "liangshan raster: --edges is inward or outward\n");
            break;
        case 'h':
        case O_HELP:
            printf("usage: liangshan raster %s %s\n(see 'liangshan raster --help' for the common "
                   "options)\n",
                   subs[which].name, subs[which].usage);
            return 0;
        default:
            return cli_usage_error("raster", "unknown option");
        }
    }
    if (bad)
        return 1;
    a.pos = argv + optind;
    a.npos = argc - optind;
    a.sink.threads = rs_exec_threads(&a.exec);
    cli_gdal_init();
    return subs[which].run(&a);
}

int cli_raster_need_pos(const struct cli_raster_args *a, int n, const char *what)
{
    return a->npos == n ? 0 : cli_usage_error("raster", "%s expects %s", a->sub, what);
}

int cli_raster_open(const char *path, struct rs_source *src, int json)
{
    struct ls_err err = { 0 };
    int rc = rs_source_open(path, 1, src, &err);
    return rc ? cli_fail(&err, json) : 0;
}
