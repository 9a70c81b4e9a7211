/* venue/parties — parties as the small integers the books compare (self-trade prevention,
 * ownership): an open-addressing table from the party id to its number, numbers given in the
 * order parties are first seen. The numbers live in memory only: nothing stored depends on
 * them. */
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

struct vn_parties {
    char **name; /* by slot */
    uint32_t *num;
    size_t cap, n;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int grow(struct vn_parties *p)
{
    size_t cap = p->cap ? p->cap * 2 : 64;
    char **name = calloc(cap, sizeof *name);
    uint32_t *num = calloc(cap, sizeof *num);
    if (!name || !num) {
        free(name);
        free(num);
        return -LS_ENOMEM;
    }
    for (size_t i = 0; i < p->cap; i++)
        if (p->name[i]) {
            size_t k = hash(p->name[i]) & (cap - 1);
            while (name[k])
                k = (k + 1) & (cap - 1);
            name[k] = p->name[i];
            num[k] = p->num[i];
        }
    free(p->name);
    free(p->num);
    p->name = name;
    p->num = num;
    p->cap = cap;
    return 0;
}

int vn_party_id(struct vn_parties **pp, const char *party, uint32_t *id)
{
    if (!*pp && !(*pp = calloc(1, sizeof **pp)))
        return -LS_ENOMEM;
    struct vn_parties *p = *pp;
    if ((p->n + 1) * 2 > p->cap && grow(p))
        return -LS_ENOMEM;
    size_t k = hash(party) & (p->cap - 1);
    while (p->name[k] && strcmp(p->name[k], party))
        k = (k + 1) & (p->cap - 1);
    if (!p->name[k]) {
        if (!(p->name[k] = strdup(party)))
            return -LS_ENOMEM;
        p->num[k] = (uint32_t)++p->n;
    }
    *id = p->num[k];
    return 0;
}

void vn_parties_free(struct vn_parties *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->cap; i++)
        free(p->name[i]);
    free(p->name);
    free(p->num);
    free(p);
}
