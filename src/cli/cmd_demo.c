/* cli/cmd_demo — `liangshan demo`: generate the demo county and print its summary. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo.h"
#include "cli/cli.h"
#include "geo/area.h"

static void help(void)
{
    printf("usage: liangshan demo [--size small|medium|large] [--seed N] [--out DIR] [--force]\n"
           "                      [--json]\n"
           "       liangshan demo --province N [--size S] [--seed N] [--out DIR] [--force] "
           "[--json]\n\n"
           "Generates the synthetic coastal demo county 两山县 (331099) on the Zhejiang coast in\n"
           "CGCS2000 3-degree Gauss-Kruger zone 40 (EPSG:4528), 30 m cells, and prints its\n"
           "summary. The same size and seed give byte-identical files.\n\n"
           "  --size S    small (500x500 cells, tests), medium (1600x1600), large (4000x4000,\n"
           "              benchmarks); default small\n"
           "  --seed N    generator seed (default 1)\n"
           "  --out DIR   output folder (default demo-county); never replaced without --force\n"
           "  --json      the summary as JSON\n\n"
           "Writes: elevation, landcover, precipitation, et0, soil_depth, pawc, erodibility,\n"
           "erosivity, ndvi, npp (.tif), landcover_classes.csv, and county.gpkg with layers\n"
           "county, township, landuse_patch, basic_farmland, eco_redline, core_zone,\n"
           "urban_boundary, river, shoreline.\n\n"
           "With --province N (2 to 8) it writes the province demo instead (default folder\n"
           "demo-province): the region 两山市 (339900) of N counties stacked north to south, each "
           "its own\n"
           "terrain and a red line from large to small, one river crossing from the first county\n"
           "into the second with the joint monitoring section on their border; DIR/<code>/ holds\n"
           "each county's rasters and county.gpkg (with county-2022.gpkg), DIR/province.gpkg the\n"
           "counties, the river and the section, DIR/tables the province's tables: counties.csv\n"
           "(population, standard revenue and expenditure, fiscal gap), prohibited_zones.csv,\n"
           "ei.csv (EI by HJ 192-2015 for 2022 and 2023), water_quality.csv (the section,\n"
           "2022-2024) and sections.csv.\n");
}

static json_t *summary_json(const struct demo_opts *o, const struct demo_summary *s)
{
    json_t *classes = json_array(), *grades = json_array();
    for (int i = 0; i < s->nclasses; i++)
        json_array_append_new(classes, json_pack("{s:s,s:s,s:I,s:f,s:f,s:f,s:f}", "dlbm",
                                                 s->classes[i].code, "dlmc", s->classes[i].name,
                                                 "patches", (json_int_t)s->classes[i].patches,
                                                 "area_m2", s->classes[i].area_m2, "area_ha",
                                                 s->classes[i].area_m2 / GEO_M2_PER_HA, "area_mu",
                                                 s->classes[i].area_m2 / GEO_M2_PER_MU,
                                                 "net_area_m2", s->classes[i].net_m2));
    for (int g = 1; g <= DEMO_GRADES; g++)
        if (s->cropland_by_grade_m2[g] > 0)
            json_array_append_new(grades, json_pack("{s:i,s:f,s:f,s:f}", "grade", g, "net_area_m2",
                                                    s->cropland_by_grade_m2[g], "net_area_ha",
                                                    s->cropland_by_grade_m2[g] / GEO_M2_PER_HA,
                                                    "net_area_mu",
                                                    s->cropland_by_grade_m2[g] / GEO_M2_PER_MU));
#define ZONE(name, a, n)                                                                         \
    name, json_pack("{s:I,s:f,s:f,s:f}", "polygons", (json_int_t)(n), "area_m2", (a), "area_ha", \
                    (a) / GEO_M2_PER_HA, "area_mu", (a) / GEO_M2_PER_MU)
    json_t *zones = json_pack("{s:o,s:o,s:o,s:o}",
                              ZONE("basic_farmland", s->basic_farmland_m2, s->basic_farmland_n),
                              ZONE("eco_redline", s->eco_redline_m2, s->eco_redline_n),
                              ZONE("core_zone", s->core_zone_m2, s->core_zone_n),
                              ZONE("urban_boundary", s->urban_boundary_m2, s->urban_boundary_n));
#undef ZONE
    return json_pack("{s:s,s:s,s:I,s:s,s:i,s:i,s:i,s:f,s:I,s:I,s:I,s:f,s:f,s:f,s:o,s:o,s:o,"
                     "s:{s:f,s:f},s:f}",
                     "county", "两山县", "code", "331099", "seed", (json_int_t)o->seed, "size",
                     demo_size_name(o->size), "epsg", 4528, "columns", s->nx, "rows", s->ny,
                     "cell_size_m", s->cell_size, "townships", (json_int_t)s->townships, "villages",
                     (json_int_t)s->villages, "patches", (json_int_t)s->patches, "county_area_m2",
                     s->county_area_m2, "county_area_ha", s->county_area_m2 / GEO_M2_PER_HA,
                     "county_area_mu", s->county_area_m2 / GEO_M2_PER_MU, "land_classes", classes,
                     "cropland_by_grade", grades, "control_lines", zones, "shoreline_m", "natural",
                     s->shoreline_natural_m, "artificial", s->shoreline_artificial_m,
                     "river_length_m", s->river_length_m);
}

/* Prints s left-aligned in `cols` terminal columns (a CJK character takes two). */
static void print_padded(const char *s, int cols)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) /* count the lead byte of each character */
            w += *p >= 0xE0 ? 2 : 1;
    printf("%s%*s", s, cols > w ? cols - w : 0, "");
}

static void print_summary(const struct demo_opts *o, const struct demo_summary *s)
{
    printf("两山县 (331099) demo county, size %s, seed %llu -> %s\n", demo_size_name(o->size),
           (unsigned long long)o->seed, o->out_dir);
    printf("grid %d x %d cells of %.0f m, EPSG:4528 (CGCS2000 3-degree GK zone 40)\n", s->nx, s->ny,
           s->cell_size);
    printf("%ld townships, %ld villages, %ld survey patches; county area %.2f ha (%.1f mu)\n\n",
           s->townships, s->villages, s->patches, s->county_area_m2 / GEO_M2_PER_HA,
           s->county_area_m2 / GEO_M2_PER_MU);
    printf("Area by land class (ellipsoidal TBMJ)\n  %-6s %-12s %8s %14s %16s\n", "DLBM", "DLMC",
           "patches", "ha", "mu");
    for (int i = 0; i < s->nclasses; i++) {
        printf("  %-6s ", s->classes[i].code);
        print_padded(s->classes[i].name, 12);
        printf(" %8ld %14.2f %16.1f\n", s->classes[i].patches,
               s->classes[i].area_m2 / GEO_M2_PER_HA, s->classes[i].area_m2 / GEO_M2_PER_MU);
    }
    printf("\nCropland by quality grade (耕地等别, net of field ridges, TBDLMJ)\n");
    for (int g = 1; g <= DEMO_GRADES; g++)
        if (s->cropland_by_grade_m2[g] > 0)
            printf("  grade %2d %14.2f ha %16.1f mu\n", g,
                   s->cropland_by_grade_m2[g] / GEO_M2_PER_HA,
                   s->cropland_by_grade_m2[g] / GEO_M2_PER_MU);
    printf("\nControl lines (三区三线)\n");
    const struct {
        const char *name;
        double a;
        long n;
    } z[] = { { "永久基本农田 basic farmland", s->basic_farmland_m2, s->basic_farmland_n },
              { "生态保护红线 eco red line", s->eco_redline_m2, s->eco_redline_n },
              { "  of which 核心保护区 core zones", s->core_zone_m2, s->core_zone_n },
              { "城镇开发边界 urban boundary", s->urban_boundary_m2, s->urban_boundary_n } };
    for (size_t i = 0; i < 4; i++) {
        printf("  ");
        print_padded(z[i].name, 34);
        printf(" %6ld polygons %12.2f ha %14.1f mu\n", z[i].n, z[i].a / GEO_M2_PER_HA,
               z[i].a / GEO_M2_PER_MU);
    }
    printf("\nShoreline: natural %.2f km, artificial %.2f km; rivers %.2f km\n",
           s->shoreline_natural_m / 1000, s->shoreline_artificial_m / 1000,
           s->river_length_m / 1000);
}

static int province(const struct demo_province_opts *po, int json)
{
    struct demo_province_summary s;
    struct ls_err err = { 0 };
    if (app_demo_province_make(po, &s, &err))
        return cli_fail(&err, json);
    if (json) {
        json_t *counties = json_array();
        for (int i = 0; i < s.n; i++)
            json_array_append_new(
                counties, json_pack("{s:s,s:s,s:f,s:f,s:f,s:I,s:I,s:f,s:f}", "code",
                                    s.county[i].code, "name", s.county[i].name, "land_area_m2",
                                    s.county[i].land_m2, "redline_area_m2", s.county[i].redline_m2,
                                    "redline_share", s.county[i].redline_m2 / s.county[i].land_m2,
                                    "patches", (json_int_t)s.county[i].patches, "prohibited_zones",
                                    (json_int_t)s.county[i].prohibited, "ei_2022",
                                    s.county[i].ei[0], "ei_2023", s.county[i].ei[1]));
        cli_print_json(json_pack("{s:s,s:s,s:I,s:s,s:o,s:{s:s,s:s,s:s,s:s,s:s,s:f,s:f}}", "region",
                                 "两山市", "code", "339900", "seed", (json_int_t)s.seed, "out",
                                 po->out_dir, "counties", counties, "section", "code", s.section,
                                 "name", s.section_name, "river", s.river, "upstream",
                                 s.county[0].code, "downstream", s.county[1].code, "easting",
                                 s.section_x, "northing", s.section_y));
        return 0;
    }
    printf("province demo: 两山市 (339900), %d counties, seed %llu -> %s\n", s.n,
           (unsigned long long)s.seed, po->out_dir);
    printf("  %-6s ", "code");
    print_padded("county", 8);
    printf(" %12s %12s %8s %8s %8s %8s\n", "land km2", "red line km2", "share", "zones", "EI 2022",
           "EI 2023");
    for (int i = 0; i < s.n; i++) {
        printf("  %-6s ", s.county[i].code);
        print_padded(s.county[i].name, 8);
        printf(" %12.2f %12.2f %8.3f %8ld %8.2f %8.2f\n", s.county[i].land_m2 / 1e6,
               s.county[i].redline_m2 / 1e6, s.county[i].redline_m2 / s.county[i].land_m2,
               s.county[i].prohibited, s.county[i].ei[0], s.county[i].ei[1]);
    }
    printf("River %s crosses from %s into %s; monitoring section %s %s at (%.1f, %.1f)\n", s.river,
           s.county[0].name, s.county[1].name, s.section, s.section_name, s.section_x, s.section_y);
    return 0;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        { "size", required_argument, NULL, 's' }, { "seed", required_argument, NULL, 'S' },
        { "out", required_argument, NULL, 'o' },  { "force", no_argument, NULL, 'f' },
        { "json", no_argument, NULL, 'j' },       { "province", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },       { NULL, 0, NULL, 0 }
    };
    struct demo_opts o = { .size = DEMO_SMALL, .seed = 1, .out_dir = NULL };
    int json = 0, c, counties = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 's':
            if (demo_parse_size(optarg, &o.size))
                return cli_usage_error("demo", "--size must be small, medium or large, not '%s'",
                                       optarg);
            break;
        case 'S':
            o.seed = strtoull(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-')
                return cli_usage_error("demo", "--seed must be a non-negative integer, not '%s'",
                                       optarg);
            break;
        case 'o':
            o.out_dir = optarg;
            break;
        case 'f':
            o.force = 1;
            break;
        case 'j':
            json = 1;
            break;
        case 'p': {
            long n = strtol(optarg, &end, 10);
            if (*end || end == optarg || n < 2 || n > DEMO_PROVINCE_MAX)
                return cli_usage_error(
                    "demo", "--province must be a number of counties from 2 to %d, not '%s'",
                    DEMO_PROVINCE_MAX, optarg);
            counties = (int)n;
            break;
        }
        case 'h':
            help();
            return 0;
        default:
            return cli_usage_error("demo", "unknown option");
        }
    }
    if (optind != argc)
        return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
    if (counties) {
        struct demo_province_opts po = { o.size, o.seed, counties,
                                         o.out_dir ? o.out_dir : "demo-province", o.force };
        return province(&po, json);
    }
    if (!o.out_dir)
        o.out_dir = "demo-county";
    struct demo_summary s;
    struct ls_err err = { 0 };
    struct app_demo_register reg;
    if (app_demo_make(&o, &s, &reg, &err))
        return cli_fail(&err, json);
    if (json) {
        json_t *j = summary_json(&o, &s);
        json_object_set_new(
            j, "register",
            json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:s}", "store", "store.gpkg", "parties",
                      (json_int_t)reg.parties, "units", (json_int_t)reg.units, "rights",
                      (json_int_t)reg.rights, "later_applications", (json_int_t)reg.history,
                      "ledger_events", (json_int_t)reg.events, "ledger_head", reg.head));
        json_object_set_new(
            j, "indicators",
            json_pack("{s:I, s:I, s:I, s:I, s:I}", "projects", (json_int_t)reg.ind_projects,
                      "accepted", (json_int_t)reg.ind_accepted, "rejected",
                      (json_int_t)reg.ind_rejected, "batches", (json_int_t)reg.ind_batches,
                      "obligations", (json_int_t)reg.ind_obligations));
        cli_print_json(j);
    } else {
        print_summary(&o, &s);
        printf("\nRegister (store.gpkg): %ld parties, %ld units with %ld rights, restrictions "
               "and responsibilities;\n  %ld later applications; ledger %lld events, head "
               "%.16s\n",
               reg.parties, reg.units, reg.rights, reg.history, reg.events, reg.head);
        printf("Indicators (store.gpkg): %ld source projects, %ld accepted and %ld rejected by "
               "their checks against county-2022.gpkg; %ld batches issued; %ld obligation met\n",
               reg.ind_projects, reg.ind_accepted, reg.ind_rejected, reg.ind_batches,
               reg.ind_obligations);
    }
    return 0;
}
