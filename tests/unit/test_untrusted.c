/*
 * geo/untrusted: the GeoJSON "crs" forms an upload may carry (the EPSG forms GDAL and QGIS
 * write pass; GeoJSON 2008's link and url forms, paths and URLs in a name are refused at any
 * depth), and the network switch: after it, GDAL's HTTP fetcher answers with our error
 * without connecting, and /vsicurl/ opens nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cpl_http.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include "geo/untrusted.h"

static int check(const char *json)
{
    struct ls_err err = { 0 };
    return geo_untrusted_geojson_crs("u.geojson", json, strlen(json), &err);
}

static void crs_forms(void **state)
{
    (void)state;
    const char *ok[] = {
        "{\"type\":\"FeatureCollection\",\"features\":[]}",
        "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4528\"}}}",
        "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG:6.3:4490\"}}}",
        "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4528\"}}}",
        "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}}}",
        "{\"crs\":{\"type\":\"EPSG\",\"properties\":{\"code\":4528}}}",
        "{\"crs\":null}",
        "not json at all",
        "\xEF\xBB\xBF  {\"type\":\"Feature\"}",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_int_equal(check(ok[i]), 0);
    const char *bad[] = {
        "{\"crs\":{\"type\":\"link\",\"properties\":{\"href\":\"http://10.0.0.1/x\"}}}",
        "{\"crs\":{\"type\":\"url\",\"properties\":{\"url\":\"http://10.0.0.1/x\"}}}",
        "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"/etc/passwd\"}}}",
        "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"http://10.0.0.1/x\"}}}",
        "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4528 /etc/passwd\"}}}",
        "{\"crs\":{\"type\":\"EPSG\",\"properties\":{\"code\":\"/etc/passwd\"}}}",
        "{\"crs\":\"EPSG:4528\"}",
        /* on a feature's geometry, two levels down */
        "{\"features\":[{\"geometry\":{\"crs\":{\"type\":\"link\",\"properties\":{}}}}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct ls_err err = { 0 };
        assert_int_equal(geo_untrusted_geojson_crs("u.geojson", bad[i], strlen(bad[i]), &err),
                         -LS_EINVAL);
        assert_string_equal(err.field, "crs");
        assert_string_equal(err.input, "u.geojson");
    }
}

static void no_network(void **state)
{
    (void)state;
    GDALAllRegister();
    geo_untrusted_no_network();
    /* port 9 (discard) on a documentation address: a real attempt would hang or fail
     * differently; the callback answers at once with its own words */
    CPLHTTPResult *r = CPLHTTPFetch("http://192.0.2.1:9/crs.wkt", NULL);
    assert_non_null(r);
    assert_int_not_equal(r->nStatus, 0);
    assert_non_null(r->pszErrBuf);
    assert_non_null(strstr(r->pszErrBuf, "network access is disabled"));
    CPLHTTPDestroyResult(r);
    assert_null(VSIFOpenL("/vsicurl/http://192.0.2.1:9/x.tif", "rb"));
    assert_null(VSIFOpenL("/vsicurl/http://192.0.2.1:9/x.geojson", "rb"));
    assert_string_equal(getenv("LIANGSHAN_NO_NETWORK"), "1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crs_forms),
        cmocka_unit_test(no_network),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
