/*
 * app/compensation_map — an allocation drawn on the map: its regions' outlines from the layer
 * its region codes belong to — a county's townships (9-digit codes, the county's own
 * county.gpkg) or a region's counties (6-digit codes, the province demo's province.gpkg) —
 * for the 补偿赔偿 page to colour by amount.
 */
#include <string.h>

#include "app/compensation.h"
#include "app/layers.h"

/* Whether layer l of ds holds the region code (XZQDM). */
static int holds(GDALDatasetH ds, const char *layer, const char *code)
{
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, layer) : NULL;
    if (!l)
        return 0;
    int found = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while (!found && (f = OGR_L_GetNextFeature(l))) {
        int i = OGR_F_GetFieldIndex(f, "XZQDM");
        found = i >= 0 && !strcmp(OGR_F_GetFieldAsString(f, i), code);
        OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(l);
    return found;
}

int app_compensation_map(struct app_compensation *a, const char *id, int published_only,
                         GDALDatasetH county, const char *province_gpkg,
                         struct geo_transform *to_wgs84, struct ls_strbuf *b, struct ls_err *err)
{
    json_t *alloc = NULL;
    int rc = app_compensation_show_allocation(a, id, published_only, &alloc, err);
    if (rc)
        return rc;
    const char *code = json_string_value(
        json_object_get(json_array_get(json_object_get(alloc, "regions"), 0), "region"));
    GDALDatasetH province = NULL;
    GDALDatasetH ds = NULL;
    const char *layer = NULL;
    if (code && strlen(code) == 9 && holds(county, "township", code)) {
        ds = county;
        layer = "township";
    } else if (code && strlen(code) == 6 && province_gpkg) {
        province = GDALOpenEx(province_gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
        if (holds(province, "county", code)) {
            ds = province;
            layer = "county";
        }
    }
    if (!ds) {
        rc = ls_err_set(err, LS_ENOENT, id, NULL, "regions",
                        "the server's data has no outlines of allocation %s's regions (%s): "
                        "neither the county's townships nor a province.gpkg beside it",
                        id, code ? code : "none");
    } else {
        struct app_layer_page q = { .limit = APP_LAYER_PAGE_MAX };
        rc = app_layer_page(ds, layer, &q, to_wgs84, NULL, b, err);
    }
    if (province)
        GDALClose(province);
    json_decref(alloc);
    return rc;
}
