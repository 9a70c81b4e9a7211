/* gep/account — reading ACCOUNT.json. */
#include "gep/account.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

static void resolve(const char *base, const char *rel, char *out, size_t cap)
{
    const char *slash = strrchr(base, '/');
    if (rel[0] == '/' || !slash)
        snprintf(out, cap, "%s", rel);
    else
        snprintf(out, cap, "%.*s/%s", (int)(slash - base), base, rel);
}

static int get_str(json_t *o, const char *key, int required, const char *file, char *out,
                   size_t cap, struct ls_err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        out[0] = '\0';
        return required ? ls_err_set(err, LS_EINVAL, file, NULL, key, "is required") : 0;
    }
    if (!json_is_string(v) || !json_string_length(v))
        return ls_err_set(err, LS_EINVAL, file, NULL, key, "must be a non-empty string");
    snprintf(out, cap, "%s", json_string_value(v));
    return 0;
}

/* A file named by the account must exist: the error names the key. */
static int get_file(json_t *o, const char *key, int required, const char *file, char *out,
                    size_t cap, struct ls_err *err)
{
    char rel[GEP_PATH_MAX];
    int rc = get_str(o, key, required, file, rel, sizeof rel, err);
    if (rc || !rel[0]) {
        out[0] = '\0';
        return rc;
    }
    resolve(file, rel, out, cap);
    struct stat st;
    if (stat(out, &st) != 0)
        return ls_err_set(err, LS_ENOENT, file, NULL, key, "file %s does not exist", out);
    return 0;
}

static int parse(json_t *root, const char *path, struct gep_account *a, struct ls_err *err)
{
    if (!json_is_object(root))
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL, "must be a JSON object");
    int rc = get_str(root, "name", 0, path, a->name, sizeof a->name, err);
    json_t *region = json_object_get(root, "region");
    if (!rc && region) {
        rc = get_str(region, "name", 1, path, a->region_name, sizeof a->region_name, err);
        if (!rc)
            rc = get_str(region, "code", 0, path, a->region_code, sizeof a->region_code, err);
    }
    if (rc)
        return rc;
    json_t *year = json_object_get(root, "year");
    if (!json_is_integer(year) || json_integer_value(year) < 1900 ||
        json_integer_value(year) > 2200)
        return ls_err_set(err, LS_EINVAL, path, NULL, "year", "must be a year such as 2023");
    a->year = (int)json_integer_value(year);
    json_t *py = json_object_get(root, "price_year");
    if (py &&
        (!json_is_integer(py) || json_integer_value(py) < 1900 || json_integer_value(py) > 2200))
        return ls_err_set(err, LS_EINVAL, path, NULL, "price_year", "must be a year");
    a->price_year = py ? (int)json_integer_value(py) : a->year;
    char method[GEP_PATH_MAX];
    rc = get_str(root, "method", 1, path, method, sizeof method, err);
    if (rc)
        return rc;
    if (strchr(method, '/') || strstr(method, ".json"))
        resolve(path, method, a->method, sizeof a->method);
    else
        snprintf(a->method, sizeof a->method, "%s", method);
    rc = get_file(root, "price_index", 0, path, a->price_index, sizeof a->price_index, err);
    if (!rc)
        rc = get_file(root, "landcover", 1, path, a->landcover, sizeof a->landcover, err);
    if (rc)
        return rc;
    char classes[GEP_PATH_MAX];
    rc = get_str(root, "classes", 0, path, classes, sizeof classes, err);
    if (rc)
        return rc;
    if (!classes[0] || strcmp(classes, "survey") == 0)
        snprintf(a->classes, sizeof a->classes, "survey");
    else if ((rc = get_file(root, "classes", 1, path, a->classes, sizeof a->classes, err)))
        return rc;
    json_t *rasters = json_object_get(root, "rasters");
    if (rasters && !json_is_object(rasters))
        return ls_err_set(err, LS_EINVAL, path, NULL, "rasters", "must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(rasters, key, v)
    {
        int layer = -1;
        for (int l = 0; l < GEP_L_COUNT; l++)
            if (strcmp(gep_layer_key(l), key) == 0)
                layer = l;
        if (layer < 0) {
            char known[256] = "";
            for (int l = 0; l < GEP_L_COUNT; l++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", l ? ", " : "",
                         gep_layer_key(l));
            return ls_err_set(err, LS_EINVAL, path, "rasters", key,
                              "unknown raster key (known: %s)", known);
        }
        rc = get_file(rasters, key, 1, path, a->raster[layer], sizeof a->raster[layer], err);
        if (rc)
            return rc;
    }
    json_t *regions = json_object_get(root, "regions");
    if (!json_is_object(regions))
        return ls_err_set(err, LS_EINVAL, path, NULL, "regions",
                          "must name the region polygons: { \"path\", \"layer\", \"name_field\" }");
    rc = get_file(regions, "path", 1, path, a->regions_path, sizeof a->regions_path, err);
    if (!rc)
        rc = get_str(regions, "layer", 0, path, a->regions_layer, sizeof a->regions_layer, err);
    if (!rc)
        rc =
            get_str(regions, "name_field", 0, path, a->regions_field, sizeof a->regions_field, err);
    if (!rc)
        rc = get_file(root, "statistics", 0, path, a->statistics, sizeof a->statistics, err);
    json_t *ind = json_object_get(root, "indicators");
    if (!rc && ind) {
        static const char *const keys[] = { "population", "gdp_yuan" };
        double *dst[] = { &a->population, &a->gdp_yuan };
        for (int i = 0; i < 2; i++) {
            json_t *iv = json_object_get(ind, keys[i]);
            if (iv && (!json_is_number(iv) || !(json_number_value(iv) > 0)))
                return ls_err_set(err, LS_EINVAL, path, "indicators", keys[i],
                                  "must be a positive number");
            *dst[i] = iv ? json_number_value(iv) : 0;
        }
    }
    if (!rc)
        rc = get_file(root, "previous", 0, path, a->previous, sizeof a->previous, err);
    json_t *na = json_object_get(root, "not_applicable");
    if (!rc && na && !json_is_object(na))
        return ls_err_set(err, LS_EINVAL, path, NULL, "not_applicable",
                          "must be an object { \"item\": \"reason\" }");
    const char *nk;
    json_t *nv;
    json_object_foreach(na, nk, nv)
    {
        if (a->n_not_applicable == sizeof a->not_applicable / sizeof a->not_applicable[0])
            return ls_err_set(err, LS_EINVAL, path, "not_applicable", nk, "too many items");
        if (!json_is_string(nv) || !json_string_length(nv))
            return ls_err_set(err, LS_EINVAL, path, "not_applicable", nk,
                              "must give the reason the item does not apply");
        snprintf(a->not_applicable[a->n_not_applicable].item, sizeof a->not_applicable[0].item,
                 "%s", nk);
        snprintf(a->not_applicable[a->n_not_applicable++].reason,
                 sizeof a->not_applicable[0].reason, "%s", json_string_value(nv));
    }
    json_t *shore = json_object_get(root, "shoreline");
    if (!rc && shore) {
        if (!json_is_object(shore))
            return ls_err_set(err, LS_EINVAL, path, NULL, "shoreline",
                              "must be { \"path\", \"layer\", \"type_field\" }");
        rc = get_file(shore, "path", 1, path, a->shoreline_path, sizeof a->shoreline_path, err);
        if (!rc)
            rc = get_str(shore, "layer", 0, path, a->shoreline_layer, sizeof a->shoreline_layer,
                         err);
        if (!rc)
            rc = get_str(shore, "type_field", 1, path, a->shoreline_field,
                         sizeof a->shoreline_field, err);
    }
    return rc;
}

int gep_account_load(const char *path, struct gep_account *a, struct ls_err *err)
{
    memset(a, 0, sizeof *a);
    snprintf(a->path, sizeof a->path, "%s", path);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        char where[64];
        snprintf(where, sizeof where, "line %d", je.line);
        return ls_err_set(err, je.line > 0 ? LS_EINVAL : LS_ENOENT, path,
                          je.line > 0 ? where : NULL, NULL, "%s", je.text);
    }
    int rc = parse(root, path, a, err);
    json_decref(root);
    return rc;
}
