/*
 * geo/vct_internal — the parsed VCT held in memory (private to vct.c / vct_write.c).
 * Internal to geo/.
 */
#ifndef LS_GEO_VCT_INTERNAL_H
#define LS_GEO_VCT_INTERNAL_H

#include "geo/vct.h"

struct vct_line {
    int64_t bsm;
    double *xy;
    size_t n;
};

struct vct_polygon {
    int64_t bsm;
    char code[32];
    size_t line; /* where the record starts, for messages */
    int64_t *refs;
    size_t nrefs;
};

struct vct_record {
    size_t layer;
    int64_t bsm;
    char **values; /* point into geo_vct.text */
};

struct vct_head {
    char *key, *value;
};

struct geo_vct {
    char *text; /* the whole file as UTF-8, cut into lines in place */
    char **lines_text;
    char encoding[16];
    char sep;
    int swap_xy;
    struct vct_head *head;
    size_t nhead, head_cap;
    struct geo_vct_layer *layers;
    size_t nlayers, layers_cap;
    struct vct_line *lines;
    size_t nlines, lines_cap;
    struct vct_polygon *polygons;
    size_t npolygons, polygons_cap;
    struct vct_record *records;
    size_t nrecords, records_cap;
    size_t npoints;
};

const char *geo_vct_head(const struct geo_vct *v, const char *key);

#endif
