/* bundle/allocate — the bundle's value back to its components in proportion to their own
 * values (the contribution principle, compensation.md §4.7 step 4), in whole fen that sum to
 * the whole; and the lowest price at which every share meets its floor (step 5). */
#include <stdlib.h>

#include "bundle/internal.h"

/* fen × fen overflows 64 bits for bundles above ¥30 million; gcc and clang have 128 */
__extension__ typedef __int128 wide;

void bnd_allocate(int64_t total, const int64_t *weights, int n, int64_t *parts)
{
    wide sum = 0;
    for (int i = 0; i < n; i++)
        sum += weights[i];
    if (n <= 0 || sum <= 0) {
        for (int i = 0; i < n; i++)
            parts[i] = 0;
        return;
    }
    /* exact integer shares: floor(total·w/Σw), then the fen left over one each to the largest
     * remainders, ties to the earlier component (a stable order, so the same bundle always
     * splits the same way) */
    wide rem[BND_MAX_COMPONENTS];
    int64_t given = 0;
    int sign = total < 0 ? -1 : 1;
    wide mag = (wide)total * sign;
    for (int i = 0; i < n; i++) {
        wide p = mag * weights[i];
        parts[i] = (int64_t)(p / sum);
        rem[i] = p % sum;
        given += parts[i];
    }
    for (int64_t left = (int64_t)(mag - given); left > 0; left--) {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (rem[i] > rem[best])
                best = i;
        parts[best]++;
        rem[best] = -1;
    }
    for (int i = 0; i < n; i++)
        parts[i] *= sign;
}

int64_t bnd_floor_price(const int64_t *weights, const int64_t *floors, int n)
{
    wide sum = 0;
    for (int i = 0; i < n; i++)
        sum += weights[i];
    wide best = 0;
    for (int i = 0; i < n; i++) {
        if (floors[i] <= 0 || weights[i] <= 0)
            continue;
        wide need = ((wide)floors[i] * sum + weights[i] - 1) / weights[i];
        if (need > best)
            best = need;
    }
    /* prices are listed in whole yuan: up to the next 100 fen */
    best = (best + 99) / 100 * 100;
    return (int64_t)best;
}
