/*
 * bundle/internal — what the bundle files share: a component as the check reads it from the
 * registry and its valuation, the pairwise overlap judgement, and the arithmetic of
 * reconciliation (allocation back by largest remainder, the floor price).
 */
#ifndef LS_BUNDLE_INTERNAL_H
#define LS_BUNDLE_INTERNAL_H

#include <stdint.h>

#include "bundle/bundle.h"

/* Overlaps up to this many m² are survey noise, as in the registry's rules 3 and 6. */
#define BND_TOLERANCE_M2   0.01
#define BND_MAX_COMPONENTS 64
#define BND_YUAN_MAX       1e12 /* the largest sum of money a bundle counts */

struct bnd {
    struct ls_store *st;
    struct reg *reg;
    struct val_register *vr;
};

struct bnd_component {
    char right[64], unit[48], type[32], label[64], layer[16], valuation[64], method[32];
    int64_t value_fen; /* its valuation's value */
    int64_t floor_fen; /* its valuation's legal floor, 0 when it names none */
    int floor_given;
};

/* How two components share ground (compensation.md §4.7 step 1). */
enum bnd_overlap {
    BND_APART,   /* no overlap in plan beyond the tolerance */
    BND_LAYERED, /* overlapping in plan, in layers (分层设权) or terms that do not meet */
    BND_LAND_AND_TREES, /* the forest land and its trees, valued apart: allowed */
    BND_OVERLAP,        /* the same ground in one layer: refused */
    BND_DOUBLE_COUNT    /* forest land and its trees, but a value of one holds the other */
};
/* meet: the two meet in vertical extent and in time (reg_rights_overlap) */
enum bnd_overlap bnd_overlap_judge(const struct bnd_component *a, const struct bnd_component *b,
                                   double plan_m2, int meet);
const char *bnd_overlap_name(enum bnd_overlap v);

/* total split over n parts in proportion to weights (Σ weights > 0, each ≥ 0) by the largest
 * remainder (ties to the earlier part), so Σ parts = total exactly. */
void bnd_allocate(int64_t total, const int64_t *weights, int n, int64_t *parts);
/* The lowest whole-yuan price P (in fen) at which the share P·w_i/Σw of every part with a
 * floor still meets it: max_i ⌈floor_i · Σw / w_i⌉, rounded up to the yuan; 0 when no floor. */
int64_t bnd_floor_price(const int64_t *weights, const int64_t *floors, int n);

#endif
