/* geo/untrusted — see untrusted.h. */
#include "geo/untrusted.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_http.h>
#include <jansson.h>

/* The CRS names a GeoJSON file may carry: an EPSG code in the forms GDAL and QGIS write
 * (EPSG:4528, urn:ogc:def:crs:EPSG::4528, with or without a version) and OGC's CRS84, the
 * RFC 7946 default. Every other form is something GDAL would go and fetch or read. */
static int crs_name_ok(const char *s)
{
    static const char *const forms = "^(EPSG:[0-9]{1,6}|urn:ogc:def:crs:EPSG:[0-9.]*:[0-9]{1,6}|"
                                     "urn:ogc:def:crs:OGC:(1\\.3)?:CRS84|CRS84)$";
    regex_t re;
    if (regcomp(&re, forms, REG_EXTENDED | REG_NOSUB | REG_ICASE))
        return 0;
    int ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static int crs_ok(json_t *crs, const char **shown)
{
    json_t *props = json_object_get(crs, "properties");
    const char *type = json_string_value(json_object_get(crs, "type"));
    *shown = type ? type : "?";
    if (json_is_null(crs))
        return 1;
    if (type && !strcmp(type, "name")) {
        const char *name = json_string_value(json_object_get(props, "name"));
        *shown = name ? name : "name without a name";
        return name && crs_name_ok(name);
    }
    if (type && !strcmp(type, "EPSG"))
        return json_is_integer(json_object_get(props, "code"));
    return 0;
}

/* "crs" may sit on the collection, a feature or a geometry (GeoJSON 2008): every one is
 * checked, at any depth jansson parsed. */
static int walk(json_t *v, const char *name, struct ls_err *err)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (walk(x, name, err))
                return -LS_EINVAL;
        }
        return 0;
    }
    if (!json_is_object(v))
        return 0;
    const char *key;
    json_t *x;
    json_object_foreach(v, key, x)
    {
        const char *shown = NULL;
        if (!strcmp(key, "crs") && !crs_ok(x, &shown))
            return ls_err_set(err, LS_EINVAL, name, NULL, "crs",
                              "the crs \"%s\" is not an EPSG code: links, URLs and file names "
                              "in an upload are not followed (write urn:ogc:def:crs:EPSG::4528 "
                              "or send the CRS as the request's crs)",
                              shown);
        /* coordinates hold only numbers: skipping them keeps a large file's walk short */
        if (strcmp(key, "coordinates") && walk(x, name, err))
            return -LS_EINVAL;
    }
    return 0;
}

int geo_untrusted_geojson_crs(const char *name, const char *bytes, size_t n, struct ls_err *err)
{
    size_t i = 0;
    if (n >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && strchr(" \t\r\n", bytes[i]))
        i++;
    if (i == n || bytes[i] != '{')
        return 0;
    json_error_t je;
    json_t *root = json_loadb(bytes + i, n - i, 0, &je);
    /* malformed JSON is left to the reader, which names the line; it cannot reach a "crs" */
    if (!root)
        return 0;
    int rc = walk(root, name, err);
    json_decref(root);
    return rc;
}

static CPLHTTPResult *refuse_fetch(const char *url, CSLConstList options, GDALProgressFunc progress,
                                   void *progress_arg, CPLHTTPFetchWriteFunc write, void *write_arg,
                                   void *user)
{
    (void)url, (void)options, (void)progress, (void)progress_arg, (void)write, (void)write_arg,
        (void)user;
    /* returning NULL would hand the request to the default fetcher: an error result is the
     * refusal GDAL passes back to whatever asked */
    CPLHTTPResult *r = CPLCalloc(1, sizeof *r);
    r->nStatus = 1;
    r->pszErrBuf = CPLStrdup("network access is disabled in this process");
    return r;
}

void geo_untrusted_no_network(void)
{
    CPLHTTPSetFetchCallback(refuse_fetch, NULL);
    /* /vsicurl/ and the cloud file systems read through libcurl directly, not through the
     * callback above; they open only names with the allowed extensions, and none has this */
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".liangshan-no-network");
    CPLSetConfigOption("OGR_SQLITE_ALLOW_EXTERNAL_ACCESS", "NO");
    /* environment variables reach the processes started from here (GEP runs): their own
     * start calls this again when they see LIANGSHAN_NO_NETWORK */
    setenv("LIANGSHAN_NO_NETWORK", "1", 1);
    setenv("PROJ_NETWORK", "OFF", 1);
    setenv("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".liangshan-no-network", 1);
}
