/*
 * geo/coordfile — the boundary-point coordinate file (界址点坐标 "电子报盘") of land-use
 * pre-review and approval submissions (spatial.md §5.4).
 *
 *   [属性描述]            key=value header: 坐标系, 几度分带, 投影类型, 计量单位, 带号, 精度,
 * 转换参数 [地块坐标] 点数,面积(公顷),地块编号,地块名称,面,图幅号,地块用途,地类编码,@ 点号,圈号,X,Y
 * X = northing, Y = easting (often zone-prefixed); 圈号 1 = outer ring
 *
 * Each ring repeats its first point; the point count covers every line of the parcel. GBK or
 * UTF-8 (with or without BOM). Parsed coordinates are stored x = easting, y = northing.
 * A geo_coordfile owns everything in it: free with geo_coordfile_free.
 */
#ifndef LS_GEO_COORDFILE_H
#define LS_GEO_COORDFILE_H

#include <stddef.h>

#include "base/err.h"
#include "geo/crs.h"
#include "geo/geom.h"

#define GEO_COORDFILE_MAX_BYTES (256u << 20) /* refuse larger inputs */

struct geo_parcel {
    char number[64];    /* 地块编号 */
    char name[256];     /* 地块名称 */
    char shape[16];     /* 图形属性: 点/线/面 */
    char sheet[64];     /* 图幅号 */
    char use[128];      /* 地块用途 */
    char landclass[32]; /* 地类编码 */
    long declared_points;
    double declared_area_ha;
    int area_decimals; /* digits after the point in the declared area */
    int line;          /* line of the parcel record, 1-based */
    struct geo_mpoly geom;
};

struct geo_coordfile {
    /* header (UTF-8) */
    char version[64], producer[256], date[32], crs_name[64], projection[64], unit[16];
    char params_text[256];
    int zone_width, zone;
    double precision;
    /* resolved */
    struct geo_crs crs;
    char encoding[16]; /* "UTF-8" or "GB18030" */
    struct geo_parcel *parcels;
    size_t nparcels;
    char **warnings; /* cross-check findings that are not errors (zone prefix vs 带号 ...) */
    size_t nwarnings;
};

/* 1 when the file starts like a coordinate file ([属性描述] or [地块坐标]), else 0. */
int geo_coordfile_sniff(const char *path);

/*
 * Parses a coordinate file. towgs84 (7 values or NULL) overrides the file's 转换参数 for a
 * legacy datum. Errors name the line and field: a ring that does not close, a point count
 * that disagrees with the points given, an unknown zone, an undecodable encoding.
 */
int geo_coordfile_read(const char *path, const double *towgs84, struct geo_coordfile **out,
                       struct ls_err *err);
int geo_coordfile_parse(const char *name, const char *bytes, size_t n, const double *towgs84,
                        struct geo_coordfile **out, struct ls_err *err);
void geo_coordfile_free(struct geo_coordfile *cf);

/*
 * Writes cf as a coordinate file, in "GB18030" (written as GBK-compatible bytes) or "UTF-8".
 * Coordinates are printed with the header's precision. Written to a temporary file and
 * renamed: on error nothing is left at path.
 */
int geo_coordfile_write(const char *path, const struct geo_coordfile *cf, const char *encoding,
                        struct ls_err *err);

#endif
