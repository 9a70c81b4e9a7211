/* demo/demo_write — the demo county's output files (private to demo/). */
#ifndef LS_DEMO_WRITE_H
#define LS_DEMO_WRITE_H

#include "demo/county.h"

int demo_write_rasters(const struct demo_county *c, const char *dir, struct ls_err *err);
/* Writes DIR/county.gpkg and fills the summary. */
int demo_write_layers(const struct demo_county *c, const char *dir, struct demo_summary *s,
                      struct ls_err *err);

#endif
