/* demo/demo — orchestrates the demo county: builds it in memory step by step, writes it into
 * a temporary folder beside the target and renames it into place, so a failure leaves nothing
 * and an existing folder is replaced only with force. */
#include "demo/demo.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsutil.h"
#include "demo/county.h"
#include "demo/demo_write.h"

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
    if (!rc)
        rc = demo_write_rasters(c, tmp, err);
    if (!rc)
        rc = demo_write_layers(c, tmp, s, err);
    if (!rc)
        rc = demo_write_gep(c, tmp, err);
    if (!rc)
        rc = demo_write_registry_inputs(tmp, err);
    return rc;
}

int demo_generate(const struct demo_opts *o, struct demo_summary *s, struct ls_err *err)
{
    memset(s, 0, sizeof *s);
    struct stat st;
    int exists = stat(o->out_dir, &st) == 0;
    if (exists && !o->force)
        return ls_err_set(err, LS_EEXIST, o->out_dir, NULL, "--out",
                          "already exists; refusing to overwrite it (use --force)");
    if (exists && !S_ISDIR(st.st_mode))
        return ls_err_set(err, LS_EEXIST, o->out_dir, NULL, "--out", "exists and is not a folder");
    char tmp[1100], old[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", o->out_dir, (long)getpid());
    snprintf(old, sizeof old, "%s.old-%ld", o->out_dir, (long)getpid());
    if (mkdir(tmp, 0755) != 0)
        return ls_err_set(err, LS_EIO, tmp, NULL, "--out", "cannot create: %s", strerror(errno));
    struct demo_county c = { 0 };
    c.size = o->size;
    c.seed = o->seed;
    c.nx = c.ny = o->size == DEMO_SMALL ? 500 : (o->size == DEMO_MEDIUM ? 1600 : 4000);
    c.cell = 30.0;
    /* east edge at 140 km east of the 120°E meridian (about 121.45°E), top at 28.9°N */
    c.x0 = 40640000.0 - c.nx * c.cell;
    c.y0 = 3200000.0;
    int rc = build(&c, tmp, s, err);
    if (!rc) {
        s->nx = c.nx;
        s->ny = c.ny;
        s->cell_size = c.cell;
        s->townships = (long)c.ntownships;
        s->villages = (long)c.nvillages;
    }
    demo_county_free(&c);
    if (!rc && exists && rename(o->out_dir, old) != 0)
        rc = ls_err_set(err, LS_EIO, o->out_dir, NULL, NULL, "cannot move aside: %s",
                        strerror(errno));
    if (!rc && rename(tmp, o->out_dir) != 0) {
        rc = ls_err_set(err, LS_EIO, o->out_dir, NULL, NULL, "cannot rename into place: %s",
                        strerror(errno));
        if (exists)
            rename(old, o->out_dir);
    }
    if (rc)
        ls_remove_tree(tmp);
    else if (exists)
        ls_remove_tree(old);
    return rc;
}
