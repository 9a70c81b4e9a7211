/*
 * registry/model — the vocabulary of the natural-resource rights registry, as pure
 * functions: unit classes and resource types, layers (分层设权), right / restriction /
 * responsibility types with their QLLX codes, party kinds, the 28-character real-property
 * unit code (不动产单元代码, GB/T 37346-2019) with its 6-digit administrative division
 * code, dates and co-ownership shares as exact fractions. No storage here.
 */
#ifndef LS_REGISTRY_MODEL_H
#define LS_REGISTRY_MODEL_H

#include <jansson.h>

#include "base/err.h"

enum reg_rrr_class { REG_RIGHT = 1, REG_RESTRICTION = 2, REG_RESPONSIBILITY = 3 };

struct reg_rrr_type {
    const char *id;    /* "contracted_land" */
    const char *label; /* 土地承包经营权 */
    enum reg_rrr_class cls;
    int qllx;      /* 权利类型 code of the registration database standard, 0 if none */
    int ownership; /* an ownership right (one per unit at a time) */
    int party;     /* 1: needs holders; 0: party-less (public controls) */
};

const struct reg_rrr_type *reg_rrr_type_find(const char *id);
const char *reg_rrr_class_name(enum reg_rrr_class c);

/* Natural-resource registration unit types (自然资源登记单元) and real-property kinds. */
int reg_resource_type_valid(const char *unit_class, const char *type);
const char *reg_resource_type_label(const char *type);

/* Layers: whole, surface, above, below, sea_surface, water_column, seabed, subsoil. */
int reg_layer_valid(const char *layer);
const char *reg_layer_label(const char *layer);

/*
 * Whether two vertical extents meet: "whole" meets everything; two extents that both give
 * z ranges meet when the ranges overlap; otherwise when the layers are the same. A NaN
 * bound is open.
 */
int reg_layers_meet(const char *la, double za0, double za1, const char *lb, double zb0, double zb1);

/* The vocabulary of applications, for a form to offer: {rrr_types: [{id, label, class,
 * ownership, holders}], natural_types, parcel_kinds: [{code_letter, id, label}], layers,
 * party_kinds}; a new reference. */
json_t *reg_model_json(void);

enum reg_party_kind_flags { REG_PARTY_STATE = 1 };
int reg_party_kind_valid(const char *kind);

/*
 * A 6-digit administrative division code (GB/T 2260) of a county-level unit: a real
 * province prefix and a county part other than 00.
 */
int reg_admin_code_check(const char *code6, char *why, unsigned long why_size);

/*
 * Validates a 28-character 不动产单元代码 by position; fills the layer and the parcel kind
 * (resource type of a real-property unit) its characters 13–14 imply.
 */
int reg_unit_code_check(const char *code, const char *county, char *why, unsigned long why_size,
                        const char **kind, const char **layer, char *ownership);

/* "YYYY-MM-DD" that exists in the calendar. */
int reg_date_valid(const char *d);
/* d plus n days, into out[11]. */
void reg_date_add_days(const char *d, int n, char out[11]);

/* Shares: "1/3", "0.25", "1" → reduced fraction; 0 on success. */
int reg_share_parse(const char *s, long long *num, long long *den);
/* a/b + c/d, reduced; -1 on overflow. */
int reg_share_add(long long *num, long long *den, long long n2, long long d2);

#endif
