/* cli/registry_cli — what cmd_registry.c shares with registry_export.c. */
#ifndef LS_CLI_REGISTRY_CLI_H
#define LS_CLI_REGISTRY_CLI_H

#include "registry/registry.h"

/* Opens the store named on the command line and the registry over it. */
int registry_open(const char *store, struct ls_store **st, struct reg **r, struct ls_err *err);

/* `registry export OUT.gpkg [--as-of D] [--overwrite]`. */
int registry_export_cmd(int argc, char **argv, const char *store, int json);

#endif
