/* cli/main — dispatches `liangshan <command>` through the command table. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "cli/cli.h"
#include "geo/untrusted.h"

static const struct cli_cmd commands[] = {
    { "demo", cmd_demo, "generate the synthetic demo county and print its summary", 0 },
    { "info", cmd_info, "describe a vector, raster or boundary-point coordinate file", 0 },
    { "area", cmd_area, "planar and ellipsoidal (survey) area of each polygon feature", 0 },
    { "coords", cmd_coords, "read a boundary-point coordinate file, convert, check areas", 0 },
    { "validate", cmd_validate, "report invalid geometries, optionally repair them", 0 },
    { "convert", cmd_convert, "convert vector files (Shapefile/GPKG/GeoJSON/FileGDB/VCT)", 0 },
    { "raster", cmd_raster, "raster engine: align, calc, zonal, slope, fill, flow routing", 0 },
    { "gep", cmd_gep, "GEP accounting: run an account, list methods", 1 },
    { "check", cmd_check, "three control lines: compliance check of a project footprint", 0 },
    { "rules", cmd_rules, "the use-control rule table: show, check", 1 },
    { "overlay", cmd_overlay, "batch overlay of every survey patch against the control layers", 0 },
    { "registry", cmd_registry, "natural-resource rights registry: init, import, register, show",
      1 },
    { "indicator", cmd_indicator,
      "resource-rights indicators: projects, acceptance, issue, transfer, retire, verify", 1 },
    { "market", cmd_market,
      "the trading venue: instruments, money, orders, the book, trades, settlement", 1 },
    { "value", cmd_value,
      "grading and valuation (分等定级估价): value an asset by a TD/T 1061 method, list methods",
      1 },
    { "bundle", cmd_bundle,
      "asset bundles (组合标的): check overlaps and floors, value, reconcile, record, approve", 1 },
    { "contract", cmd_contract,
      "paid-use contracts (有偿使用合同) and their conditions: sign, check against a survey, show",
      1 },
    { "plan", cmd_plan,
      "allocation plans (配置方案): reserve areas, allocation units checked against the control "
      "lines, versions, approval, tracking",
      1 },
    { "compensate", cmd_compensate,
      "ecological compensation (生态补偿): allocate a pool by factors, explain a change, "
      "settle horizontal agreements",
      1 },
    { "damage", cmd_damage,
      "natural-resource asset damage (自然资源资产损害): discover between survey years, open, "
      "advance, value, report",
      1 },
    { "ledger", cmd_ledger, "the hash-chained journal: verify, rebuild projections by replay", 1 },
    { "serve", cmd_serve, "the HTTP API and web UI over a store and a county folder", 0 },
    { "user", cmd_user, "accounts of the server: add, set, list", 1 },
    { "opinion", cmd_opinion, "saved review opinions: list, show, pdf, verify a code", 1 },
    { "basemap", cmd_basemap, "draw the county's own basemap tiles (terrain and land cover)", 0 },
};

static void usage(FILE *f)
{
    fprintf(f, "usage: liangshan <command> [options]\n\n"
               "Liangshan " LS_VERSION " - natural-resource ecological value system\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'liangshan <command> --help' describes a command. Every command takes --json.\n"
               "exit codes: 0 ok, 1 bad input, 2 internal error, 3 busy (store locked by another "
               "writer)\n");
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "liangshan %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see 'liangshan %s --help')\n", cmd);
    va_end(ap);
    return 1;
}

int cli_fail(const struct ls_err *err, int json)
{
    char buf[1200];
    /* the libraries name the field; the command line says how to get past a refusal */
    const char *hint = err->code == LS_EEXIST && strstr(err->msg, "refusing") ? " (use --force)"
                       : !strcmp(err->field, "crs") && strstr(err->msg, "no coordinate system")
                           ? " (--crs names it)"
                           : "";
    fprintf(stderr, "liangshan: error: %s%s\n", ls_err_format(err, buf, sizeof buf), hint);
    if (json) {
        json_t *e =
            json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", ls_err_name(err->code), "input", err->input,
                      "where", err->where, "field", err->field, "message", err->msg);
        cli_print_json(json_pack("{s:o}", "error", e));
    }
    return ls_err_exit_code(err->code);
}

void cli_print_json(json_t *v)
{
    json_dumpf(v, stdout, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    fputc('\n', stdout);
    json_decref(v);
}

static void CPL_STDCALL quiet_handler(CPLErr cls, CPLErrorNum no, const char *msg)
{
    (void)no;
    (void)msg;
    (void)cls; /* errors are reported through our own ls_err; GDAL's text is captured there */
}

void cli_gdal_init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    GDALAllRegister();
    CPLSetErrorHandler(quiet_handler);
    /* a GEP run started by the server reads what the server's users may have shaped */
    const char *nn = getenv("LIANGSHAN_NO_NETWORK");
    if (nn && *nn && strcmp(nn, "0"))
        geo_untrusted_no_network();
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("liangshan %s (GDAL %s)\n", LS_VERSION, GDALVersionInfo("RELEASE_NAME"));
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            cli_gdal_init();
            /* `liangshan C SUB … --help` answers with C's usage, which lists every
             * subcommand and its options, whatever SUB's own parser would make of it */
            char *help_argv[] = { argv[1], (char *)"--help", NULL };
            int asks_help = 0;
            for (int k = 2; k < argc && strcmp(argv[k], "--"); k++)
                asks_help |= !strcmp(argv[k], "--help") || !strcmp(argv[k], "-h");
            int rc = asks_help && commands[i].has_subcommands ? commands[i].run(2, help_argv)
                                                              : commands[i].run(argc - 1, argv + 1);
            GDALDestroy();
            return rc;
        }
    fprintf(stderr, "liangshan: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 1;
}
