/*
 * server/api_gep — GEP accounts over HTTP. An account is an output folder of `gep run`:
 * the published ones in the county folder (gep-2023, and its previous year as
 * gep-2023.previous), disclosed to the public, and runs started through the API (run-N in
 * the jobs folder), which only logged-in users see. Each account gives its table
 * (account.json), its files for download (.xlsx, .csv, report, GeoTIFFs) and a map per item:
 * the value raster drawn by raster/render (EPSG:4326, at most 1024 px a side, a green ramp
 * between its 2nd and 98th percentiles) as a PNG with its bounds.
 *
 * A draft (run-N) is opened by a logged-in user, or — for its files and maps, which an <img>
 * or <a> fetches without the token — by the signed link its account answer carries
 * ("access", server/links). Drafts are marked "draft": true in the list.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "raster/probe.h"
#include "raster/render.h"
#include "server/app.h"

/* The folder of account id into path; 0, or -1 (404 set) when there is none or the user
 * may not see it. */
static int account_dir(struct http_req *r, const char *id, char *path, size_t cap,
                       struct http_resp *w)
{
    struct srv_app *app = r->app;
    int ok = app->cfg.data && strlen(id) < 64 &&
             strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-.") == strlen(id) && id[0] != '.' &&
             !strstr(id, "..");
    int run = !strncmp(id, "run-", 4);
    if (ok && run && !strcmp(r->user.role, "public"))
        ok = r->n_params > 1 && srv_link_ok(app->link_key, id, http_query(r, "access"), time(NULL));
    if (ok) {
        char base[128];
        snprintf(base, sizeof base, "%s", id);
        char *dot = strchr(base, '.');
        if (dot && strcmp(dot, ".previous") != 0)
            ok = 0;
        if (dot)
            *dot = '\0';
        snprintf(path, cap, "%s/%s%s/account.json", run ? app->jobs_dir : app->cfg.data, base,
                 dot ? "/previous" : "");
        struct stat sb;
        ok = ok && (!strncmp(base, "gep-", 4) || run) && stat(path, &sb) == 0;
        path[strlen(path) - strlen("/account.json")] = '\0';
    }
    if (!ok)
        http_resp_error(w, 404, "not_found", "id",
                        "no GEP account \"%s\" (GET /api/v1/gep/accounts)", id);
    return ok ? 0 : -1;
}

static json_t *account_summary(const char *id, const char *dir, int published)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/account.json", dir);
    json_t *d = json_load_file(p, 0, NULL);
    if (!d)
        return NULL;
    json_t *a = json_object_get(d, "account"), *t = json_object_get(d, "totals");
    json_t *o =
        json_pack("{s:s,s:O,s:O,s:O,s:O,s:O,s:b,s:b}", "id", id, "name", json_object_get(a, "name"),
                  "region", json_object_get(a, "region"), "year", json_object_get(a, "year"),
                  "price_year", json_object_get(a, "price_year"), "gep_yuan",
                  json_object_get(t, "gep_yuan"), "published", published, "draft", !published);
    json_decref(d);
    return o;
}

static void list_dir(const char *dir, const char *prefix, int published, json_t *out)
{
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return;
    struct dirent *e;
    char names[256][64];
    int n = 0;
    while ((e = readdir(d)) && n < 256)
        if (!strncmp(e->d_name, prefix, strlen(prefix)) && strlen(e->d_name) < 64 &&
            !strchr(e->d_name, '.'))
            snprintf(names[n++], 64, "%s", e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    for (int i = 0; i < n; i++) {
        char p[1200], id[80];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        json_t *s = account_summary(names[i], p, published);
        if (s)
            json_array_append_new(out, s);
        snprintf(p, sizeof p, "%s/%s/previous", dir, names[i]);
        snprintf(id, sizeof id, "%s.previous", names[i]);
        if ((s = account_summary(id, p, published)))
            json_array_append_new(out, s);
    }
}

void api_gep_accounts(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    json_t *a = json_array();
    list_dir(app->cfg.data, "gep-", 1, a);
    if (strcmp(r->user.role, "public") != 0)
        list_dir(app->jobs_dir, "run-", 0, a);
    /* filters: year and region (the account's region name or code) */
    const char *year = http_query(r, "year"), *region = http_query(r, "region");
    char *end = NULL;
    long y = year ? strtol(year, &end, 10) : 0;
    if (year && (*end || y < 1900 || y > 2200)) {
        json_decref(a);
        http_resp_error(w, 400, "invalid_input", "year", "year is a calendar year, got \"%s\"",
                        year);
        return;
    }
    json_t *keep = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
    {
        const char *rg = json_string_value(json_object_get(x, "region"));
        if ((!year || json_integer_value(json_object_get(x, "year")) == y) &&
            (!region || (rg && !strcmp(rg, region))))
            json_array_append(keep, x);
    }
    json_decref(a);
    http_resp_json(w, 200, json_pack("{s:o}", "accounts", keep));
}

void api_gep_account(struct http_req *r, struct http_resp *w)
{
    char dir[1100], p[1200];
    if (account_dir(r, r->params[0], dir, sizeof dir, w))
        return;
    snprintf(p, sizeof p, "%s/account.json", dir);
    json_t *d = json_load_file(p, 0, NULL);
    if (!d) {
        http_resp_error(w, 500, "internal", NULL, "cannot read the account of %s", r->params[0]);
        return;
    }
    /* what can be downloaded and mapped */
    json_t *files = json_array(), *maps = json_array();
    DIR *dd = opendir(dir);
    struct dirent *e;
    char names[128][96];
    int n = 0;
    while (dd && (e = readdir(dd)) && n < 128)
        if (e->d_name[0] != '.' && strlen(e->d_name) < 96 && strchr(e->d_name, '.'))
            snprintf(names[n++], 96, "%s", e->d_name);
    if (dd)
        closedir(dd);
    qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    for (int i = 0; i < n; i++) {
        json_array_append_new(files, json_string(names[i]));
        size_t len = strlen(names[i]);
        if (len > 10 && !strcmp(names[i] + len - 10, "_value.tif"))
            json_array_append_new(maps, json_stringn(names[i], len - 10));
    }
    json_object_set_new(d, "files", files);
    json_object_set_new(d, "maps", maps);
    json_object_set_new(d, "id", json_string(r->params[0]));
    int draft = !strncmp(r->params[0], "run-", 4);
    json_object_set_new(d, "draft", json_boolean(draft));
    if (draft) {
        struct srv_app *app = r->app;
        char tok[SRV_LINK_TOKEN];
        srv_link_token(app->link_key, r->params[0], time(NULL), tok);
        json_object_set_new(d, "access", json_string(tok));
        w->no_cache = 1;
    }
    http_resp_json(w, 200, d);
}

static const char *content_type_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } t[] = { { ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
              { ".csv", "text/csv; charset=utf-8" },
              { ".json", "application/json; charset=utf-8" },
              { ".html", "text/html; charset=utf-8" },
              { ".tif", "image/tiff" } };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof t / sizeof *t; i++)
        if (!strcmp(dot, t[i].ext))
            return t[i].type;
    return NULL;
}

void api_gep_file(struct http_req *r, struct http_resp *w)
{
    char dir[1100], p[1300];
    if (account_dir(r, r->params[0], dir, sizeof dir, w))
        return;
    const char *name = r->params[1];
    const char *type = content_type_of(name);
    if (!type || name[0] == '.' ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != strlen(name)) {
        http_resp_error(w, 404, "not_found", "name", "no file \"%s\" in account %s", name,
                        r->params[0]);
        return;
    }
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (f)
            fclose(f);
        http_resp_error(w, 404, "not_found", "name", "no file \"%s\" in account %s", name,
                        r->params[0]);
        return;
    }
    w->status = 200;
    w->content_type = type;
    w->fd = dup(fileno(f));
    w->fd_size = sb.st_size;
    fclose(f);
    snprintf(w->disposition, sizeof w->disposition, "attachment; filename=\"%s-%s\"", r->params[0],
             name);
}

void api_gep_map(struct http_req *r, struct http_resp *w)
{
    char dir[1100], p[1300], item[96];
    if (account_dir(r, r->params[0], dir, sizeof dir, w))
        return;
    const char *name = r->params[1];
    size_t len = strlen(name);
    int png = len > 4 && !strcmp(name + len - 4, ".png");
    int meta = len > 5 && !strcmp(name + len - 5, ".json");
    size_t base = len - (png ? 4 : meta ? 5 : 0);
    if ((!png && !meta) || base >= sizeof item ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz_") < base) {
        http_resp_error(w, 404, "not_found", "item",
                        "a map is ITEM.png or ITEM.json (ITEM from the account's \"maps\")");
        return;
    }
    memcpy(item, name, base);
    item[base] = '\0';
    snprintf(p, sizeof p, "%s/%s_value.tif", dir, item);
    struct stat sb;
    if (stat(p, &sb) != 0) {
        http_resp_error(w, 404, "not_found", "item", "account %s has no map of %s", r->params[0],
                        item);
        return;
    }
    unsigned char *data = NULL;
    size_t n = 0;
    double bounds[4], range[2];
    struct ls_err err = { 0 };
    if (rs_render_value_map(p, png, &data, &n, bounds, range, &err)) {
        http_resp_error(w, 500, "internal", NULL, "%s: %s", item, err.msg);
        return;
    }
    if (png) {
        http_resp_take(w, 200, "image/png", (char *)data, n);
        return;
    }
    free(data);
    http_resp_json(w, 200,
                   json_pack("{s:s,s:s,s:[f,f,f,f],s:[f,f],s:s,s:s}", "item", item, "unit",
                             "yuan per cell", "bounds", bounds[0], bounds[1], bounds[2], bounds[3],
                             "range", range[0], range[1], "crs", "EPSG:4326", "colours",
                             "light yellow to dark green, 2nd to 98th percentile"));
}

/* The cells under a point of an account's value map: value (yuan) and, when the account has
 * it, the physical quantity, for the map's click on a GEP layer. */
void api_gep_map_value(struct http_req *r, struct http_resp *w)
{
    char dir[1100], p[1300];
    if (account_dir(r, r->params[0], dir, sizeof dir, w))
        return;
    const char *item = r->params[1], *lons = http_query(r, "lon"), *lats = http_query(r, "lat");
    char *e1 = NULL, *e2 = NULL;
    double lon = lons ? strtod(lons, &e1) : NAN, lat = lats ? strtod(lats, &e2) : NAN;
    int lon_bad = !lons || *e1 || !(fabs(lon) <= 180);
    if (lon_bad || !lats || *e2 || !(fabs(lat) <= 90)) {
        http_resp_error(w, 400, "invalid_input", lon_bad ? "lon" : "lat",
                        "give the point as lon=DEGREES (-180 to 180) & lat=DEGREES (-90 to 90), "
                        "EPSG:4326");
        return;
    }
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s_value.tif", dir, item);
    if (strspn(item, "abcdefghijklmnopqrstuvwxyz_") != strlen(item) || stat(p, &sb) != 0) {
        http_resp_error(w, 404, "not_found", "item", "account %s has no map of %s", r->params[0],
                        item);
        return;
    }
    struct rs_probe v, ph = { 0 };
    struct ls_err err = { 0 };
    if (rs_probe_at(p, lon, lat, &v, &err)) {
        srv_error(w, &err);
        return;
    }
    json_t *o =
        json_pack("{s:s,s:f,s:f,s:b,s:b,s:f,s:f}", "item", item, "lon", lon, "lat", lat, "inside",
                  v.inside, "nodata", v.nodata, "value_yuan", v.value, "cell_m2", v.cell_m2);
    snprintf(p, sizeof p, "%s/%s_physical.tif", dir, item);
    if (v.inside && stat(p, &sb) == 0 && !rs_probe_at(p, lon, lat, &ph, &err) && ph.inside &&
        !ph.nodata)
        json_object_set_new(o, "physical", json_real(ph.value));
    http_resp_json(w, 200, o);
}
