/*
 * server/api_basemap — the map's basemaps: /api/v1/basemaps lists what the map may put under
 * the county's layers (the configured XYZ/WMTS service, such as 天地图 with the bureau's key,
 * and the county's own terrain-and-land-cover basemap), and /api/v1/basemap/tiles/Z/X/Y.png
 * serves the latter's tiles from the cache app/basemap keeps.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/basemap.h"
#include "raster/basemap.h"
#include "server/app.h"

#define COUNTY_TILES "/api/v1/basemap/tiles/{z}/{x}/{y}.png"
/* a day: a tile changes only when the county's DEM or land cover does */
#define TILE_MAX_AGE_S 86400

static int county_basemap_possible(const struct srv_app *app)
{
    char p[1100];
    struct stat sb;
    if (!app->cfg.data)
        return 0;
    snprintf(p, sizeof p, "%s/elevation.tif", app->cfg.data);
    if (stat(p, &sb) != 0)
        return 0;
    snprintf(p, sizeof p, "%s/landcover.tif", app->cfg.data);
    return stat(p, &sb) == 0;
}

void api_basemaps(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    json_t *list = json_array();
    if (app->cfg.basemap_urls[0]) {
        json_t *urls = json_array();
        for (int i = 0; i < SRV_BASEMAP_MAX && app->cfg.basemap_urls[i]; i++)
            json_array_append_new(urls, json_string(app->cfg.basemap_urls[i]));
        json_array_append_new(
            list, json_pack("{s:s,s:s,s:s,s:o,s:s,s:s,s:i}", "id", "configured", "zh", "在线底图",
                            "en", "Online basemap", "urls", urls, "subdomains",
                            app->cfg.basemap_subdomains ? app->cfg.basemap_subdomains : "abc",
                            "attribution",
                            app->cfg.basemap_attribution ? app->cfg.basemap_attribution : "",
                            "max_zoom", 18));
    }
    if (county_basemap_possible(app))
        json_array_append_new(
            list, json_pack("{s:s,s:s,s:s,s:[s],s:s,s:s,s:i}", "id", "county", "zh",
                            "县域地形与地表覆盖", "en", "County terrain and land cover", "urls",
                            COUNTY_TILES, "subdomains", "", "attribution",
                            "DEM 晕渲 · 地表覆盖 (TD/T 1055—2019)", "max_zoom", RS_TILE_MAX_ZOOM));
    json_t *first = json_array_get(list, 0);
    http_resp_json(w, 200,
                   json_pack("{s:o,s:o}", "basemaps", list, "default",
                             first ? json_incref(json_object_get(first, "id")) : json_null()));
}

static int parse_part(const char *s, const char *suffix, long *v)
{
    char *end;
    *v = strtol(s, &end, 10);
    return end != s && s[0] != '-' && s[0] != '+' && !strcmp(end, suffix) ? 0 : -1;
}

void api_basemap_tile(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    long z, x, y;
    if (parse_part(r->params[0], "", &z) || parse_part(r->params[1], "", &x) ||
        parse_part(r->params[2], ".png", &y) || z > RS_TILE_MAX_ZOOM) {
        http_resp_error(w, 404, "not_found", "tile", "a tile is Z/X/Y.png (Z 0..%d)",
                        RS_TILE_MAX_ZOOM);
        return;
    }
    struct ls_err err = { 0 };
    /* every tile asks again (three stat calls): new county data, or a cache someone removed,
     * is noticed while the server runs; one request composes while the others wait */
    int rc = -LS_ENOENT;
    if (app->cfg.data) {
        pthread_mutex_lock(&app->basemap_mu);
        rc = app_basemap_prepare(app->cfg.data, app->tiles_dir, &err);
        pthread_mutex_unlock(&app->basemap_mu);
    }
    if (rc == -LS_ENOENT) {
        http_resp_error(w, 404, "not_found", "basemap",
                        "the county folder has no DEM and land cover to draw a basemap from");
        return;
    }
    char path[1200];
    int drawn = 0;
    if (!rc)
        rc = app_basemap_tile(app->tiles_dir, (int)z, x, y, path, sizeof path, &drawn, &err);
    if (rc) {
        srv_error(w, &err);
        return;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        if (fd >= 0)
            close(fd);
        http_resp_error(w, 500, "internal", NULL, "the tile was drawn but cannot be read");
        return;
    }
    w->status = 200;
    w->content_type = "image/png";
    w->fd = fd;
    w->fd_size = sb.st_size;
    w->max_age_s = TILE_MAX_AGE_S;
}
