/*
 * zoning/landclass — the names of land-class codes: the survey's working classification
 * (TD/T 1055-2019, the DLTB.DLBM values) and the 2023 land and sea use classification, as
 * versioned data (the JSON files of data/landclass, compiled in). The two schemes reuse codes with
 * other meanings (0303 is mangrove in one and shrubland in the other), so a name is always looked
 * up with its scheme.
 *
 * Ownership: the tables are read once, on first use, and live as long as the process; the
 * returned pointers are never freed by the caller. Safe from any thread.
 */
#ifndef LS_ZONING_LANDCLASS_H
#define LS_ZONING_LANDCLASS_H

#include <jansson.h>

#include "base/embedded.h"
#include "zoning/data.h"

struct zn_landclass {
    const char *code;
    const char *zh, *en;
    const char *parent_zh, *parent_en; /* the first-level class ("01" 耕地); NULL for one */
};

/* The data files compiled in (scripts/embed.sh over data/landclass). */
extern const struct ls_embedded zoning_builtin_landclasses[];

/* The class of a code in a scheme, NULL when the scheme has no such code. */
const struct zn_landclass *zn_landclass_find(enum zn_scheme scheme, const char *code);

/* The scheme's table as JSON: {id, scheme, version, source, classes: [{code, zh, en}]}.
 * The caller owns it; NULL when out of memory. */
json_t *zn_landclass_table_json(enum zn_scheme scheme);

#endif
