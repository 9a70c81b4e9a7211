/* cli/cmd_user — `liangshan user add|set|list`: the server's accounts (app/auth). */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "cli/cli.h"

/* A password from a file ("-": standard input), first line, without its newline. */
static int read_password(const char *path, char *out, size_t cap)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f)
        return -1;
    int ok = fgets(out, (int)cap, f) != NULL;
    if (f != stdin)
        fclose(f);
    out[strcspn(out, "\r\n")] = '\0';
    return ok ? 0 : -1;
}

int cmd_user(int argc, char **argv)
{
    const char *op = argc > 1 ? argv[1] : "", *store = NULL, *role = NULL, *display = NULL,
               *pwfile = NULL, *actor = "cli", *name = NULL, *party = NULL;
    int json = 0, disabled = -1;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--store") && i + 1 < argc)
            store = argv[++i];
        else if (!strcmp(argv[i], "--role") && i + 1 < argc)
            role = argv[++i];
        else if (!strcmp(argv[i], "--display") && i + 1 < argc)
            display = argv[++i];
        else if (!strcmp(argv[i], "--party") && i + 1 < argc)
            party = argv[++i];
        else if (!strcmp(argv[i], "--password-file") && i + 1 < argc)
            pwfile = argv[++i];
        else if (!strcmp(argv[i], "--actor") && i + 1 < argc)
            actor = argv[++i];
        else if (!strcmp(argv[i], "--disable") || !strcmp(argv[i], "--enable"))
            disabled = !strcmp(argv[i], "--disable");
        else if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (argv[i][0] != '-' && !name)
            name = argv[i];
        else
            return cli_usage_error("user", "unknown argument %s", argv[i]);
    }
    int add = !strcmp(op, "add"), set = !strcmp(op, "set"), list = !strcmp(op, "list");
    if (!add && !set && !list) {
        printf("usage: liangshan user add NAME --role ROLE --password-file FILE|- [--display D] "
               "[--party P]\n"
               "       liangshan user set NAME [--role ROLE] [--password-file FILE|-] "
               "[--display D] [--party P] [--disable|--enable]\n"
               "   --party: the registry party a trader acts for (its indicator account)\n"
               "       liangshan user list\n"
               "   all take --store STORE (and --actor WHO, recorded in the ledger)\n"
               "roles: administrator registrar accountant reviewer centre trader auditor public\n");
        return strcmp(op, "--help") ? 1 : 0;
    }
    if (!store)
        return cli_usage_error("user", "--store is required");
    if (!list && !name)
        return cli_usage_error("user", "name the user");
    char pw[512] = "";
    if (pwfile && read_password(pwfile, pw, sizeof pw))
        return cli_usage_error("user", "cannot read a password from %s", pwfile);
    struct ls_err err = { 0 };
    struct ls_store *st = NULL;
    int rc = st_open(store, NULL, &st, &err);
    json_t *users = NULL;
    if (!rc && list)
        rc = app_auth_user_list(st, &users, &err);
    else if (!rc) {
        struct app_user_change c = { display, party, role, pwfile ? pw : NULL, disabled };
        rc = app_auth_user_put(st, actor, name, &c, set, &err);
    }
    st_close(st);
    memset(pw, 0, sizeof pw);
    if (rc)
        return cli_fail(&err, json);
    if (list && json) {
        cli_print_json(users);
    } else if (list) {
        size_t i;
        json_t *u;
        json_array_foreach(users, i, u)
        {
            printf("%-20s %-14s %s%s\n", json_string_value(json_object_get(u, "username")),
                   json_string_value(json_object_get(u, "role")),
                   json_string_value(json_object_get(u, "display")),
                   json_is_true(json_object_get(u, "disabled")) ? " (disabled)" : "");
        }
        json_decref(users);
    } else {
        printf("user %s %s\n", name, add ? "added" : "updated");
    }
    return 0;
}
