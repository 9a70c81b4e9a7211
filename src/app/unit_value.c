/* app/unit_value — see unit_value.h. */
#include "app/unit_value.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The latest attribution in the folder: gep-YYYY-units.csv with the largest year. */
static int latest(const char *dir, char *name, size_t cap, int *year)
{
    *year = 0;
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        int y = 0;
        char tail[32];
        if (sscanf(e->d_name, "gep-%4d-units.cs%31s", &y, tail) == 2 && !strcmp(tail, "v") &&
            y > *year) {
            *year = y;
            snprintf(name, cap, "%s", e->d_name);
        }
    }
    closedir(d);
    return *year > 0;
}

/* Splits a line of the attribution (our own file: codes and numbers, no quoting) at commas. */
static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < max;) {
        f[n++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
}

/* The unit's row of the attribution: {"items": {…}, "statistics", "gep"}; NULL when absent.
 * Read line by line: the large county's file has 428,000 rows, one is wanted. */
static int gep_row(const char *path, const char *code, json_t **out, struct ls_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot read");
    char head[4096], line[4096], *hf[64], *rf[64];
    size_t nh = fgets(head, sizeof head, f) ? split(head, hf, 64) : 0;
    size_t len = strlen(code);
    while (nh > 1 && fgets(line, sizeof line, f)) {
        if (strncmp(line, code, len) || line[len] != ',')
            continue;
        size_t nr = split(line, rf, 64);
        json_t *items = json_object(), *o = json_object();
        for (size_t i = 1; i < nh && i < nr; i++) {
            double v = strtod(rf[i], NULL);
            json_object_set_new(!strcmp(hf[i], "statistics") || !strcmp(hf[i], "gep") ? o : items,
                                hf[i], json_real(v));
        }
        json_object_set_new(o, "items", items);
        *out = o;
        break;
    }
    fclose(f);
    return 0;
}

int app_unit_value(const struct app_unit_value_src *s, const char *code, int approved_only,
                   json_t **out, struct ls_err *err)
{
    *out = NULL;
    int exists = 0;
    json_t *vals = NULL, *bundles = NULL, *contracts = NULL, *gep = NULL;
    int rc = st_begin_read(s->st, err);
    if (!rc)
        rc = reg_unit_exists(s->reg, code, &exists, err);
    if (!rc && !exists)
        rc = ls_err_set(err, LS_ENOENT, NULL, code, "unit", "no unit %s is registered", code);
    if (!rc)
        rc = val_list(s->vr, code, NULL, approved_only, &vals, err);
    if (!rc)
        rc = bnd_of_unit(s->bn, code, &bundles, err);
    if (!rc)
        rc = con_of_unit(s->cn, code, &contracts, err);
    st_rollback(s->st);
    char name[256], path[1400];
    int year = 0;
    if (!rc && latest(s->data_dir, name, sizeof name, &year)) {
        snprintf(path, sizeof path, "%s/%s", s->data_dir, name);
        rc = gep_row(path, code, &gep, err);
        if (gep) {
            json_object_set_new(gep, "file", json_string(name));
            json_object_set_new(gep, "year", json_integer(year));
        }
    }
    if (!rc && approved_only) {
        /* the public reads the bundles a reviewer approved */
        json_t *kept = json_array();
        size_t i;
        json_t *b;
        json_array_foreach(bundles, i, b)
        {
            if (json_is_true(json_object_get(b, "approved")))
                json_array_append(kept, b);
        }
        json_decref(bundles);
        bundles = kept;
    }
    if (!rc)
        *out = json_pack(
            "{s:s, s:o, s:o, s:o, s:o}", "unit", code, "gep", gep ? gep : json_null(), "valuations",
            json_object_get(vals, "valuations") ? json_incref(json_object_get(vals, "valuations"))
                                                : json_array(),
            "bundles", bundles, "contracts", contracts);
    else {
        json_decref(gep);
        json_decref(bundles);
        json_decref(contracts);
    }
    json_decref(vals);
    return rc;
}
