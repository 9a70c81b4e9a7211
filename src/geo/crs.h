/*
 * geo/crs — the coordinate reference systems Chinese land data comes in.
 *
 * CGCS2000 (EPSG:4490) and its Gauss–Krüger projections (spatial.md §2.3): 3° zones with the
 * zone number prefixed to the easting (EPSG:4513–4533, zones 25–45) and without (4534–4554),
 * 6° zones with prefix (4491–4501, zones 13–23) and without (4502–4512). Axis order in files is
 * northing first; inside Liangshan x is always easting (or longitude), y northing (or latitude).
 * Legacy Xi'an 1980 and Beijing 1954 data are recognised and refused unless seven Helmert
 * parameters (转换参数) are given, because the datum shift is local and tens of metres.
 * All structs here are plain values: nothing to free.
 */
#ifndef LS_GEO_CRS_H
#define LS_GEO_CRS_H

#include "base/err.h"

enum geo_crs_kind {
    GEO_CRS_GEOGRAPHIC = 1, /* CGCS2000 (or WGS 84) latitude/longitude in degrees */
    GEO_CRS_GK = 2,         /* CGCS2000 Gauss–Krüger, 3° or 6°, prefixed or not */
    GEO_CRS_PROJECTED = 3,  /* another projected CRS PROJ knows (UTM, ...) */
    GEO_CRS_LEGACY = 4      /* Xi'an 1980 / Beijing 1954 Gauss–Krüger, usable with towgs84 */
};

enum geo_legacy_datum { GEO_DATUM_CGCS2000 = 0, GEO_DATUM_XIAN80 = 1, GEO_DATUM_BJ54 = 2 };

struct geo_crs {
    enum geo_crs_kind kind;
    int epsg;                /* 0 when the CRS has no EPSG code (legacy with parameters) */
    int zone_width;          /* 3 or 6 for Gauss–Krüger, else 0 */
    int zone;                /* zone number (3°: 25–45, 6°: 13–23), 0 when unknown */
    int prefixed;            /* 1 when the easting carries the zone number */
    double central_meridian; /* degrees east */
    double false_easting;    /* metres */
    enum geo_legacy_datum datum;
    int has_towgs84;
    double towgs84[7]; /* dx dy dz (m), rx ry rz (arc-seconds), ds (ppm); position vector */
    char name[160];    /* human-readable */
};

/* Fills crs from an EPSG code. Legacy Xi'an 1980 / Beijing 1954 codes give LS_EUNSUPP. */
int geo_crs_from_epsg(int epsg, struct geo_crs *crs, struct ls_err *err);

/* Gauss–Krüger CGCS2000 CRS for a zone: width 3 or 6; prefixed selects the EPSG family. */
int geo_crs_gk(int zone_width, int zone, int prefixed, struct geo_crs *crs, struct ls_err *err);

/*
 * Parses a CRS given by the user: "EPSG:4528", "4528", "CGCS2000", "2000国家大地坐标系",
 * ESRI names like "CGCS2000_3_Degree_GK_Zone_40", or WKT. Legacy names are refused with
 * LS_EUNSUPP naming the datum (see geo_crs_legacy_gk to accept them with parameters).
 */
int geo_crs_parse(const char *text, struct geo_crs *crs, struct ls_err *err);

/* Which legacy datum a name or WKT mentions, GEO_DATUM_CGCS2000 if none. */
enum geo_legacy_datum geo_crs_legacy_datum_of(const char *text);

/* A legacy Gauss–Krüger CRS with seven Helmert parameters to CGCS2000 (≈ WGS 84). */
int geo_crs_legacy_gk(enum geo_legacy_datum datum, int zone_width, int zone, int prefixed,
                      const double towgs84[7], struct geo_crs *crs, struct ls_err *err);

/*
 * Zone from a zone-prefixed easting (e.g. 40 from 40523010.3): width 3 or 6. Fails with
 * LS_EINVAL when the prefix is not a zone of that width or the rest is not a plausible
 * easting (between 0 and 1,000,000 m).
 */
int geo_crs_zone_from_easting(double easting, int zone_width, int *zone, struct ls_err *err);

/* Zone containing a longitude: 3°: round(L/3); 6°: floor(L/6)+1. */
int geo_crs_zone_of_longitude(double lon_deg, int zone_width);

/*
 * A definition PROJ accepts for this CRS ("EPSG:4528", or a +proj string with +towgs84 for
 * legacy datums), written into buf.
 */
const char *geo_crs_proj_definition(const struct geo_crs *crs, char *buf, unsigned long size);

#endif
