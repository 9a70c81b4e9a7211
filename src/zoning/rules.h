/*
 * zoning/rules — the use-control rule table (三区三线用途管制规则) as versioned data: the zones
 * (each a layer of the control data, optionally filtered by a field, minus other zones, or the
 * area outside a layer), the project categories, and for each zone × category a decision —
 * prohibited, allowed only with a named approval, allowed with conditions, or allowed — with
 * its legal basis. The national default (data/zoning/cn-national-2024.json, compiled in) encodes
 * spatial.md §1; a province or county passes its own table.
 * zn_rules_check finds gaps (a zone × category without a rule) and contradictions (two rules
 * for one pair deciding differently); a compliance check refuses a table that has either.
 * The caller owns a table and frees it with zn_rules_free.
 */
#ifndef LS_ZONING_RULES_H
#define LS_ZONING_RULES_H

#include <stddef.h>

#include <jansson.h>

#include "base/embedded.h"
#include "base/err.h"

/* Ordered from the least to the most restrictive: a verdict is the worst decision met. */
enum zn_decision { ZN_ALLOWED = 0, ZN_CONDITIONS, ZN_APPROVAL, ZN_PROHIBITED };

const char *zn_decision_id(enum zn_decision d); /* "allowed", "conditions", "approval", ... */
const char *zn_decision_zh(enum zn_decision d); /* 允许, 有条件允许, 须经批准, 禁止 */

#define ZN_MAX_ZONES 32 /* zones a table may define */
#define ZN_MAX_IN    16
#define ZN_MAX_MINUS 4

struct zn_zone {
    char id[48], zh[96];
    char layer[64];       /* layer of the control data */
    char where_field[32]; /* "" for every feature */
    char where_in[ZN_MAX_IN][64];
    int n_in;
    int outside;             /* the zone is what lies outside the layer */
    int line;                /* a line layer (shoreline): overlaps are lengths */
    int minus[ZN_MAX_MINUS]; /* zones (indices) taken out of this one */
    int n_minus;
};

struct zn_category {
    char id[48], zh[160];
};

struct zn_rule {
    int zone, category;
    enum zn_decision decision;
    char ref[32];
    char basis[600], approval[300], conditions[300];
};

struct zn_rules {
    char id[64], version[32], name[160];
    char origin[600];
    char sha256[65];
    double sliver_m2;            /* overlaps smaller than this are slivers, not occupation */
    double grain_band_kg_per_ha; /* standard grain capacity per grade step (1500) */
    int grades;                  /* quality grades 1..grades, 1 best (15) */
    size_t n_zones, n_categories, n_rules;
    struct zn_zone *zones;
    struct zn_category *categories;
    struct zn_rule *rules;
};

/* A built-in table by id ("cn-national-2024") or a JSON file. */
int zn_rules_load(const char *name_or_path, struct zn_rules *r, struct ls_err *err);

int zn_zone_find(const struct zn_rules *r, const char *id);
int zn_category_find(const struct zn_rules *r, const char *id);

/* The rule of a zone × category, NULL for a gap. */
const struct zn_rule *zn_rule_find(const struct zn_rules *r, int zone, int category);

/*
 * Gaps and contradictions as a JSON array of { "problem", "zone", "category", ... }; *count
 * gets their number. The caller releases the array.
 */
json_t *zn_rules_check(const struct zn_rules *r, size_t *count);

void zn_rules_free(struct zn_rules *r);

/* The built-in rule tables, the JSON files of data/zoning compiled in (scripts/embed.sh). */
extern const struct ls_embedded zoning_builtin_rules[];

#endif
