/*
 * cli/cmd_opinion — `liangshan opinion list|show|pdf|verify`: the review opinions saved in a
 * store (app/opinion; a reviewer saves one from the web UI or POST /api/v1/checks "save").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/opinion.h"
#include "base/fsutil.h"
#include "cli/cli.h"

static int usage(int code)
{
    printf(
        "usage: liangshan opinion list --store STORE [--json]\n"
        "       liangshan opinion show ID --store STORE [--json]\n"
        "       liangshan opinion pdf ID --store STORE --out OPINION.pdf [--force]\n"
        "                             [--public-url https://…]  (where readers verify the code)\n"
        "       liangshan opinion verify CODE --store STORE [--json]\n"
        "Review opinions (审查意见书) kept in the ledger: the list, one opinion, its PDF,\n"
        "and what a verification code printed on a paper opinion resolves to.\n");
    return code;
}

static void print_text(const char *op, json_t *j)
{
    if (!strcmp(op, "list")) {
        size_t i;
        json_t *o;
        json_array_foreach(json_object_get(j, "opinions"), i, o)
        {
            json_t *p = json_object_get(o, "project");
            printf("%6lld  %s  %s  %-20s %s  %s\n",
                   (long long)json_integer_value(json_object_get(o, "id")),
                   json_string_value(json_object_get(o, "date")),
                   json_string_value(json_object_get(o, "code")),
                   json_string_value(json_object_get(p, "number")),
                   json_string_value(json_object_get(o, "verdict_zh")),
                   json_string_value(json_object_get(p, "name")));
        }
    } else if (!strcmp(op, "verify")) {
        printf("ledger event %lld (%s), %s, by %s: %s\n",
               (long long)json_integer_value(json_object_get(j, "seq")),
               json_string_value(json_object_get(j, "type")),
               json_string_value(json_object_get(j, "recorded")),
               json_string_value(json_object_get(j, "actor")),
               json_is_true(json_object_get(j, "hash_ok")) ? "its fields hash to its hash"
                                                           : "ALTERED: its fields do not hash "
                                                             "to its hash");
        json_t *o = json_object_get(j, "opinion");
        if (o)
            printf("review opinion: %s %s — %s\n",
                   json_string_value(json_object_get(json_object_get(o, "project"), "number")),
                   json_string_value(json_object_get(json_object_get(o, "project"), "name")),
                   json_string_value(json_object_get(o, "verdict_zh")));
    } else {
        json_t *p = json_object_get(j, "project"), *c = json_object_get(j, "check");
        printf("opinion %lld (code %s) of %s, reviewer %s\n  project %s %s\n  verdict %s\n",
               (long long)json_integer_value(json_object_get(j, "id")),
               json_string_value(json_object_get(j, "code")),
               json_string_value(json_object_get(j, "date")),
               json_string_value(json_object_get(j, "reviewer")),
               json_string_value(json_object_get(p, "number")),
               json_string_value(json_object_get(p, "name")),
               json_string_value(json_object_get(c, "verdict_zh")));
    }
}

int cmd_opinion(int argc, char **argv)
{
    const char *op = argc > 1 ? argv[1] : "", *store = getenv("LIANGSHAN_STORE"), *out = NULL,
               *what = NULL, *url = NULL;
    int json = 0, force = 0;
    if (!strcmp(op, "--help") || !strcmp(op, "-h"))
        return usage(0);
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--store") && i + 1 < argc)
            store = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--public-url") && i + 1 < argc)
            url = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--force"))
            force = 1;
        else if (argv[i][0] != '-' && !what)
            what = argv[i];
        else
            return cli_usage_error("opinion", "unknown argument %s", argv[i]);
    }
    int list = !strcmp(op, "list"), show = !strcmp(op, "show"), pdf = !strcmp(op, "pdf"),
        verify = !strcmp(op, "verify");
    if (!list && !show && !pdf && !verify)
        return usage(1);
    if (!store)
        return cli_usage_error("opinion", "--store is required");
    if (!list && !what)
        return cli_usage_error("opinion", verify ? "give the code" : "give the opinion's id");
    if (pdf && !out)
        return cli_usage_error("opinion", "--out OPINION.pdf is required");
    long long id = 0;
    if (show || pdf) {
        char *end = NULL;
        id = strtoll(what, &end, 10);
        if (*end || id <= 0)
            return cli_usage_error("opinion", "an opinion's id is a positive number, not %s", what);
    }
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    json_t *j = NULL;
    int rc = st_open(store, NULL, &st, &err);
    if (!rc && list)
        rc = app_opinion_list(st, &j, &err);
    else if (!rc && verify)
        rc = app_opinion_verify(st, what, &j, &err);
    else if (!rc)
        rc = app_opinion_get(st, id, &j, &err);
    st_close(st);
    if (!rc && pdf) {
        char *bytes = NULL;
        size_t n = 0;
        /* printed as the server prints it: the UI's verification page for this code */
        char page[1100] = "";
        if (url)
            snprintf(page, sizeof page, "%s/#/verify/%s", url,
                     json_string_value(json_object_get(j, "code")));
        rc = app_opinion_pdf(j, url ? page : NULL, &bytes, &n, &err);
        if (!rc)
            rc = ls_write_file(out, bytes, n, force, "--out", &err);
        free(bytes);
        json_decref(j);
        j = rc ? NULL : json_pack("{s:s,s:I}", "pdf", out, "bytes", (json_int_t)n);
    }
    if (rc)
        return cli_fail(&err, json);
    if (json) {
        cli_print_json(j);
        return 0;
    }
    if (pdf)
        printf("%s: %lld bytes\n", out, (long long)json_integer_value(json_object_get(j, "bytes")));
    else
        print_text(op, j);
    json_decref(j);
    return 0;
}
