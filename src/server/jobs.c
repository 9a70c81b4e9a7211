/*
 * server/jobs — long runs as job resources. A GEP run (POST /api/v1/gep/runs) starts
 * `liangshan gep run` as a child process, so a failing or crashing run never takes the
 * server down and its output folder appears whole or not at all (the command writes to a
 * temporary folder and renames it). The child reports each committed raster strip on a
 * pipe ("strips DONE TOTAL"); the job shows its pass and fraction. When it succeeds the
 * run is recorded in the ledger ("gep.run", actor the user, payload the account file and
 * the SHA-256 of account.json). Jobs live in the server's memory; their results stay in the
 * jobs folder. On shutdown a running child is sent SIGTERM and waited for.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/fsutil.h"
#include "base/hash.h"
#include "ledger/ledger.h"
#include "server/app.h"

extern char **environ;

#define SRV_MAX_RUNNING_JOBS 2

struct srv_job {
    struct srv_job *next;
    struct srv_app *app;
    char id[32];
    char account[128];
    char user[64];
    char state[16]; /* queued, running, succeeded, failed */
    char error[512];
    char created[32], finished[32];
    long pass, done, total;
    long long ledger_seq;
    pid_t pid;
    int pipe_fd;
    pthread_t thread;
    int joined;
};

static void now_utc(char *buf, size_t cap)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *job_json(const struct srv_job *j)
{
    double frac = j->total ? (double)j->done / (double)j->total : 0;
    json_t *o =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:{s:I,s:I,s:I,s:f}}", "id", j->id, "kind", "gep.run",
                  "account", j->account, "user", j->user, "state", j->state, "created", j->created,
                  "progress", "pass", (json_int_t)j->pass, "strips_done", (json_int_t)j->done,
                  "strips_total", (json_int_t)j->total, "fraction", frac);
    if (j->finished[0])
        json_object_set_new(o, "finished", json_string(j->finished));
    if (j->error[0])
        json_object_set_new(o, "error", json_string(j->error));
    if (!strcmp(j->state, "succeeded")) {
        char url[96];
        snprintf(url, sizeof url, "/api/v1/gep/accounts/%s", j->id);
        json_object_set_new(o, "result", json_string(url));
        json_object_set_new(o, "ledger_seq", json_integer(j->ledger_seq));
    }
    return o;
}

/* The last "error:" line the child wrote to its log. */
static void read_error(const char *log, char *out, size_t cap)
{
    FILE *f = fopen(log, "r");
    char line[1024];
    snprintf(out, cap, "the run failed (see %s)", log);
    while (f && fgets(line, sizeof line, f)) {
        char *e = strstr(line, "error: ");
        if (e) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(out, cap, "%s", e + 7);
        }
    }
    if (f)
        fclose(f);
}

static int record_run(struct srv_job *j, const char *dir, struct ls_err *err)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/account.json", dir);
    FILE *f = fopen(p, "rb");
    if (!f)
        return ls_err_set(err, LS_EIO, p, NULL, NULL, "cannot read the run's account");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    char chunk[65536];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got > cap) {
            cap = (n + got) * 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                break;
            buf = nb;
        }
        memcpy(buf + n, chunk, got);
        n += got;
    }
    fclose(f);
    char sha[LS_SHA256_HEX];
    ls_sha256_hex(buf ? buf : "", n, sha);
    free(buf);
    json_t *pl = json_pack("{s:s,s:s,s:s}", "account_file", j->account, "result", j->id,
                           "account_sha256", sha);
    char *payload = json_dumps(pl, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(pl);
    struct lg_event ev = { 0 };
    snprintf(ev.actor, sizeof ev.actor, "%s", j->user);
    snprintf(ev.type, sizeof ev.type, "gep.run");
    snprintf(ev.subject, sizeof ev.subject, "gep:%s", j->id);
    snprintf(ev.reason, sizeof ev.reason, "GEP account run from %s", j->account);
    snprintf(ev.effective, sizeof ev.effective, "%.10s", j->finished);
    ev.payload = payload;
    struct srv_worker *wk = srv_worker_take(j->app);
    int rc = payload ? st_begin_write(wk->st, err) : -LS_ENOMEM;
    if (!rc)
        rc = lg_append(wk->st, &ev, err);
    if (!rc)
        rc = st_commit(wk->st, err);
    else
        st_rollback(wk->st);
    srv_worker_give(j->app, wk);
    free(payload);
    if (!rc)
        j->ledger_seq = ev.seq;
    return rc;
}

static void *job_main(void *arg)
{
    struct srv_job *j = arg;
    struct srv_app *app = j->app;
    FILE *f = fdopen(j->pipe_fd, "r");
    char line[128];
    long last_total = -1;
    while (f && fgets(line, sizeof line, f)) {
        long d, t;
        if (sscanf(line, "strips %ld %ld", &d, &t) == 2) {
            pthread_mutex_lock(&app->jobs_mu);
            if (d == 1 || t != last_total)
                j->pass++;
            last_total = t;
            j->done = d;
            j->total = t;
            pthread_mutex_unlock(&app->jobs_mu);
        }
    }
    if (f)
        fclose(f);
    int status = 0;
    while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
        ;
    char dir[1100], log[1100];
    snprintf(dir, sizeof dir, "%s/%s", app->jobs_dir, j->id);
    snprintf(log, sizeof log, "%s/%s.log", app->jobs_dir, j->id);
    char finished[32];
    now_utc(finished, sizeof finished);
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
        /* a run stopped by a signal leaves its temporary folder (gep run renames it into
         * place only on success) */
        char tmp[1200];
        snprintf(tmp, sizeof tmp, "%s.tmp-%ld", dir, (long)j->pid);
        ls_remove_tree(tmp);
    }
    char error[512] = "";
    pthread_mutex_lock(&app->jobs_mu);
    snprintf(j->finished, sizeof j->finished, "%s", finished);
    pthread_mutex_unlock(&app->jobs_mu);
    struct ls_err err = { 0 };
    if (!ok)
        read_error(log, error, sizeof error);
    else if (record_run(j, dir, &err))
        snprintf(error, sizeof error, "the run finished but was not recorded: %s", err.msg);
    pthread_mutex_lock(&app->jobs_mu);
    snprintf(j->state, sizeof j->state, "%s", error[0] ? "failed" : "succeeded");
    snprintf(j->error, sizeof j->error, "%s", error);
    pthread_mutex_unlock(&app->jobs_mu);
    char user[200];
    http_log(error[0] ? "warn" : "info", "msg=job id=%s state=%s user=\"%s\"", j->id, j->state,
             http_log_value(j->user, user, sizeof user));
    return NULL;
}

void api_gep_run(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    static const char *const allowed[] = { "account", NULL };
    json_t *o = srv_body_object(r, w);
    if (!o || srv_only_fields(o, allowed, w)) {
        json_decref(o);
        return;
    }
    const char *acc = json_string_value(json_object_get(o, "account"));
    char path[1200];
    struct stat sb;
    size_t len = acc ? strlen(acc) : 0;
    if (!acc || len < 6 || len > 100 || strchr(acc, '/') || acc[0] == '.' ||
        strcmp(acc + len - 5, ".json") != 0 || !app->cfg.data) {
        http_resp_error(w, 400, acc ? "invalid_input" : "missing_field", "account",
                        "\"account\" names an account file of the county folder, such as "
                        "\"gep-account.json\"");
        json_decref(o);
        return;
    }
    snprintf(path, sizeof path, "%s/%s", app->cfg.data, acc);
    if (stat(path, &sb) != 0) {
        http_resp_error(w, 404, "not_found", "account", "no account file \"%s\"", acc);
        json_decref(o);
        return;
    }
    struct srv_job *j = calloc(1, sizeof *j);
    if (!j) {
        json_decref(o);
        http_resp_error(w, 500, "internal", NULL, "out of memory");
        return;
    }
    j->app = app;
    snprintf(j->account, sizeof j->account, "%s", acc);
    snprintf(j->user, sizeof j->user, "%s", r->user.username);
    snprintf(j->state, sizeof j->state, "running");
    now_utc(j->created, sizeof j->created);
    json_decref(o);
    char out[1100], log[1100];
    pthread_mutex_lock(&app->jobs_mu);
    /* a GEP run takes the machine's cores and gigabytes for minutes: a few at once, and a
     * request beyond that is told to come back rather than queued without bound. Counted
     * under the lock the new job is listed under, so two requests cannot both take the
     * last place. */
    int running = 0;
    for (struct srv_job *k = app->jobs; k; k = k->next)
        running += !strcmp(k->state, "running");
    if (running >= SRV_MAX_RUNNING_JOBS) {
        pthread_mutex_unlock(&app->jobs_mu);
        free(j);
        w->retry_after = 60;
        http_resp_error(w, 429, "too_many_requests", NULL,
                        "%d GEP runs are in progress, the most this server runs at once: retry "
                        "when one has finished",
                        running);
        return;
    }
    /* the next number whose folder and log are both free (earlier servers' runs stay) */
    do {
        snprintf(j->id, sizeof j->id, "run-%ld", ++app->next_job);
        snprintf(out, sizeof out, "%s/%s", app->jobs_dir, j->id);
        snprintf(log, sizeof log, "%s/%s.log", app->jobs_dir, j->id);
    } while (stat(out, &sb) == 0 || stat(log, &sb) == 0);
    int fds[2] = { -1, -1 };
    int rc = pipe(fds);
    /* close-on-exec: no other child inherits the pipe; dup2 onto fd 3 clears the flag for
     * this child's copy */
    for (int k = 0; !rc && k < 2; k++)
        fcntl(fds[k], F_SETFD, FD_CLOEXEC);
    /* the child gets default signals: the server blocks SIGTERM in its threads and ignores
     * SIGPIPE, and a spawned process would inherit both */
    posix_spawnattr_t sa;
    posix_spawnattr_init(&sa);
    sigset_t none, pipe_only;
    sigemptyset(&none);
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    posix_spawnattr_setsigmask(&sa, &none);
    posix_spawnattr_setsigdefault(&sa, &pipe_only);
    posix_spawnattr_setflags(&sa, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (!rc) {
        posix_spawn_file_actions_adddup2(&fa, fds[1], 3);
    }
    /* posix_spawn takes char *const argv[]: the words live in writable arrays */
    char a_gep[] = "gep", a_run[] = "run", a_out[] = "--out", a_thr[] = "--threads", a_one[] = "1",
         a_prog[] = "--progress-fd", a_fd[] = "3";
    char *argv[] = {
        (char *)app->cfg.exe, a_gep, a_run, path, a_out, out, a_thr, a_one, a_prog, a_fd, NULL
    };
    if (!rc)
        rc = posix_spawn(&j->pid, app->cfg.exe, &fa, &sa, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&sa);
    if (fds[1] >= 0)
        close(fds[1]);
    j->pipe_fd = fds[0];
    if (!rc && pthread_create(&j->thread, NULL, job_main, j) != 0) {
        kill(j->pid, SIGTERM);
        waitpid(j->pid, NULL, 0);
        rc = -1;
    }
    if (rc) {
        pthread_mutex_unlock(&app->jobs_mu);
        if (fds[0] >= 0)
            close(fds[0]);
        free(j);
        http_resp_error(w, 500, "internal", NULL, "cannot start the run");
        return;
    }
    j->next = app->jobs;
    app->jobs = j;
    json_t *body = job_json(j);
    pthread_mutex_unlock(&app->jobs_mu);
    snprintf(w->location, sizeof w->location, "/api/v1/jobs/%s", j->id);
    http_resp_json(w, 202, body);
}

void api_jobs_list(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    json_t *a = json_array();
    pthread_mutex_lock(&app->jobs_mu);
    for (struct srv_job *j = app->jobs; j; j = j->next)
        json_array_append_new(a, job_json(j));
    pthread_mutex_unlock(&app->jobs_mu);
    http_resp_json(w, 200, json_pack("{s:o}", "jobs", a));
}

void api_job(struct http_req *r, struct http_resp *w)
{
    struct srv_app *app = r->app;
    json_t *o = NULL;
    pthread_mutex_lock(&app->jobs_mu);
    for (struct srv_job *j = app->jobs; j && !o; j = j->next)
        if (!strcmp(j->id, r->params[0]))
            o = job_json(j);
    pthread_mutex_unlock(&app->jobs_mu);
    if (o)
        http_resp_json(w, 200, o);
    else
        http_resp_error(w, 404, "not_found", "id", "no job \"%s\"", r->params[0]);
}

void srv_jobs_free(struct srv_app *app)
{
    struct srv_job *j = app->jobs;
    while (j) {
        struct srv_job *next = j->next;
        pthread_mutex_lock(&app->jobs_mu);
        int running = !strcmp(j->state, "running");
        pthread_mutex_unlock(&app->jobs_mu);
        if (running)
            kill(j->pid, SIGTERM);
        pthread_join(j->thread, NULL);
        free(j);
        j = next;
    }
    app->jobs = NULL;
}
