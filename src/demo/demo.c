/* demo/demo — orchestrates the demo county: builds it in memory step by step and writes its
 * files; demo_generate writes them into a temporary folder beside the target and renames it
 * into place (base/fsutil), so a failure leaves nothing. */
#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsutil.h"
#include "demo/internal.h"

int demo_parse_size(const char *s, enum demo_size *out)
{
    if (!strcmp(s, "small"))
        *out = DEMO_SMALL;
    else if (!strcmp(s, "medium"))
        *out = DEMO_MEDIUM;
    else if (!strcmp(s, "large"))
        *out = DEMO_LARGE;
    else
        return -LS_EINVAL;
    return 0;
}

const char *demo_size_name(enum demo_size s)
{
    return s == DEMO_SMALL ? "small" : (s == DEMO_MEDIUM ? "medium" : "large");
}

static int build(struct demo_county *c, const char *tmp, struct demo_summary *s, struct ls_err *err)
{
    struct demo_sites sites = { 0 };
    int layers_only = c->layers_only;
    int rc = demo_county_alloc(c, err);
    if (!rc)
        rc = demo_terrain(c, err);
    if (!rc)
        rc = demo_landcover(c, err);
    if (!rc)
        rc = demo_regions(c, err);
    if (!rc) {
        demo_environment(c);
        demo_land_change(c);
        rc = demo_patches(c, err);
    }
    if (!rc)
        rc = demo_zones(c, err);
    if (!rc && !layers_only)
        rc = demo_survey_sites(c, &sites, err);
    if (!rc)
        rc = demo_write_rasters(c, tmp, err);
    if (!rc)
        rc = demo_write_layers(c, tmp, s, &sites, err);
    if (!rc && !layers_only)
        rc = demo_write_sites(c, &sites, tmp, err);
    if (!rc && !layers_only)
        rc = demo_write_valuation_base(c, tmp, err);
    if (!rc && !layers_only)
        rc = demo_write_gep(c, tmp, err);
    if (!rc && !layers_only)
        rc = demo_write_registry_inputs(tmp, err);
    demo_sites_free(&sites);
    return rc;
}

int demo_write(const struct demo_opts *o, const char *dir, struct demo_summary *s,
               struct ls_err *err)
{
    memset(s, 0, sizeof *s);
    struct demo_county c = { 0 };
    c.size = o->size;
    c.seed = o->seed;
    c.nx = c.ny = o->size == DEMO_SMALL ? 500 : (o->size == DEMO_MEDIUM ? 1600 : 4000);
    c.cell = 30.0;
    /* east edge at 140 km east of the 120°E meridian (about 121.45°E), top at 28.9°N */
    c.x0 = 40640000.0 - c.nx * c.cell;
    c.y0 = 3200000.0;
    const struct demo_county_params *p = o->county;
    snprintf(c.code, sizeof c.code, "%s", p && p->code ? p->code : DEMO_COUNTY_CODE);
    snprintf(c.name, sizeof c.name, "%s", p && p->name ? p->name : DEMO_COUNTY_NAME);
    c.redline_elev_m = p && p->redline_elev_m > 0 ? p->redline_elev_m : 260.0;
    if (p) {
        c.y0 -= p->south_shift_m;
        c.straight_north = p->straight_north;
        c.straight_south = p->straight_south;
        c.river_out_x_m = p->river_out_x_m;
        c.redline_head_m = p->redline_head_m;
        c.river_in_x_m = p->river_in_x_m;
        c.layers_only = p->layers_only;
    }
    int rc = build(&c, dir, s, err);
    if (!rc) {
        s->nx = c.nx;
        s->ny = c.ny;
        s->cell_size = c.cell;
        s->townships = (long)c.ntownships;
        s->villages = (long)c.nvillages;
    }
    demo_county_free(&c);
    return rc;
}

int demo_generate(const struct demo_opts *o, struct demo_summary *s, struct ls_err *err)
{
    memset(s, 0, sizeof *s);
    struct ls_staged_dir sd;
    int rc = ls_dir_stage(o->out_dir, o->force, "out", &sd, err);
    if (rc)
        return rc;
    rc = demo_write(o, sd.tmp, s, err);
    if (rc)
        ls_dir_discard(&sd);
    else
        rc = ls_dir_publish(&sd, err);
    return rc;
}
