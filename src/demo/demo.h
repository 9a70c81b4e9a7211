/*
 * demo — the synthetic coastal demo county (两山县, code 331099) that every later feature is
 * demonstrated, tested and benchmarked on.
 *
 * A county on the Zhejiang coast (about 28.7°N, 121°E) in CGCS2000 3° Gauss–Krüger zone 40
 * (EPSG:4528), on a 30 m grid: mountains in the west, river valleys, a coastal plain, towns
 * at river mouths, the sea to the east. It writes GeoTIFF rasters on one grid and county.gpkg
 * with the land-survey patches (地类图斑) and the three control lines. Deterministic: the same
 * size and seed give byte-identical files.
 */
#ifndef LS_DEMO_H
#define LS_DEMO_H

#include <stdint.h>

#include "base/err.h"

/* The time written inside the demo's GeoPackages (last_change), so that they are
 * byte-identical for one size and seed. */
#define DEMO_FILE_DATE "2025-01-01T00:00:00.000Z"

enum demo_size { DEMO_SMALL = 0, DEMO_MEDIUM = 1, DEMO_LARGE = 2 };

/* A county of the province demo (demo/province): its codes, its place and its character.
 * Zeroed, the demo county 两山县 331099 as it always was. */
struct demo_county_params {
    const char *code, *name;            /* GB/T 2260 county code and name */
    double south_shift_m;               /* the grid moved south by this (negative: north) */
    double redline_elev_m;              /* 0: 260 m; lower gives a larger red line */
    double redline_head_m;              /* 0: min(2500 m, 12 % of the width) around river heads */
    int straight_north, straight_south; /* a straight border shared with the next county */
    double river_out_x_m, river_in_x_m; /* > 0: the first river leaves through the south border
                                         * / enters through the north border this far (m) east
                                         * of the west edge */
    int layers_only; /* rasters and county.gpkg (with its survey years), no register, sites,
                      * valuation or GEP inputs */
};

struct demo_opts {
    enum demo_size size;
    uint64_t seed;
    const char *out_dir;
    int force;                               /* replace an existing out_dir */
    const struct demo_county_params *county; /* NULL: the demo county */
};

/* Figures of the county, every area ellipsoidal (m²), lengths in metres. */
#define DEMO_MAX_CLASSES 32
#define DEMO_GRADES      15
struct demo_summary {
    int nx, ny;
    double cell_size;
    long patches, townships, villages;
    double county_area_m2;
    int nclasses;
    struct {
        char code[8];
        char name[32];
        double area_m2; /* TBMJ sum */
        double net_m2;  /* TBDLMJ sum */
        long patches;
    } classes[DEMO_MAX_CLASSES];
    double cropland_by_grade_m2[DEMO_GRADES + 1]; /* index = grade 1..15, net area */
    double basic_farmland_m2, eco_redline_m2, core_zone_m2, urban_boundary_m2;
    long basic_farmland_n, eco_redline_n, core_zone_n, urban_boundary_n;
    double shoreline_natural_m, shoreline_artificial_m;
    double river_length_m;
};

int demo_parse_size(const char *s, enum demo_size *out);
const char *demo_size_name(enum demo_size s);

/*
 * Writes DIR/registry/{parties.csv, units.gpkg, rights.csv, history.json}: the demo
 * county's register as import files, derived from DIR/county.gpkg.
 */
int demo_write_registry_inputs(const char *dir, struct ls_err *err);

/* Writes the county's files into dir, an existing folder (opts->out_dir is not used). */
int demo_write(const struct demo_opts *opts, const char *dir, struct demo_summary *summary,
               struct ls_err *err);

/* Generates the county into opts->out_dir (created; refused if it exists unless force,
 * err.field "out"); all or nothing. */
int demo_generate(const struct demo_opts *opts, struct demo_summary *summary, struct ls_err *err);

/*
 * The province demo (demo/province): `counties` demo counties (2..DEMO_PROVINCE_MAX) of two
 * seeds' worth of difference stacked north to south, one river crossing from the first into the
 * second with the monitoring section on their border, and the province's tables. Writes
 * DIR/<county code>/ (each county's rasters and county.gpkg with its survey years),
 * DIR/province.gpkg and the CSV tables under DIR/tables.
 */
#define DEMO_PROVINCE_MAX 8
struct demo_province_opts {
    enum demo_size size;
    uint64_t seed;
    int counties;
    const char *out_dir;
    int force;
};
struct demo_province_summary {
    int n;
    uint64_t seed;
    struct {
        char code[8], name[32];
        double land_m2, redline_m2; /* the red line holds the core zones; ellipsoidal */
        long patches, prohibited;
        double ei[2]; /* 2022, 2023 */
    } county[DEMO_PROVINCE_MAX];
    char river[48], section[16], section_name[160];
    double section_x, section_y; /* EPSG:4528 */
};
int demo_province_write(const struct demo_province_opts *opts, const char *dir,
                        struct demo_province_summary *summary, struct ls_err *err);
/* Into opts->out_dir, all or nothing (as demo_generate). */
int demo_province_generate(const struct demo_province_opts *opts,
                           struct demo_province_summary *summary, struct ls_err *err);

#endif
