/*
 * server/static — the web UI's files. Only regular files under the web folder are served:
 * a path with a segment starting with "." (so "..", ".git") is refused, and the resolved
 * path must still lie under the folder (symlinks out are refused). A path without an
 * extension is a page of the single-page app and gets index.html. Each file has a weak ETag
 * of its size and modification time (a reload asks "changed?" and gets 304), and a client
 * that takes gzip gets the file's precompressed twin FILE.gz when scripts/web.sh wrote one.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/app.h"
#include "server/encode.h"

static const char *type_of(const char *path)
{
    static const struct {
        const char *ext, *type;
    } t[] = {
        { ".html", "text/html; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" },
        { ".json", "application/json; charset=utf-8" },
        { ".png", "image/png" },
        { ".svg", "image/svg+xml" },
        { ".ico", "image/x-icon" },
        { ".txt", "text/plain; charset=utf-8" },
        { ".woff2", "font/woff2" },
        { ".map", "application/json" },
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof t / sizeof *t; i++)
        if (!strcmp(dot, t[i].ext))
            return t[i].type;
    return "application/octet-stream";
}

/* The precompressed twin of a text file, when the client takes gzip and the twin is not
 * older than the file: it replaces w's descriptor. */
static void twin(const struct http_req *r, struct http_resp *w, const char *real,
                 const struct stat *sb)
{
    if (strncmp(w->content_type, "text/", 5) && strncmp(w->content_type, "application/json", 16))
        return;
    w->vary_encoding = 1;
    char gz[PATH_MAX + 4];
    snprintf(gz, sizeof gz, "%s.gz", real);
    struct stat zb;
    int fd;
    if (!enc_accepts_gzip(http_header(r, "Accept-Encoding")) ||
        (fd = open(gz, O_RDONLY | O_CLOEXEC)) < 0)
        return;
    if (fstat(fd, &zb) != 0 || !S_ISREG(zb.st_mode) || zb.st_mtim.tv_sec < sb->st_mtim.tv_sec) {
        close(fd);
        return;
    }
    close(w->fd);
    w->fd = fd;
    w->fd_size = zb.st_size;
    w->content_encoding = "gzip";
}

void srv_static(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
        http_resp_error(w, 405, "method_not_allowed", NULL, "%s is not allowed on %s", r->method,
                        r->path);
        return;
    }
    const char *p = r->path;
    if (!app->cfg.web || p[0] != '/' || strstr(p, "/.") || strchr(p, '\\')) {
        http_resp_error(w, 404, "not_found", NULL, "no such file: %s", p);
        return;
    }
    const char *last = strrchr(p, '/');
    int page = !strchr(last, '.'); /* "/", "/map", "/registry": the app's pages */
    char root[PATH_MAX], want[PATH_MAX + 64], real[PATH_MAX];
    if (!realpath(app->cfg.web, root)) {
        http_resp_error(w, 404, "not_found", NULL, "the web UI is not installed");
        return;
    }
    snprintf(want, sizeof want, "%s%s", root, page ? "/index.html" : p);
    size_t rl = strlen(root);
    int fd = -1;
    struct stat sb;
    if (realpath(want, real) && !strncmp(real, root, rl) && real[rl] == '/' &&
        (fd = open(real, O_RDONLY | O_CLOEXEC)) >= 0 && fstat(fd, &sb) == 0 &&
        S_ISREG(sb.st_mode)) {
        w->status = 200;
        w->content_type = type_of(real);
        w->fd = fd;
        w->fd_size = sb.st_size;
        twin(r, w, real, &sb);
        snprintf(w->etag, sizeof w->etag, "W/\"%llx-%llx%s\"", (unsigned long long)sb.st_size,
                 (unsigned long long)sb.st_mtim.tv_sec * 1000000000ull +
                     (unsigned long long)sb.st_mtim.tv_nsec,
                 w->content_encoding ? "-gz" : "");
        return;
    }
    if (fd >= 0)
        close(fd);
    http_resp_error(w, 404, "not_found", NULL, "no such file: %s", p);
}
