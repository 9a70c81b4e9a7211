/*
 * cli — `liangshan <command>`: a git-style command table (main.c) and one file per command.
 * Exit codes: 0 ok, 1 bad input (the message names file, feature or line, and field),
 * 2 internal error. Every command prints text by default and the same result as JSON with
 * --json; errors go to stderr, and with --json also as {"error": {...}} on stdout.
 */
#ifndef LS_CLI_H
#define LS_CLI_H

#include <jansson.h>

#include "base/err.h"

struct cli_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    int has_subcommands; /* `C SUB --help` is answered by `C --help` */
};

int cmd_demo(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_area(int argc, char **argv);
int cmd_coords(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_raster(int argc, char **argv);
int cmd_gep(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_overlay(int argc, char **argv);
int cmd_registry(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_indicator(int argc, char **argv);
int cmd_market(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_opinion(int argc, char **argv);
int cmd_basemap(int argc, char **argv);
int cmd_value(int argc, char **argv);
int cmd_value_units(int argc, char **argv); /* `value units`, from cmd_value */
int cmd_bundle(int argc, char **argv);
int cmd_contract(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_compensate(int argc, char **argv);
int cmd_damage(int argc, char **argv);

/* Prints err (text to stderr; JSON to stdout too when json) and returns the exit code. */
int cli_fail(const struct ls_err *err, int json);

/* Prints a usage error for a command and returns exit code 1. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Dumps a JSON value to stdout (sorted keys, 2-space indent) and releases it. */
void cli_print_json(json_t *v);

/* Sets up GDAL (registration, quiet error output) once per process. */
void cli_gdal_init(void);

#endif
