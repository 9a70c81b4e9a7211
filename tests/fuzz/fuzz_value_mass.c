/* Fuzz target: a county's mass-appraisal parameters (JSON bytes → val_mass_open, then the rate
 * of one basis of every kind; libFuzzer; replayed in `make test`). Any bytes must give rates
 * or a refusal naming the field, never crash; a rate is a finite number or NaN with its reason
 * kept in the reports. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "valuation/valuation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct val_scheme *s;
    struct ls_err err = { 0 };
    if (!s && val_scheme_load("cn-2021", &s, &err))
        abort();
    if (size > 65536)
        return 0;
    json_t *params = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!params)
        return 0;
    struct val_mass *m = NULL;
    int rc = val_mass_open(s, params, "2024-12-31", &m, &err);
    if (rc && (!err.msg[0] || m))
        abort();
    static const char *const rights[] = { "construction_land_use", "contracted_land", "forest_use",
                                          "sea_area_use", "grassland_use" };
    struct val_mass_basis b = { .grade = 2,
                                .bench = { 2300, 1950, 450, 900 },
                                .dlbm = "0201",
                                .gddb = 0,
                                .species = "pine",
                                .age_class = "middle",
                                .age = 12,
                                .volume = 50,
                                .sea_class = 4 };
    for (size_t i = 0; !rc && i < sizeof rights / sizeof *rights; i++) {
        b.right_type = rights[i];
        enum val_mass_kind k = val_mass_kind_of(m, rights[i]);
        double rate = 0;
        size_t at = 0;
        (void)val_mass_layer(m, k);
        if (k == VAL_MASS_NONE)
            continue;
        if (val_mass_rate(m, k, &b, &rate, &at, &err) ||
            at >= json_array_size(val_mass_reports(m)) || isinf(rate))
            abort();
        const json_t *r = json_array_get(val_mass_reports(m), at);
        if (isnan(rate) != json_is_string(json_object_get(r, "refused")))
            abort();
        b.gddb = 10; /* the second kind of farmland basis next time round */
    }
    val_mass_free(m);
    json_decref(params);
    return 0;
}
