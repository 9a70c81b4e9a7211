/*
 * indicator/serial — serial numbers of resource-rights indicator units (markets.md §2.4):
 *
 *     LS-<account>-<adcode6>-<project>-<date>-<batch>-<start>-<end>
 *
 * e.g. LS-CRQ-331099-P2025007-20250630-1-1-6667. The account is the class table's code (CRQ
 * cropland quantity m², CRC capacity kg, CRP paddy m², SHL shoreline cm, RLW red-line scale
 * m², CCS sink kgCO2e); the date is the acceptance or vintage date (YYYYMMDD); units are
 * integers counted per batch from 1; a block is the inclusive range [start, end].
 *
 * A holding is a set of blocks. A partial transfer or retirement splits a block; both parts
 * keep the batch, and Σ(end − start + 1) is conserved (the invariant CADT's split broke,
 * markets.md §2.3).
 */
#ifndef LS_INDICATOR_SERIAL_H
#define LS_INDICATOR_SERIAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define IND_SERIAL_MAX  128
#define IND_PROJECT_MAX 33                       /* 1–32 characters, letters, digits and _ */
#define IND_UNITS_MAX   INT64_C(999999999999999) /* 15 digits: 10^15 kgCO2e is ample */

struct ind_block {
    char account[4];               /* CRQ … */
    char adcode[7];                /* the county (GB/T 2260) */
    char project[IND_PROJECT_MAX]; /* the source project's number */
    char date[9];                  /* YYYYMMDD */
    long batch;                    /* ≥ 1 */
    int64_t start, end;            /* 1 ≤ start ≤ end ≤ IND_UNITS_MAX */
};

/* The serial of b into out; LS_EINVAL naming the field that cannot be written. */
int ind_serial_format(const struct ind_block *b, char *out, size_t size, struct ls_err *err);

/* Parses a serial; LS_EINVAL naming the part at fault (account, adcode, project, date,
 * batch, start, end) and the input. */
int ind_serial_parse(const char *s, struct ind_block *b, struct ls_err *err);

/* end − start + 1 */
int64_t ind_block_units(const struct ind_block *b);

/*
 * Cuts [from, to] out of b (it must lie inside): *cut is that range; *before and *after the
 * parts of b on either side, each present when its flag is set. LS_EINVAL naming "from" or
 * "to" when the range is not inside b.
 */
int ind_block_cut(const struct ind_block *b, int64_t from, int64_t to, struct ind_block *before,
                  int *has_before, struct ind_block *cut, struct ind_block *after, int *has_after,
                  struct ls_err *err);

/* The first n units of b as *taken, b keeping the rest (*emptied when none is left).
 * LS_EINVAL naming "quantity" when n is not 1..units. */
int ind_block_take(struct ind_block *b, int64_t n, struct ind_block *taken, int *emptied,
                   struct ls_err *err);

#endif
