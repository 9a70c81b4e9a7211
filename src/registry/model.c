/* registry/model — tables of types and the code, date and share rules. */
#include "registry/model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* QLLX codes from the 不动产登记数据库标准 table (see ../shared/design/spatial.md §3.4). */
static const struct reg_rrr_type types[] = {
    { "ownership_state", "国家所有权", REG_RIGHT, 2, 1, 1 },
    { "ownership_collective", "集体土地所有权", REG_RIGHT, 1, 1, 1 },
    { "construction_land_use", "建设用地使用权", REG_RIGHT, 3, 0, 1 },
    { "homestead_use", "宅基地使用权", REG_RIGHT, 5, 0, 1 },
    { "contracted_land", "土地承包经营权", REG_RIGHT, 9, 0, 1 },
    { "forest_use", "林地使用权", REG_RIGHT, 11, 0, 1 },
    { "forest_tree", "森林、林木使用权", REG_RIGHT, 12, 0, 1 },
    { "grassland_use", "草原使用权", REG_RIGHT, 13, 0, 1 },
    { "aquaculture", "水域滩涂养殖权", REG_RIGHT, 14, 0, 1 },
    { "sea_area_use", "海域使用权", REG_RIGHT, 15, 0, 1 },
    { "island_use", "无居民海岛使用权", REG_RIGHT, 17, 0, 1 },
    { "water_use", "取水权", REG_RIGHT, 20, 0, 1 },
    { "exploration", "探矿权", REG_RIGHT, 21, 0, 1 },
    { "mining", "采矿权", REG_RIGHT, 22, 0, 1 },
    { "eco_redline", "生态保护红线", REG_RESTRICTION, 0, 0, 0 },
    { "basic_farmland", "永久基本农田", REG_RESTRICTION, 0, 0, 0 },
    { "mortgage", "抵押权", REG_RESTRICTION, 0, 0, 1 },
    { "seizure", "查封", REG_RESTRICTION, 0, 0, 1 },
    { "objection", "异议", REG_RESTRICTION, 0, 0, 1 },
    { "restoration", "生态修复责任", REG_RESPONSIBILITY, 0, 0, 1 },
};

const struct reg_rrr_type *reg_rrr_type_find(const char *id)
{
    for (size_t i = 0; id && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(types[i].id, id))
            return &types[i];
    return NULL;
}

const char *reg_rrr_class_name(enum reg_rrr_class c)
{
    return c == REG_RIGHT ? "right" : c == REG_RESTRICTION ? "restriction" : "responsibility";
}

static const char *const natural_types[][2] = {
    { "nature_reserve", "自然保护地" },
    { "river_lake", "水流" },
    { "wetland", "湿地" },
    { "forest", "森林" },
    { "grassland", "草原" },
    { "wasteland", "荒地" },
    { "sea_area", "海域" },
    { "island", "无居民海岛" },
    { "mineral", "探明储量矿产资源" },
};

/* Real-property parcel kinds, from character 14 of the unit code. */
static const char *const parcel_kinds[][3] = {
    { "A", "land_ownership", "集体土地所有权宗地" },
    { "B", "construction_land", "建设用地(地表)" },
    { "S", "construction_land", "建设用地(地上)" },
    { "X", "construction_land", "建设用地(地下)" },
    { "C", "homestead", "宅基地" },
    { "D", "contracted_land", "承包耕地" },
    { "E", "contracted_forest", "承包林地" },
    { "F", "contracted_grassland", "承包草地" },
    { "L", "forest_land", "林地" },
    { "N", "agricultural_land", "农用地" },
    { "H", "sea_parcel", "宗海" },
    { "G", "island_parcel", "无居民海岛" },
    { "W", "undetermined", "未定" },
    { "Y", "other", "其他" },
};

int reg_resource_type_valid(const char *unit_class, const char *type)
{
    if (!unit_class || !type)
        return 0;
    if (!strcmp(unit_class, "natural")) {
        for (size_t i = 0; i < sizeof natural_types / sizeof natural_types[0]; i++)
            if (!strcmp(natural_types[i][0], type))
                return 1;
    } else if (!strcmp(unit_class, "real_estate")) {
        for (size_t i = 0; i < sizeof parcel_kinds / sizeof parcel_kinds[0]; i++)
            if (!strcmp(parcel_kinds[i][1], type))
                return 1;
    }
    return 0;
}

const char *reg_resource_type_label(const char *type)
{
    for (size_t i = 0; i < sizeof natural_types / sizeof natural_types[0]; i++)
        if (!strcmp(natural_types[i][0], type))
            return natural_types[i][1];
    for (size_t i = 0; i < sizeof parcel_kinds / sizeof parcel_kinds[0]; i++)
        if (!strcmp(parcel_kinds[i][1], type))
            return parcel_kinds[i][2];
    return type;
}

static const char *const layers[][2] = {
    { "whole", "全空间" }, { "surface", "地表" },         { "above", "地上" },
    { "below", "地下" },   { "sea_surface", "海域水面" }, { "water_column", "海域水体" },
    { "seabed", "海床" },  { "subsoil", "底土" },
};

int reg_layer_valid(const char *layer)
{
    for (size_t i = 0; layer && i < sizeof layers / sizeof layers[0]; i++)
        if (!strcmp(layers[i][0], layer))
            return 1;
    return 0;
}

const char *reg_layer_label(const char *layer)
{
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++)
        if (!strcmp(layers[i][0], layer))
            return layers[i][1];
    return layer;
}

int reg_layers_meet(const char *la, double za0, double za1, const char *lb, double zb0, double zb1)
{
    if (!strcmp(la, "whole") || !strcmp(lb, "whole"))
        return 1;
    int za = !isnan(za0) || !isnan(za1), zb = !isnan(zb0) || !isnan(zb1);
    if (za && zb) {
        double a0 = isnan(za0) ? -INFINITY : za0, a1 = isnan(za1) ? INFINITY : za1;
        double b0 = isnan(zb0) ? -INFINITY : zb0, b1 = isnan(zb1) ? INFINITY : zb1;
        return a0 < b1 && b0 < a1;
    }
    return !strcmp(la, lb);
}

int reg_party_kind_valid(const char *kind)
{
    static const char *const kinds[] = { "state", "collective", "enterprise", "person", "agency" };
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i], kind))
            return 1;
    return 0;
}

json_t *reg_model_json(void)
{
    json_t *rrr = json_array(), *nat = json_array(), *kinds = json_array(), *lay = json_array();
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        json_array_append_new(rrr, json_pack("{s:s,s:s,s:s,s:b,s:b}", "id", types[i].id, "label",
                                             types[i].label, "class",
                                             reg_rrr_class_name(types[i].cls), "ownership",
                                             types[i].ownership, "holders", types[i].party));
    for (size_t i = 0; i < sizeof natural_types / sizeof natural_types[0]; i++)
        json_array_append_new(
            nat, json_pack("{s:s,s:s}", "id", natural_types[i][0], "label", natural_types[i][1]));
    for (size_t i = 0; i < sizeof parcel_kinds / sizeof parcel_kinds[0]; i++)
        json_array_append_new(kinds,
                              json_pack("{s:s,s:s,s:s}", "code_letter", parcel_kinds[i][0], "id",
                                        parcel_kinds[i][1], "label", parcel_kinds[i][2]));
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++)
        json_array_append_new(lay,
                              json_pack("{s:s,s:s}", "id", layers[i][0], "label", layers[i][1]));
    return json_pack("{s:o,s:o,s:o,s:o,s:[s,s,s,s,s]}", "rrr_types", rrr, "natural_types", nat,
                     "parcel_kinds", kinds, "layers", lay, "party_kinds", "state", "collective",
                     "enterprise", "person", "agency");
}

int reg_admin_code_check(const char *c, char *why, unsigned long why_size)
{
    static const int provinces[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                     35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                     53, 54, 61, 62, 63, 64, 65, 71, 81, 82 };
    for (int i = 0; i < 6; i++)
        if (!isdigit((unsigned char)c[i])) {
            snprintf(why, why_size, "the administrative division code \"%.6s\" must be 6 digits",
                     c);
            return -1;
        }
    int p = (c[0] - '0') * 10 + (c[1] - '0'), ok = 0;
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        ok |= provinces[i] == p;
    if (!ok) {
        snprintf(why, why_size,
                 "the administrative division code \"%.6s\" starts with %02d, which is no "
                 "province (GB/T 2260)",
                 c, p);
        return -1;
    }
    if (c[4] == '0' && c[5] == '0') {
        snprintf(why, why_size,
                 "the administrative division code \"%.6s\" is a province or city, not a county",
                 c);
        return -1;
    }
    return 0;
}

int reg_unit_code_check(const char *code, const char *county, char *why, unsigned long why_size,
                        const char **kind, const char **layer, char *ownership)
{
    size_t n = strlen(code);
    if (n != 28) {
        snprintf(why, why_size, "a real-property unit code has 28 characters, this one %zu", n);
        return -1;
    }
    if (reg_admin_code_check(code, why, why_size))
        return -1;
    if (county && *county && strncmp(code, county, 6)) {
        snprintf(why, why_size, "the code's county %.6s is not this registry's county %s", code,
                 county);
        return -1;
    }
    for (int i = 6; i < 12; i++)
        if (!isdigit((unsigned char)code[i])) {
            snprintf(why, why_size,
                     "characters 7-12 (cadastral district and sub-district) must be digits");
            return -1;
        }
    if (!strchr("GJZ", code[12])) {
        snprintf(why, why_size,
                 "character 13 (ownership) must be G (state), J (collective) or Z "
                 "(undetermined), not '%c'",
                 code[12]);
        return -1;
    }
    const char *k = NULL;
    for (size_t i = 0; i < sizeof parcel_kinds / sizeof parcel_kinds[0]; i++)
        if (parcel_kinds[i][0][0] == code[13])
            k = parcel_kinds[i][1];
    if (!k) {
        snprintf(why, why_size, "character 14 (parcel kind) '%c' is not a 宗地/宗海特征码",
                 code[13]);
        return -1;
    }
    if (code[13] == 'A' && code[12] != 'J') {
        snprintf(why, why_size, "parcel kind A (collective land ownership) needs ownership J");
        return -1;
    }
    for (int i = 14; i < 19; i++)
        if (!isdigit((unsigned char)code[i])) {
            snprintf(why, why_size, "characters 15-19 (parcel sequence) must be digits");
            return -1;
        }
    if (!strchr("FLQW", code[19])) {
        snprintf(why, why_size, "character 20 (fixture kind) must be F, L, Q or W, not '%c'",
                 code[19]);
        return -1;
    }
    for (int i = 20; i < 28; i++)
        if (!isdigit((unsigned char)code[i])) {
            snprintf(why, why_size, "characters 21-28 (fixture number) must be digits");
            return -1;
        }
    if (code[19] == 'W' && strcmp(code + 20, "00000000")) {
        snprintf(why, why_size, "fixture kind W (none) needs fixture number 00000000");
        return -1;
    }
    *kind = k;
    *layer = code[13] == 'S'   ? "above"
             : code[13] == 'X' ? "below"
             : code[13] == 'H' ? ""
                               : "surface";
    *ownership = code[12];
    return 0;
}

/* The value of n decimal digits at s (a date's fields, already checked to be digits). */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n && isdigit((unsigned char)s[i]); i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int reg_date_valid(const char *d)
{
    if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
            return 0;
    int y = digits(d, 4), m = digits(d + 5, 2), day = digits(d + 8, 2);
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || day < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= mdays[m - 1] + (m == 2 && leap);
}

void reg_date_add_days(const char *d, int n, char out[11])
{
    struct tm tm = { 0 };
    tm.tm_year = digits(d, 4) - 1900;
    tm.tm_mon = digits(d + 5, 2) - 1;
    tm.tm_mday = digits(d + 8, 2) + n;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static long long gcd(long long a, long long b)
{
    while (b) {
        long long t = a % b;
        a = b;
        b = t;
    }
    return a < 0 ? -a : a;
}

int reg_share_parse(const char *s, long long *num, long long *den)
{
    char *end = NULL;
    if (!s || !*s)
        return -1;
    const char *slash = strchr(s, '/');
    if (slash) {
        long long a = strtoll(s, &end, 10);
        if (end != slash)
            return -1;
        long long b = strtoll(slash + 1, &end, 10);
        if (*end || b <= 0 || a <= 0 || a > b)
            return -1;
        long long g = gcd(a, b);
        *num = a / g;
        *den = b / g;
        return 0;
    }
    /* a decimal: exact in base 10 */
    long long a = 0, b = 1;
    const char *p = s;
    int seen_dot = 0, digits = 0;
    for (; *p; p++) {
        if (*p == '.' && !seen_dot) {
            seen_dot = 1;
            continue;
        }
        if (!isdigit((unsigned char)*p) || ++digits > 15)
            return -1;
        a = a * 10 + (*p - '0');
        if (seen_dot)
            b *= 10;
    }
    if (!digits || a <= 0 || a > b)
        return -1;
    long long g = gcd(a, b);
    *num = a / g;
    *den = b / g;
    return 0;
}

int reg_share_add(long long *num, long long *den, long long n2, long long d2)
{
    long long g = gcd(*den, d2);
    long long l, a, b, s;
    if (__builtin_mul_overflow(*den / g, d2, &l) || __builtin_mul_overflow(*num, l / *den, &a) ||
        __builtin_mul_overflow(n2, l / d2, &b) || __builtin_add_overflow(a, b, &s))
        return -1;
    long long h = gcd(s, l);
    *num = s / (h ? h : 1);
    *den = l / (h ? h : 1);
    return 0;
}
