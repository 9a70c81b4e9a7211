/*
 * geo/untrusted — what a file from outside may make GDAL do. An upload is opened only by
 * the allowed drivers (geo/footprint); beyond that:
 *   - a GeoJSON's "crs" members may only name an EPSG code (or CRS84): GDAL fetches a
 *     "link" or "url" CRS over HTTP and would read a "name" that is a path or a URL;
 *   - a process that serves untrusted input switches GDAL's network access off once
 *     (geo_untrusted_no_network), so no reference inside any file makes it send a request.
 * docs/security.md lists every defence and the attack it answers.
 */
#ifndef LS_GEO_UNTRUSTED_H
#define LS_GEO_UNTRUSTED_H

#include <stddef.h>

#include "base/err.h"

/* 0 when bytes are not JSON or every "crs" member in them names an EPSG code; else
 * LS_EINVAL naming field "crs" and the offending value. name is the upload's name. */
int geo_untrusted_geojson_crs(const char *name, const char *bytes, size_t n, struct ls_err *err);

/* From now on, in this process and in the processes it starts: GDAL's HTTP fetching
 * answers with an error, /vsicurl/ and its kin open nothing, PROJ stays off the network,
 * and SQLite-based files cannot open other datasources. Idempotent; call before serving. */
void geo_untrusted_no_network(void);

#endif
