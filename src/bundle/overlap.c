/* bundle/overlap — whether two components may share ground (compensation.md §4.7 step 1: "the
 * same m² cannot carry both 'land' and 'sea surface' value; forest land versus trees"). */
#include <string.h>

#include "bundle/internal.h"

static int is_pair(const struct bnd_component *a, const struct bnd_component *b, const char *ta,
                   const char *tb)
{
    return !strcmp(a->type, ta) && !strcmp(b->type, tb);
}

enum bnd_overlap bnd_overlap_judge(const struct bnd_component *a, const struct bnd_component *b,
                                   double plan_m2, int meet)
{
    if (!(plan_m2 > BND_TOLERANCE_M2))
        return BND_APART;
    /* a raft on the sea surface over a cable in the seabed, or two successive terms: each
     * value is of its own space or time */
    if (!meet)
        return BND_LAYERED;
    /* the forest land and its trees are two rights over one ground (Forest Law Art. 15–17);
     * a bundle carries both only when the land was valued as bare land (Faustmann, LY/T 2407)
     * and the trees as a stand, so neither value holds the other (TD/T 1061 §9: land and
     * trees valued separately) */
    const struct bnd_component *land = is_pair(a, b, "forest_use", "forest_tree")   ? a
                                       : is_pair(b, a, "forest_use", "forest_tree") ? b
                                                                                    : NULL;
    if (land) {
        const struct bnd_component *trees = land == a ? b : a;
        return !strcmp(land->method, "forest_land") && !strcmp(trees->method, "forest_stand")
                   ? BND_LAND_AND_TREES
                   : BND_DOUBLE_COUNT;
    }
    return BND_OVERLAP;
}

const char *bnd_overlap_name(enum bnd_overlap v)
{
    switch (v) {
    case BND_APART:
        return "apart";
    case BND_LAYERED:
        return "layered";
    case BND_LAND_AND_TREES:
        return "land_and_trees";
    case BND_OVERLAP:
        return "overlap";
    case BND_DOUBLE_COUNT:
        return "double_count";
    }
    return "?";
}
