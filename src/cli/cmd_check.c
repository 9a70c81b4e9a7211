/*
 * cli/cmd_check — `liangshan check --category C FOOTPRINT` (the three-control-lines compliance
 * check of a footprint) and `liangshan rules show|check` (the use-control rule table).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "app/check.h"
#include "cli/cli.h"
#include "geo/vwrite.h"
#include "zoning/check.h"
#include "zoning/overlay.h"

#define DEFAULT_RULES "cn-national-2024"

static int rules_cmd(int argc, char **argv)
{
    const char *table = DEFAULT_RULES, *op = argc > 1 ? argv[1] : "";
    int json = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            table = argv[++i];
        else
            return cli_usage_error("rules", "unknown argument %s", argv[i]);
    }
    if (strcmp(op, "show") != 0 && strcmp(op, "check") != 0) {
        printf("usage: liangshan rules show|check [--rules TABLE.json] [--json]\n"
               "  show   the zones, categories and every decision with its legal basis\n"
               "  check  gaps (a zone x category without a rule) and contradictions\n"
               "The built-in table is %s (national rules of spatial.md).\n",
               DEFAULT_RULES);
        return argc < 2 || strcmp(op, "--help") ? 1 : 0;
    }
    struct zn_rules r;
    struct ls_err err = { 0 };
    if (zn_rules_load(table, &r, &err))
        return cli_fail(&err, json);
    int rc = 0;
    if (!strcmp(op, "check")) {
        size_t n = 0;
        json_t *p = zn_rules_check(&r, &n);
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "rules", json_string(r.id));
            json_object_set_new(o, "problems", p);
            cli_print_json(o);
        } else {
            printf("%s (%s): %zu zones × %zu categories, %zu rules, %zu problems\n", r.id, r.origin,
                   r.n_zones, r.n_categories, r.n_rules, n);
            size_t i;
            json_t *x;
            json_array_foreach(p, i, x)
            {
                printf("  %s: %s × %s\n", json_string_value(json_object_get(x, "problem")),
                       json_string_value(json_object_get(x, "zone")),
                       json_string_value(json_object_get(x, "category")));
            }
            json_decref(p);
        }
        rc = n ? 1 : 0;
    } else if (json) {
        json_t *o = json_object(), *rs = json_array();
        json_object_set_new(o, "rules", json_string(r.id));
        json_object_set_new(o, "version", json_string(r.version));
        for (size_t i = 0; i < r.n_rules; i++) {
            const struct zn_rule *ru = &r.rules[i];
            json_t *j = json_object();
            json_object_set_new(j, "zone", json_string(r.zones[ru->zone].id));
            json_object_set_new(j, "category", json_string(r.categories[ru->category].id));
            json_object_set_new(j, "decision", json_string(zn_decision_id(ru->decision)));
            json_object_set_new(j, "rule", json_string(ru->ref));
            json_object_set_new(j, "basis", json_string(ru->basis));
            if (ru->approval[0])
                json_object_set_new(j, "approval", json_string(ru->approval));
            if (ru->conditions[0])
                json_object_set_new(j, "conditions", json_string(ru->conditions));
            json_array_append_new(rs, j);
        }
        json_object_set_new(o, "decisions", rs);
        cli_print_json(o);
    } else {
        printf("%s %s — %s\n", r.id, r.version, r.name);
        for (size_t z = 0; z < r.n_zones; z++) {
            printf("\n%s %s (layer %s)\n", r.zones[z].id, r.zones[z].zh, r.zones[z].layer);
            for (size_t c = 0; c < r.n_categories; c++) {
                const struct zn_rule *ru = zn_rule_find(&r, (int)z, (int)c);
                printf("  %-24s %-10s %s\n", r.categories[c].id,
                       ru ? zn_decision_zh(ru->decision) : "(无规则)",
                       ru ? (ru->approval[0] ? ru->approval : ru->conditions) : "");
            }
        }
    }
    zn_rules_free(&r);
    return rc;
}

int cmd_rules(int argc, char **argv)
{
    return rules_cmd(argc, argv);
}

static void print_text(const struct zn_rules *r, const struct zn_check_result *res, json_t *j,
                       const char *note)
{
    printf("%s — %s: %s (%s)\n", res->label, r->categories[res->category].zh,
           zn_decision_zh(res->verdict), zn_decision_id(res->verdict));
    if (note[0])
        printf("  note: %s\n", note);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(j, "overlaps"), i, x)
    {
        json_t *len = json_object_get(x, "length_m");
        if (len)
            printf("  %-24s %12.2f m%s\n", json_string_value(json_object_get(x, "zone")),
                   json_number_value(len),
                   json_is_true(json_object_get(x, "counts")) ? "" : " (sliver)");
        else
            printf("  %-24s %12.2f m² %10.4f ha %10.3f 亩%s\n",
                   json_string_value(json_object_get(x, "zone")),
                   json_number_value(json_object_get(x, "ellipsoidal_area_m2")),
                   json_number_value(json_object_get(x, "ha")),
                   json_number_value(json_object_get(x, "mu")),
                   json_is_true(json_object_get(x, "counts")) ? "" : " (sliver)");
    }
    json_array_foreach(json_object_get(j, "land_classes"), i, x)
    {
        const char *zh = json_string_value(json_object_get(x, "zh"));
        printf("  land class %-6s %-14s %12.2f m² (net of field ridges %.2f m²)\n",
               json_string_value(json_object_get(x, "code")), zh ? zh : "(not in the scheme)",
               json_number_value(json_object_get(x, "ellipsoidal_area_m2")),
               json_number_value(json_object_get(x, "net_area_m2")));
    }
    json_array_foreach(json_object_get(j, "reasons"), i, x)
    {
        printf("  reason: %s — %s\n", json_string_value(json_object_get(x, "decision")),
               json_string_value(json_object_get(x, "basis")));
        if (json_object_get(x, "approval"))
            printf("          approval: %s\n", json_string_value(json_object_get(x, "approval")));
        if (json_object_get(x, "conditions"))
            printf("          conditions: %s\n",
                   json_string_value(json_object_get(x, "conditions")));
    }
    json_array_foreach(json_object_get(j, "obligations"), i, x)
    {
        printf("  obligation: %s\n", json_string_value(json_object_get(x, "zh")));
    }
}

/* --validate-layers: the overlaps between the three lines, as JSON or a line each. */
static void print_layer_overlaps(const char *data, json_t *ov, int json)
{
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "data", json_string(data));
        json_object_set_new(o, "overlaps", ov);
        cli_print_json(o);
        return;
    }
    printf("%s: %zu overlaps between basic farmland, the red line and the urban boundary\n", data,
           json_array_size(ov));
    size_t i;
    json_t *x;
    json_array_foreach(ov, i, x)
    {
        json_t *ly = json_object_get(x, "layers"), *fe = json_object_get(x, "features");
        printf("  %s %s × %s %s: %.2f m² at (%.2f, %.2f)\n",
               json_string_value(json_array_get(ly, 0)), json_string_value(json_array_get(fe, 0)),
               json_string_value(json_array_get(ly, 1)), json_string_value(json_array_get(fe, 1)),
               json_number_value(json_object_get(x, "area_m2")),
               json_number_value(json_object_get(x, "x")),
               json_number_value(json_object_get(x, "y")));
    }
    json_decref(ov);
}

/* The parcels of a several-parcel project, then the project, as text. */
static void print_result(const struct app_checker *c, const struct app_check_result *res, json_t *j)
{
    json_t *parcels = json_object_get(j, "parcels");
    for (size_t i = 0; i < json_array_size(parcels); i++)
        print_text(c->rules, &res->parcels[i].res, json_array_get(parcels, i),
                   res->parcels[i].note);
    if (res->has_project)
        printf("project of %zu parcels (their union, overlaps between them counted once):\n",
               res->n);
    print_text(c->rules, &app_check_total(res)->res, j, app_check_total(res)->note);
}

int cmd_check(int argc, char **argv)
{
    enum {
        O_CATEGORY = 256,
        O_RULES,
        O_DATA,
        O_LAYER,
        O_CRS,
        O_WKT,
        O_JSON,
        O_OUT,
        O_VALIDATE,
        O_FORCE,
        O_REPAIR,
        O_SCHEME,
        O_HELP
    };
    static const struct option opts[] = { { "category", required_argument, NULL, O_CATEGORY },
                                          { "rules", required_argument, NULL, O_RULES },
                                          { "data", required_argument, NULL, O_DATA },
                                          { "layer", required_argument, NULL, O_LAYER },
                                          { "crs", required_argument, NULL, O_CRS },
                                          { "wkt", required_argument, NULL, O_WKT },
                                          { "json", no_argument, NULL, O_JSON },
                                          { "out", required_argument, NULL, O_OUT },
                                          { "validate-layers", no_argument, NULL, O_VALIDATE },
                                          { "force", no_argument, NULL, O_FORCE },
                                          { "repair", no_argument, NULL, O_REPAIR },
                                          { "scheme", required_argument, NULL, O_SCHEME },
                                          { "help", no_argument, NULL, O_HELP },
                                          { NULL, 0, NULL, 0 } };
    const char *category = NULL, *table = DEFAULT_RULES, *data = "county.gpkg", *layer = NULL,
               *crs = NULL, *wkt = NULL, *out = NULL;
    int json = 0, validate = 0, force = 0, repair = 0, scheme = ZN_SCHEME_SURVEY, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_CATEGORY:
            category = optarg;
            break;
        case O_RULES:
            table = optarg;
            break;
        case O_DATA:
            data = optarg;
            break;
        case O_LAYER:
            layer = optarg;
            break;
        case O_CRS:
            crs = optarg;
            break;
        case O_WKT:
            wkt = optarg;
            break;
        case O_JSON:
            json = 1;
            break;
        case O_OUT:
            out = optarg;
            break;
        case O_VALIDATE:
            validate = 1;
            break;
        case O_FORCE:
            force = 1;
            break;
        case O_REPAIR:
            repair = 1;
            break;
        case O_SCHEME:
            if ((scheme = zn_scheme_parse(optarg)) < 0)
                return cli_usage_error("check", "--scheme is survey or planning");
            break;
        case O_HELP:
            printf("usage: liangshan check --category C (FOOTPRINT | --wkt WKT) [--data "
                   "county.gpkg]\n"
                   "                      [--rules TABLE] [--layer L] [--crs CRS] [--json]\n"
                   "                      [--out PIECES.gpkg [--force]] [--repair]\n"
                   "                      [--scheme survey|planning]   (land-class codes of the "
                   "patches)\n"
                   "       liangshan check --validate-layers [--data county.gpkg] [--json]\n"
                   "Checks a project footprint (polygon file, coordinate file, or WKT polygon "
                   "or line)\nagainst the three control lines: overlaps, land classes, verdict "
                   "with reasons and\nlegal basis, obligations. `liangshan rules show` lists "
                   "the categories.\n");
            return 0;
        default:
            return cli_usage_error("check", "unknown option (see liangshan check --help)");
        }
    }
    if (!validate && !category)
        return cli_usage_error("check", "--category is required (liangshan rules show)");
    if (!validate && (optind < argc) == (wkt != NULL))
        return cli_usage_error("check", "give one footprint: a FILE or --wkt");
    cli_gdal_init();
    struct ls_err err = { 0 };
    struct zn_rules r;
    struct zn_data d;
    if (app_rules_open(table, &r, &err))
        return cli_fail(&err, json);
    int cat = validate ? 0 : zn_category_find(&r, category);
    if (cat < 0) {
        ls_err_set(&err, LS_EINVAL, category, NULL, "--category",
                   "the rule table %s has no such category (liangshan rules show)", r.id);
        zn_rules_free(&r);
        return cli_fail(&err, json);
    }
    if (zn_data_open(data, &r, &d, &err)) {
        zn_rules_free(&r);
        return cli_fail(&err, json);
    }
    d.scheme = (enum zn_scheme)scheme;
    /* the control layers are validated on load: the three lines must not overlap */
    json_t *layer_overlaps = zn_data_overlaps(&d, r.sliver_m2);
    if (validate) {
        print_layer_overlaps(data, layer_overlaps, json);
        zn_data_free(&d);
        zn_rules_free(&r);
        return 0;
    }
    if (json_array_size(layer_overlaps) && !json)
        fprintf(stderr,
                "liangshan check: warning: %zu overlaps between basic farmland, the red line and "
                "the urban boundary in %s (liangshan check --validate-layers lists them)\n",
                json_array_size(layer_overlaps), data);
    struct geo_area_ctx *area = NULL;
    int rc = geo_area_ctx_new(&d.crs, &area, &err);
    struct geo_vwriter *pw = NULL;
    if (!rc && out) {
        struct geo_vwriter_opts wo = { .overwrite = force };
        static const char *const fields[] = { "footprint", "zone", "layer", "decision", "rule" };
        rc = geo_vwriter_open(out, &wo, &pw, &err);
        if (!rc)
            rc = geo_vwriter_layer(pw, "overlap", &d.crs, wkbMultiPolygon, &err);
        for (int k = 0; !rc && k < 5; k++)
            rc = geo_vwriter_field(pw, fields[k], OFTString, 0, &err);
        if (!rc)
            rc = geo_vwriter_field(pw, "area_m2", OFTReal, 0, &err);
        if (!rc)
            rc = geo_vwriter_field(pw, "length_m", OFTReal, 0, &err);
    }
    struct geo_crs given;
    if (!rc && crs && !(rc = geo_crs_parse(crs, &given, &err)) && !given.epsg)
        rc = ls_err_set(&err, LS_EUNSUPP, crs, NULL, "--crs",
                        "give the footprint's CRS as an EPSG code");
    struct app_checker checker = { &r, &d, area, NULL };
    struct app_check_request q = {
        .src = { .path = wkt ? NULL : argv[optind],
                 .wkt = wkt,
                 .layer = layer,
                 .label = "wkt",
                 .epsg = crs && !rc ? given.epsg : 0 },
        .category = cat,
        .repair = repair,
    };
    struct app_check_result res;
    json_t *j = NULL;
    if (!rc && !(rc = app_check_run(&checker, &q, &res, &err))) {
        j = app_check_json(&checker, &res);
        if (json_array_size(layer_overlaps))
            json_object_set(j, "layer_overlaps", layer_overlaps);
        if (!json)
            print_result(&checker, &res, j);
        /* the pieces of each parcel, labelled by parcel */
        for (size_t i = 0; pw && !rc && i < res.n; i++)
            rc = zn_check_write_pieces(pw, &r, &res.parcels[i].res, &err);
        app_check_result_free(&res);
    }
    if (pw && !rc)
        rc = geo_vwriter_commit(pw, &err);
    else if (pw)
        geo_vwriter_abort(pw);
    geo_area_ctx_free(area);
    json_decref(layer_overlaps);
    zn_data_free(&d);
    zn_rules_free(&r);
    if (rc) {
        json_decref(j);
        int code = cli_fail(&err, json);
        if (!strcmp(err.field, "geometry") && strstr(err.msg, "not a valid geometry"))
            fprintf(stderr, "liangshan check: --repair makes it valid (GEOS MakeValid)\n");
        return code;
    }
    if (json)
        cli_print_json(j);
    else
        json_decref(j);
    return 0;
}

/* `liangshan overlay`: every survey patch against the control layers, streamed. */
int cmd_overlay(int argc, char **argv)
{
    const char *data = "county.gpkg", *csvp = NULL, *out = NULL, *table = DEFAULT_RULES,
               *layer = NULL;
    int json = 0, force = 0, scheme = ZN_SCHEME_SURVEY;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--scheme") && i + 1 < argc) {
            if ((scheme = zn_scheme_parse(argv[++i])) < 0)
                return cli_usage_error("overlay", "--scheme is survey or planning");
        } else if (!strcmp(argv[i], "--force"))
            force = 1;
        else if (!strcmp(argv[i], "--data") && i + 1 < argc)
            data = argv[++i];
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
            csvp = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            table = argv[++i];
        else if (!strcmp(argv[i], "--layer") && i + 1 < argc)
            layer = argv[++i];
        else if (!strcmp(argv[i], "--help")) {
            printf("usage: liangshan overlay [--data county.gpkg] [--layer landuse_patch] "
                   "[--scheme survey|planning]\n"
                   "                        [--csv TABLE.csv] [--out PIECES.gpkg [--force]] "
                   "[--json]\n"
                   "Every land-survey patch against the core zones, the red line, basic "
                   "farmland and\nthe urban boundary: pieces with planar and ellipsoidal "
                   "areas; construction land\ninside the red line or on basic farmland "
                   "flagged as suspected violations.\n");
            return 0;
        } else
            return cli_usage_error("overlay", "unknown argument %s", argv[i]);
    }
    cli_gdal_init();
    struct ls_err err = { 0 };
    struct zn_rules r;
    struct zn_data d;
    if (zn_rules_load(table, &r, &err))
        return cli_fail(&err, json);
    if (zn_data_open_layers(data, &r, zn_overlay_layers, &d, &err)) {
        zn_rules_free(&r);
        return cli_fail(&err, json);
    }
    d.scheme = (enum zn_scheme)scheme;
    int rc = 0;
    if (csvp && !force) {
        FILE *t = fopen(csvp, "r");
        if (t) {
            fclose(t);
            rc = ls_err_set(&err, LS_EEXIST, csvp, NULL, "--csv",
                            "already exists; refusing to overwrite it");
        }
    }
    char csvtmp[1100] = "";
    FILE *csv = NULL;
    if (!rc && csvp) {
        snprintf(csvtmp, sizeof csvtmp, "%s.tmp", csvp);
        if (!(csv = fopen(csvtmp, "w")))
            rc = ls_err_set(&err, LS_EIO, csvtmp, NULL, "--csv", "cannot create");
    }
    struct geo_vwriter *w = NULL;
    if (!rc && out) {
        struct geo_vwriter_opts wo = { .overwrite = force };
        rc = geo_vwriter_open(out, &wo, &w, &err);
        if (!rc)
            rc = zn_overlay_layer(w, &d.crs, &err);
    }
    struct zn_overlay_stats st = { 0 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!rc)
        rc = zn_overlay(&d, data, layer, r.sliver_m2, csv, w, &st, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (csv) {
        int bad = ferror(csv);
        if (fclose(csv) || bad)
            rc = rc ? rc : ls_err_set(&err, LS_EIO, csvtmp, NULL, "--csv", "write error");
        if (!rc && rename(csvtmp, csvp) != 0)
            rc = ls_err_set(&err, LS_EIO, csvp, NULL, "--csv", "cannot rename into place");
        if (rc)
            remove(csvtmp);
    }
    if (w && !rc)
        rc = geo_vwriter_commit(w, &err);
    else if (w)
        geo_vwriter_abort(w);
    zn_data_free(&d);
    zn_rules_free(&r);
    if (rc)
        return cli_fail(&err, json);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "patches", json_integer(st.patches));
        json_object_set_new(o, "pieces", json_integer(st.pieces));
        json_object_set_new(o, "suspected", json_integer(st.suspected));
        json_object_set_new(o, "suspected_area_m2", json_real(st.suspected_m2));
        cli_print_json(o);
    } else {
        printf("%ld patches, %ld pieces, %ld suspected violations (%.2f m²) in %.2f s "
               "(%.0f patches/s)\n",
               st.patches, st.pieces, st.suspected, st.suspected_m2, secs,
               secs > 0 ? (double)st.patches / secs : 0);
    }
    return 0;
}
