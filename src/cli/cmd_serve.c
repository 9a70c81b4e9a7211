/*
 * cli/cmd_serve — `liangshan serve`: the HTTP API and web UI over a store and a county
 * folder, until SIGTERM or SIGINT, which stop it gracefully (requests in flight finish);
 * and `liangshan user add|set|list`, the accounts the server logs in.
 */
#include <curl/curl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "geo/untrusted.h"
#include "server/app.h"

static int routes_json(void)
{
    json_t *a = json_array();
    for (size_t i = 0; i < srv_n_routes; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "method", srv_routes[i].method, "path",
                                           srv_routes[i].pattern, "permission",
                                           srv_routes[i].permission));
    cli_print_json(json_pack("{s:o}", "routes", a));
    return 0;
}

/* The CSP source of a basemap URL template: scheme://host[:port], a host label holding {s}
 * becoming "*" (t{s}.tianditu.gov.cn → *.tianditu.gov.cn). The URL is read by libcurl's URL
 * parser with the placeholders filled in. -1 when it is not an http(s) template with {z},
 * {x} and {y}, or {s} stands outside the host's first label. */
static int basemap_origin(const char *url, char *out, size_t size)
{
    if (!strstr(url, "{z}") || !strstr(url, "{x}") || !strstr(url, "{y}") || strlen(url) > 2000)
        return -1;
    /* {s} becomes a marker a host name cannot otherwise hold twice; {z} {x} {y} become 0 */
    char probe[4096];
    size_t o = 0;
    for (const char *p = url; *p && o + 16 < sizeof probe;) {
        if (!strncmp(p, "{s}", 3)) {
            o += (size_t)snprintf(probe + o, sizeof probe - o, "lssubdomain");
            p += 3;
        } else if (!strncmp(p, "{z}", 3) || !strncmp(p, "{x}", 3) || !strncmp(p, "{y}", 3)) {
            probe[o++] = '0';
            p += 3;
        } else {
            probe[o++] = *p++;
        }
    }
    probe[o] = '\0';
    CURLU *h = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    int rc = !h || curl_url_set(h, CURLUPART_URL, probe, 0) != CURLUE_OK ||
                     curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
                     curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
                     (strcmp(scheme, "http") && strcmp(scheme, "https"))
                 ? -1
                 : 0;
    if (!rc && curl_url_get(h, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT) != CURLUE_OK)
        port = NULL; /* none given */
    const char *sub = rc ? NULL : strstr(host, "lssubdomain"), *dot = rc ? NULL : strchr(host, '.');
    if (!rc && sub && (!dot || sub > dot || strstr(sub + 1, "lssubdomain")))
        rc = -1; /* {s} only in the first label, once */
    int n = rc ? -1
               : snprintf(out, size, "%s://%s%s%s%s", scheme, sub ? "*" : "", sub ? dot : host,
                          port ? ":" : "", port ? port : "");
    if (n < 0 || (size_t)n >= size || strpbrk(out, "{} ;'\""))
        rc = -1;
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(h);
    return rc;
}

int cmd_serve(int argc, char **argv)
{
    enum {
        O_STORE = 256,
        O_DATA,
        O_WEB,
        O_LISTEN,
        O_THREADS,
        O_JOBS,
        O_HOURS,
        O_QUIET,
        O_ROUTES,
        O_CKPT,
        O_PUBKEY,
        O_PER_ADDRESS,
        O_QUEUE,
        O_TSA_CA,
        O_PUBLIC_URL,
        O_CORS,
        O_BASEMAP,
        O_BASEMAP_SUB,
        O_BASEMAP_ATTR,
        O_TILES,
        O_MARKET_CLOCK,
        O_HELP
    };
    static const struct option opts[] = {
        { "store", required_argument, NULL, O_STORE },
        { "data", required_argument, NULL, O_DATA },
        { "web", required_argument, NULL, O_WEB },
        { "listen", required_argument, NULL, O_LISTEN },
        { "threads", required_argument, NULL, O_THREADS },
        { "jobs", required_argument, NULL, O_JOBS },
        { "session-hours", required_argument, NULL, O_HOURS },
        { "quiet", no_argument, NULL, O_QUIET },
        { "routes", no_argument, NULL, O_ROUTES },
        { "checkpoints", required_argument, NULL, O_CKPT },
        { "public-key", required_argument, NULL, O_PUBKEY },
        { "connections-per-address", required_argument, NULL, O_PER_ADDRESS },
        { "queue", required_argument, NULL, O_QUEUE },
        { "tsa-ca", required_argument, NULL, O_TSA_CA },
        { "public-url", required_argument, NULL, O_PUBLIC_URL },
        { "cors-origin", required_argument, NULL, O_CORS },
        { "basemap", required_argument, NULL, O_BASEMAP },
        { "basemap-subdomains", required_argument, NULL, O_BASEMAP_SUB },
        { "basemap-attribution", required_argument, NULL, O_BASEMAP_ATTR },
        { "tiles", required_argument, NULL, O_TILES },
        { "market-clock", required_argument, NULL, O_MARKET_CLOCK },
        { "help", no_argument, NULL, O_HELP },
        { NULL, 0, NULL, 0 }
    };
    static char exe[PATH_MAX], webdef[PATH_MAX + 8];
    struct srv_config cfg = { .listen = "127.0.0.1:8080", .session_ttl_s = 8 * 3600 };
    /* 64 connections per client address: a browser opens 6 to 10, and a host with thousands
     * of trickling connections is the slow-connection attack (docs/security.md, "Load") */
    unsigned per_address = 64, queue = 0;
    static const char *cors[17]; /* the origins of --cors-origin, NULL-ended */
    size_t n_cors = 0, n_basemap = 0;
    static char img_sources[1024]; /* the basemaps' origins, for the CSP */
    size_t img_n = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        long v;
        switch (c) {
        case O_STORE:
            cfg.store = optarg;
            break;
        case O_DATA:
            cfg.data = optarg;
            break;
        case O_WEB:
            cfg.web = optarg;
            break;
        case O_LISTEN:
            cfg.listen = optarg;
            break;
        case O_JOBS:
            cfg.jobs = optarg;
            break;
        case O_THREADS:
            v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 256)
                return cli_usage_error("serve", "--threads is 1..256");
            cfg.threads = (unsigned)v;
            break;
        case O_PER_ADDRESS:
            v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0 || v > 4096)
                return cli_usage_error("serve", "--connections-per-address is 0..4096 (0: no "
                                                "limit, behind a reverse proxy)");
            per_address = (unsigned)v;
            break;
        case O_QUEUE:
            v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 1 || v > 65536)
                return cli_usage_error("serve", "--queue is 1..65536");
            queue = (unsigned)v;
            break;
        case O_HOURS:
            v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 24 * 90)
                return cli_usage_error("serve", "--session-hours is 1..2160");
            cfg.session_ttl_s = v * 3600;
            break;
        case O_QUIET:
            cfg.quiet = 1;
            break;
        case O_ROUTES:
            return routes_json();
        case O_CKPT:
            cfg.checkpoints = optarg;
            break;
        case O_PUBKEY:
            cfg.public_key = optarg;
            break;
        case O_TSA_CA:
            cfg.tsa_ca = optarg;
            break;
        case O_CORS:
            /* an origin exactly as a browser sends it: scheme, host, optional port, no path */
            if ((strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8)) ||
                strchr(strchr(optarg, ':') + 3, '/') || n_cors + 1 >= sizeof cors / sizeof *cors)
                return cli_usage_error("serve",
                                       "--cors-origin is https://host[:port] (at most "
                                       "%zu)",
                                       sizeof cors / sizeof *cors - 1);
            cors[n_cors++] = optarg;
            break;
        case O_BASEMAP: {
            /* an XYZ template (天地图 WMTS in KVP form: TILEMATRIX={z}&TILEROW={y}&TILECOL={x})
             * whose origin the UI's CSP then allows images from */
            char origin[300];
            if (n_basemap >= SRV_BASEMAP_MAX || basemap_origin(optarg, origin, sizeof origin))
                return cli_usage_error("serve",
                                       "--basemap is an http(s) tile URL with {z}, {x} and {y} "
                                       "(at most %d; {s} in the host for subdomains)",
                                       SRV_BASEMAP_MAX);
            cfg.basemap_urls[n_basemap++] = optarg;
            if (!strstr(img_sources, origin) && img_n + strlen(origin) + 2 < sizeof img_sources)
                img_n += (size_t)snprintf(img_sources + img_n, sizeof img_sources - img_n, "%s%s",
                                          img_n ? " " : "", origin);
            break;
        }
        case O_BASEMAP_SUB:
            if (!*optarg ||
                strspn(optarg, "0123456789abcdefghijklmnopqrstuvwxyz") != strlen(optarg))
                return cli_usage_error("serve", "--basemap-subdomains is letters or digits, one "
                                                "per subdomain (\"01234567\")");
            cfg.basemap_subdomains = optarg;
            break;
        case O_BASEMAP_ATTR:
            cfg.basemap_attribution = optarg;
            break;
        case O_TILES:
            cfg.tiles = optarg;
            break;
        case O_MARKET_CLOCK:
            /* the venue stamps a trader's order and bid with its own clock; trusting the
             * request's date and time is for replaying a history (a test, a demo's past) */
            if (strcmp(optarg, "server") && strcmp(optarg, "requests"))
                return cli_usage_error("serve", "--market-clock is server or requests");
            cfg.market_clock_requests = !strcmp(optarg, "requests");
            break;
        case O_PUBLIC_URL:
            /* printed on opinions for readers to type: an http(s) address, nothing else */
            if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
                return cli_usage_error("serve", "--public-url is an http:// or https:// address");
            cfg.public_url = optarg;
            break;
        case O_HELP:
            printf(
                "usage: liangshan serve --store STORE.gpkg|postgresql://… [--data COUNTY_DIR]\n"
                "                      [--web UI_DIR] [--listen 127.0.0.1:8080] [--threads N]\n"
                "                      [--jobs DIR] [--session-hours 8] [--quiet] [--routes]\n"
                "                      [--checkpoints DIR --public-key PUB.pem [--tsa-ca CA.pem]]\n"
                "                      [--public-url https://… (printed on review opinions)]\n"
                "                      [--cors-origin https://portal… (a page that may call the "
                "API;\n"
                "                       repeatable)]\n"
                "                      [--basemap URL (XYZ template, {z} {x} {y} [{s}]; "
                "repeatable:\n"
                "                       base first, then annotation, e.g. 天地图 vec_w + cva_w)]\n"
                "                      [--basemap-subdomains 01234567] [--basemap-attribution T]\n"
                "                      [--tiles DIR (the county basemap's tile cache; default\n"
                "                       COUNTY_DIR/tiles, see liangshan basemap)]\n"
                "                      [--connections-per-address 64 (0: no limit)]\n"
                "                      [--queue N (uploads, logins, verifications waiting;\n"
                "                       default 64 per thread)]\n"
                "                      [--market-clock server|requests (a trader's order or bid\n"
                "                       is timed by the server, China Standard Time; requests:\n"
                "                       the date and time it names, to replay a history)]\n"
                "Serves the JSON API under /api/v1 (documented at /api/v1/openapi.json) and\n"
                "the web UI. Accounts: liangshan user add. SIGTERM stops it gracefully.\n");
            return 0;
        default:
            return cli_usage_error("serve", "unknown option (see liangshan serve --help)");
        }
    }
    if (!cfg.store)
        return cli_usage_error("serve", "--store is required");
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return cli_usage_error("serve", "cannot find this program's path");
    exe[n] = '\0';
    cfg.exe = exe;
    if (!cfg.web) {
        snprintf(webdef, sizeof webdef, "%s", exe);
        char *slash = strrchr(webdef, '/');
        snprintf(slash + 1, sizeof webdef - (size_t)(slash + 1 - webdef), "web");
        cfg.web = webdef;
    }
    if (!cfg.checkpoints != !cfg.public_key)
        return cli_usage_error("serve", "--checkpoints DIR and --public-key PUB.pem go together");
    if (cfg.tsa_ca && !cfg.checkpoints)
        return cli_usage_error("serve", "--tsa-ca checks the checkpoints' time-stamps: give "
                                        "--checkpoints DIR --public-key PUB.pem");
    cli_gdal_init();
    /* the server opens what its users send: nothing in a file may make it reach the network
     * (docs/security.md, "Uploads") */
    geo_untrusted_no_network();
    struct ls_err err = { 0 };
    struct srv_app app;
    if (srv_app_open(&cfg, &app, &err))
        return cli_fail(&err, 0);
    /* block the stop signals in every thread; this one waits for them */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct http_config hc = { .listen = cfg.listen,
                              .threads = app.n_workers,
                              .per_address_limit = per_address,
                              .max_queued = queue,
                              .routes = srv_routes,
                              .n_routes = srv_n_routes,
                              .fallback = srv_static,
                              .authorise = srv_authorise,
                              .app = &app,
                              .quiet = cfg.quiet,
                              .cors_origins = n_cors ? cors : NULL,
                              .img_sources = img_n ? img_sources : NULL };
    struct http_server *hs = NULL;
    unsigned port = 0;
    char why[256];
    if (http_server_start(&hc, &hs, &port, why, sizeof why)) {
        srv_app_close(&app);
        ls_err_set(&err, LS_EIO, cfg.listen, NULL, "--listen", "%s", why);
        return cli_fail(&err, 0);
    }
    char host[64];
    snprintf(host, sizeof host, "%s", cfg.listen);
    char *colon = strrchr(host, ':');
    if (colon)
        *colon = '\0';
    printf("liangshan serve: listening on http://%s:%u/ (%u threads, store %s)\n",
           host[0] ? host : "127.0.0.1", port, app.n_workers, cfg.store);
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    http_log("info", "msg=\"stopping on signal %d: finishing requests in flight\"", sig);
    http_server_stop(hs, 10000);
    srv_app_close(&app);
    http_log("info", "msg=stopped");
    return 0;
}
