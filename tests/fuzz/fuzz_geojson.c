/* Fuzz target: a footprint's GeoJSON geometry as the compliance-check API receives it (bytes →
 * jansson → geo_geojson_read → GEOS), then written back as GeoJSON text. Any bytes must give
 * a geometry or a reason, never a crash or a leak; a geometry read must write back. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geojson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_geos_error(const char *fmt, ...)
{
    (void)fmt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!j)
        return 0;
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSContext_setErrorHandler_r(h, on_geos_error);
    GEOSContext_setNoticeHandler_r(h, on_geos_error);
    char why[160] = "";
    GEOSGeometry *g = geo_geojson_read(h, j, NULL, 10000, why, sizeof why);
    if (g) {
        OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(s, 4326);
        OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
        OGRCoordinateTransformationH same = OCTNewCoordinateTransformation(s, s);
        struct ls_strbuf b = { 0 };
        geo_geojson_write(h, g, same, &b);
        if (!b.s || !b.n)
            abort(); /* a geometry read always writes back (or "null") */
        free(b.s);
        OCTDestroyCoordinateTransformation(same);
        OSRDestroySpatialReference(s);
        GEOSGeom_destroy_r(h, g);
    } else if (!why[0]) {
        abort(); /* a refusal always says why */
    }
    GEOS_finish_r(h);
    json_decref(j);
    return 0;
}
