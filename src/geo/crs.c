/* geo/crs — CGCS2000 and Gauss–Krüger CRS resolution (spatial.md §2.1, §2.3). */
#include "geo/crs.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proj.h>

static void set_gk_name(struct geo_crs *crs)
{
    if (crs->prefixed)
        snprintf(crs->name, sizeof crs->name, "CGCS2000 / %d-degree Gauss-Kruger zone %d",
                 crs->zone_width, crs->zone);
    else
        snprintf(crs->name, sizeof crs->name, "CGCS2000 / %d-degree Gauss-Kruger CM %gE",
                 crs->zone_width, crs->central_meridian);
}

int geo_crs_gk(int zone_width, int zone, int prefixed, struct geo_crs *crs, struct ls_err *err)
{
    memset(crs, 0, sizeof *crs);
    if (zone_width == 3) {
        if (zone < 25 || zone > 45)
            return ls_err_set(err, LS_EINVAL, NULL, NULL, "zone",
                              "3-degree zone %d is not a CGCS2000 zone of China (25-45)", zone);
        crs->epsg = prefixed ? 4513 + (zone - 25) : 4534 + (zone - 25);
        crs->central_meridian = 3.0 * zone;
    } else if (zone_width == 6) {
        if (zone < 13 || zone > 23)
            return ls_err_set(err, LS_EINVAL, NULL, NULL, "zone",
                              "6-degree zone %d is not a CGCS2000 zone of China (13-23)", zone);
        crs->epsg = prefixed ? 4491 + (zone - 13) : 4502 + (zone - 13);
        crs->central_meridian = 6.0 * zone - 3.0;
    } else {
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "zone_width",
                          "zone width %d is neither 3 nor 6 degrees", zone_width);
    }
    crs->kind = GEO_CRS_GK;
    crs->zone_width = zone_width;
    crs->zone = zone;
    crs->prefixed = prefixed ? 1 : 0;
    crs->false_easting = 500000.0 + (prefixed ? zone * 1e6 : 0.0);
    set_gk_name(crs);
    return 0;
}

/* Datum of an EPSG CRS as PROJ names it ("" when unknown). */
static void epsg_datum_name(int epsg, char *buf, size_t size, int *is_projected, int *known)
{
    buf[0] = '\0';
    *is_projected = 0;
    *known = 0;
    PJ_CONTEXT *ctx = proj_context_create();
    proj_log_level(ctx, PJ_LOG_NONE);
    char code[16];
    snprintf(code, sizeof code, "%d", epsg);
    PJ *crs = proj_create_from_database(ctx, "EPSG", code, PJ_CATEGORY_CRS, 0, NULL);
    if (crs) {
        *known = 1;
        PJ_TYPE t = proj_get_type(crs);
        *is_projected = t == PJ_TYPE_PROJECTED_CRS;
        PJ *datum = proj_crs_get_datum_forced(ctx, crs);
        if (datum) {
            const char *n = proj_get_name(datum);
            snprintf(buf, size, "%s", n ? n : "");
            proj_destroy(datum);
        }
        proj_destroy(crs);
    }
    proj_context_destroy(ctx);
}

enum geo_legacy_datum geo_crs_legacy_datum_of(const char *text)
{
    if (!text)
        return GEO_DATUM_CGCS2000;
    static const char *const xian[] = { "Xian 1980", "Xian_1980", "Xi'an 1980",        "Xian80",
                                        "XIAN80",    "西安",      "1980国家大地坐标系" };
    static const char *const bj[] = { "Beijing 1954", "Beijing_1954", "BJ54", "Beijing54", "北京" };
    for (size_t i = 0; i < sizeof xian / sizeof *xian; i++)
        if (strstr(text, xian[i]))
            return GEO_DATUM_XIAN80;
    for (size_t i = 0; i < sizeof bj / sizeof *bj; i++)
        if (strstr(text, bj[i]))
            return GEO_DATUM_BJ54;
    return GEO_DATUM_CGCS2000;
}

static const char *datum_label(enum geo_legacy_datum d)
{
    return d == GEO_DATUM_XIAN80 ? "Xi'an 1980 (1980西安坐标系)" : "Beijing 1954 (1954北京坐标系)";
}

static int legacy_refusal(struct ls_err *err, enum geo_legacy_datum d, const char *what)
{
    return ls_err_set(err, LS_EUNSUPP, NULL, NULL, "crs",
                      "%s is on the legacy %s datum; Liangshan works in CGCS2000 and needs the "
                      "seven transformation parameters (转换参数 / --towgs84 dx,dy,dz,rx,ry,rz,ds) "
                      "published for this area to convert it",
                      what, datum_label(d));
}

int geo_crs_from_epsg(int epsg, struct geo_crs *crs, struct ls_err *err)
{
    memset(crs, 0, sizeof *crs);
    if (epsg == 4490 || epsg == 4326) {
        crs->kind = GEO_CRS_GEOGRAPHIC;
        crs->epsg = epsg;
        snprintf(crs->name, sizeof crs->name, "%s",
                 epsg == 4490 ? "CGCS2000 geographic" : "WGS 84 geographic");
        return 0;
    }
    if (epsg >= 4491 && epsg <= 4501)
        return geo_crs_gk(6, 13 + (epsg - 4491), 1, crs, err);
    if (epsg >= 4502 && epsg <= 4512)
        return geo_crs_gk(6, 13 + (epsg - 4502), 0, crs, err);
    if (epsg >= 4513 && epsg <= 4533)
        return geo_crs_gk(3, 25 + (epsg - 4513), 1, crs, err);
    if (epsg >= 4534 && epsg <= 4554)
        return geo_crs_gk(3, 25 + (epsg - 4534), 0, crs, err);

    char datum[128];
    int projected, known;
    epsg_datum_name(epsg, datum, sizeof datum, &projected, &known);
    if (!known)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs", "EPSG:%d is not a known CRS", epsg);
    enum geo_legacy_datum d = geo_crs_legacy_datum_of(datum);
    if (d != GEO_DATUM_CGCS2000) {
        char what[32];
        snprintf(what, sizeof what, "EPSG:%d", epsg);
        return legacy_refusal(err, d, what);
    }
    if (!projected)
        return ls_err_set(err, LS_EUNSUPP, NULL, NULL, "crs",
                          "EPSG:%d (%s datum) is a geographic CRS other than CGCS2000/WGS 84", epsg,
                          datum);
    crs->kind = GEO_CRS_PROJECTED;
    crs->epsg = epsg;
    snprintf(crs->name, sizeof crs->name, "EPSG:%d (%s)", epsg, datum);
    return 0;
}

int geo_crs_legacy_gk(enum geo_legacy_datum datum, int zone_width, int zone, int prefixed,
                      const double towgs84[7], struct geo_crs *crs, struct ls_err *err)
{
    if (datum == GEO_DATUM_CGCS2000)
        return geo_crs_gk(zone_width, zone, prefixed, crs, err);
    int rc = geo_crs_gk(zone_width, zone, prefixed, crs, err);
    if (rc)
        return rc;
    if (!towgs84)
        return legacy_refusal(err, datum, "this data");
    crs->kind = GEO_CRS_LEGACY;
    crs->epsg = 0;
    crs->datum = datum;
    crs->has_towgs84 = 1;
    memcpy(crs->towgs84, towgs84, sizeof crs->towgs84);
    snprintf(crs->name, sizeof crs->name, "%s / %d-degree Gauss-Kruger zone %d (towgs84 given)",
             datum == GEO_DATUM_XIAN80 ? "Xian 1980" : "Beijing 1954", zone_width, zone);
    return 0;
}

int geo_crs_zone_from_easting(double easting, int zone_width, int *zone, struct ls_err *err)
{
    if (!isfinite(easting) || easting < 1e6 || easting >= 1e8)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "easting",
                          "easting %.3f carries no zone prefix (expected 8 integer digits)",
                          easting);
    int z = (int)floor(easting / 1e6);
    double rest = easting - z * 1e6;
    int lo = zone_width == 6 ? 13 : 25, hi = zone_width == 6 ? 23 : 45;
    if (z < lo || z > hi)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "easting",
                          "easting %.3f has prefix %d, not a %d-degree zone of China (%d-%d)",
                          easting, z, zone_width, lo, hi);
    /* A zone is at most ~330 km wide at China's latitudes: 500 km ± 400 km is generous. */
    if (rest < 100000.0 || rest > 900000.0)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "easting",
                          "easting %.3f: %.3f m from the zone origin is not inside zone %d",
                          easting, rest, z);
    *zone = z;
    return 0;
}

int geo_crs_zone_of_longitude(double lon_deg, int zone_width)
{
    if (!(fabs(lon_deg) <= 360.0))
        return 0; /* not a longitude: no zone (callers then fail on zone 0) */
    if (zone_width == 6)
        return (int)floor(lon_deg / 6.0) + 1;
    return (int)lround(lon_deg / 3.0);
}

/* Reads an integer following `key` in s (e.g. "Zone_" in an ESRI name); -1 if absent. */
static int int_after(const char *s, const char *key)
{
    const char *p = strstr(s, key);
    if (!p)
        return -1;
    p += strlen(key);
    if (!isdigit((unsigned char)*p))
        return -1;
    return (int)strtol(p, NULL, 10);
}

static int parse_esri_gk(const char *t, struct geo_crs *crs, struct ls_err *err)
{
    int width = strstr(t, "3_Degree") ? 3 : 6;
    int zone = int_after(t, "Zone_");
    if (zone > 0)
        return geo_crs_gk(width, zone, 1, crs, err);
    int cm = int_after(t, "CM_");
    if (cm > 0) {
        if (width == 3 && cm % 3 == 0)
            return geo_crs_gk(3, cm / 3, 0, crs, err);
        if (width == 6 && (cm + 3) % 6 == 0)
            return geo_crs_gk(6, (cm + 3) / 6, 0, crs, err);
    }
    return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs", "cannot read the zone from \"%.80s\"", t);
}

static double proj_param(const char *def, const char *key, double missing)
{
    const char *p = strstr(def, key);
    return p ? strtod(p + strlen(key), NULL) : missing;
}

/* A tmerc on the GRS80/CGCS2000 ellipsoid that is a Gauss–Krüger zone: its EPSG code, or 0. */
static int gk_from_proj_string(const char *def)
{
    if (!strstr(def, "+proj=tmerc") || !(strstr(def, "+ellps=GRS80") || strstr(def, "+a=6378137")))
        return 0;
    if (proj_param(def, "+lat_0=", 0) != 0 ||
        proj_param(def, "+k=", proj_param(def, "+k_0=", 1)) != 1 ||
        proj_param(def, "+y_0=", 0) != 0)
        return 0;
    double lon0 = proj_param(def, "+lon_0=", 0), x0 = proj_param(def, "+x_0=", 0);
    if (!(fabs(lon0) <= 360.0))
        return 0;
    struct geo_crs c;
    for (int width = 3; width <= 6; width += 3) {
        int zone = width == 3 ? (int)lround(lon0 / 3) : (int)lround((lon0 + 3) / 6);
        double cm = width == 3 ? zone * 3.0 : zone * 6.0 - 3;
        if (fabs(cm - lon0) > 1e-9)
            continue;
        for (int prefixed = 0; prefixed <= 1; prefixed++)
            if (geo_crs_gk(width, zone, prefixed, &c, NULL) == 0 &&
                fabs(c.false_easting - x0) < 1e-6)
                return c.epsg;
    }
    return 0;
}

/* Identify WKT or any PROJ-readable text through PROJ's EPSG matcher. */
static int identify_with_proj(const char *text, struct geo_crs *crs, struct ls_err *err)
{
    PJ_CONTEXT *ctx = proj_context_create();
    proj_log_level(ctx, PJ_LOG_NONE);
    PJ *obj = proj_create(ctx, text);
    int epsg = 0;
    if (obj) {
        const char *auth = proj_get_id_auth_name(obj, 0);
        const char *code = proj_get_id_code(obj, 0);
        if (auth && code && strcmp(auth, "EPSG") == 0) {
            char *end;
            long v = strtol(code, &end, 10);
            epsg = *end || v <= 0 || v > 999999 ? 0 : (int)v;
        } else {
            int *conf = NULL;
            PJ_OBJ_LIST *list = proj_identify(ctx, obj, "EPSG", NULL, &conf);
            if (list && proj_list_get_count(list) > 0 && conf[0] >= 70) {
                PJ *best = proj_list_get(ctx, list, 0);
                const char *c = best ? proj_get_id_code(best, 0) : NULL;
                if (c)
                    epsg = (int)strtol(c, NULL, 10);
                proj_destroy(best);
            }
            proj_int_list_destroy(conf);
            proj_list_destroy(list);
        }
        if (!epsg) {
            const char *def = proj_as_proj_string(ctx, obj, PJ_PROJ_5, NULL);
            if (def)
                epsg = gk_from_proj_string(def);
        }
        proj_destroy(obj);
    }
    proj_context_destroy(ctx);
    if (!epsg)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs",
                          "cannot identify the coordinate system \"%.80s\"", text);
    return geo_crs_from_epsg(epsg, crs, err);
}

int geo_crs_parse(const char *text, struct geo_crs *crs, struct ls_err *err)
{
    memset(crs, 0, sizeof *crs);
    if (!text || !*text)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "crs", "no coordinate system given");
    enum geo_legacy_datum legacy = geo_crs_legacy_datum_of(text);
    if (legacy != GEO_DATUM_CGCS2000)
        return legacy_refusal(err, legacy, "the coordinate system");
    const char *t = text;
    if (strncmp(t, "EPSG:", 5) == 0 || strncmp(t, "epsg:", 5) == 0)
        t += 5;
    char *end = NULL;
    long code = strtol(t, &end, 10);
    if (end != t && *end == '\0' && code > 0 && code < 1000000)
        return geo_crs_from_epsg((int)code, crs, err);
    if (strstr(text, "CGCS2000_") && strstr(text, "GK_") && !strchr(text, '['))
        return parse_esri_gk(text, crs, err);
    if (strcmp(text, "CGCS2000") == 0 || strcmp(text, "2000国家大地坐标系") == 0 ||
        strcmp(text, "国家2000坐标系") == 0 || strcmp(text, "CGCS 2000") == 0)
        return geo_crs_from_epsg(4490, crs, err);
    return identify_with_proj(text, crs, err);
}

const char *geo_crs_proj_definition(const struct geo_crs *crs, char *buf, unsigned long size)
{
    if (crs->kind == GEO_CRS_LEGACY) {
        const char *ellps = crs->datum == GEO_DATUM_XIAN80 ? "IAU76" : "krass";
        const double *p = crs->towgs84;
        snprintf(buf, size,
                 "+proj=tmerc +lat_0=0 +lon_0=%.10g +k=1 +x_0=%.3f +y_0=0 +ellps=%s "
                 "+towgs84=%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g +units=m +no_defs +type=crs",
                 crs->central_meridian, crs->false_easting, ellps, p[0], p[1], p[2], p[3], p[4],
                 p[5], p[6]);
    } else {
        snprintf(buf, size, "EPSG:%d", crs->epsg);
    }
    return buf;
}
