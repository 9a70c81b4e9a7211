/* base/embedded — lookups in the compiled-in data tables. */
#include "base/embedded.h"

#include <string.h>

const struct ls_embedded *ls_embedded_find(const struct ls_embedded *table, const char *name)
{
    for (const struct ls_embedded *e = table; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}
