/* cli/demo_store — DIR/store.gpkg, the demo county's register and ledger. */
#ifndef LS_CLI_DEMO_STORE_H
#define LS_CLI_DEMO_STORE_H

#include "base/err.h"
#include "ledger/ledger.h"

struct demo_store_summary {
    long parties, units, rights, history;
    long long events;
    char head[LG_HASH_HEX];
};

int demo_build_store(const char *dir, struct demo_store_summary *out, struct ls_err *err);

#endif
