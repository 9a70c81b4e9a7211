/*
 * valuation — 分等定级估价 grading and valuation of natural-resource assets. The five
 * technical paths of TD/T 1061-2021 are method families (comparison, income, stripping,
 * cost, published price) and each method is one formula file: urban land after GB/T 18508
 * (income capitalisation in every form, market comparison with the A·B·C·D·E and term
 * corrections, residual, cost approach, benchmark-price coefficient correction), farmland
 * grading after GB/T 28407 (index → national grade → quality-equivalent coefficient), forest
 * stands by age class and forest land after LY/T 2407, the sea-area fee (海域使用金) and
 * mining rights (DCF at the published rates, income share).
 *
 * A valuation is a request (JSON: method, date, inputs, and optionally the quantity valued
 * and the legal floor to meet) run against a scheme: versioned data (data/valuation/, built
 * in, or a file of the province's own) holding the rules the methods apply — the comparables'
 * validity window, the method for each forest age class, the grade bands, quality-equivalent
 * tables, discount rates, the sea-area fee table. The report carries every input, each step
 * with its formula and value, the result per unit and in total, the floor check, the scheme's
 * id, version and SHA-256 and the SHA-256 of the request: the same request and scheme give
 * the same bytes. A request missing a factor its method needs, a comparable outside the
 * window, a discount rate not above the growth rate, an unknown class or use, is refused
 * naming the rule and the field.
 *
 * Recorded valuations (the register): val_submit runs a request whose subject, when it names a
 * registry unit, must be registered, and appends one `valuation.report` ledger event carrying
 * the whole report, projected into val_report, in the caller's write transaction; the same
 * valuation id twice is refused (rule valuation.exists) and writes nothing. val_project
 * replays the event for `ledger rebuild`; val_list answers "as of" a date.
 *
 * Ownership: val_scheme_load returns a scheme the caller frees with val_scheme_free;
 * val_register_open borrows the store and the registry (closed after val_register_close);
 * every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_VALUATION_H
#define LS_VALUATION_H

#include <jansson.h>

#include "base/embedded.h"
#include "base/err.h"
#include "ledger/ledger.h"
#include "registry/registry.h"
#include "store/store.h"

struct val_scheme;

/* A built-in scheme by id ("cn-2021") or a JSON file by path. */
int val_scheme_load(const char *name_or_path, struct val_scheme **out, struct ls_err *err);
void val_scheme_free(struct val_scheme *s);
/* Ids of the built-in schemes, NULL-terminated (static storage). */
const char *const *val_scheme_builtin_ids(void);
/* {"id", "version", "standard", "sha256", "origin"} of a scheme. */
json_t *val_scheme_json(const struct val_scheme *s);

/* The methods: [{"id", "family", "zh", "en", "standard", "basis"}] in a stable order. */
json_t *val_methods_json(void);

/* Runs one valuation request (named `input` in errors) and returns its report. */
int val_run(const struct val_scheme *s, const json_t *request, const char *input, json_t **report,
            struct ls_err *err);

/* Writes report.json, report.html and report.xlsx into the folder dir, all or nothing; an
 * existing dir is refused unless overwrite. */
int val_report_write(const json_t *report, const char *dir, int overwrite, struct ls_err *err);

struct val_register;

int val_register_open(struct ls_store *st, struct reg *r, struct val_register **out,
                      struct ls_err *err);
void val_register_close(struct val_register *vr);

struct val_submit_opts {
    const char *actor;    /* who records it */
    const char *recorded; /* UTC recording time, NULL: now */
};

/* Runs the request (it must carry a "valuation" id) and records its report; *report (may be
 * NULL) gets it with "seq". */
int val_submit(struct val_register *vr, const struct val_scheme *s, const json_t *request,
               const struct val_submit_opts *o, const char *input, long long *seq, json_t **report,
               struct ls_err *err);
/* A reviewer's approval of a recorded valuation, on date: refused for an unknown valuation
 * (valuation.unknown), one approved already (valuation.approved) or by its own recorder
 * (valuation.same_person: four eyes). Appends one valuation.approve event. */
int val_approve(struct val_register *vr, const char *id, const char *date,
                const struct val_submit_opts *o, const char *input, long long *seq,
                struct ls_err *err);
/* Applies one valuation.* ledger event to the projection. */
int val_project(struct val_register *vr, const struct lg_event *ev, struct ls_err *err);

#define VAL_PROJECTION_TABLES 1
extern const char *const val_projection_tables[VAL_PROJECTION_TABLES];
extern const char *const val_projection_keys[VAL_PROJECTION_TABLES];

/* One recorded valuation: its report with "seq", "actor" and "approved" ({seq, by, date} or
 * null); LS_ENOENT when none, or when approved_only and it is not approved. */
int val_get(struct val_register *vr, const char *id, int approved_only, json_t **out,
            struct ls_err *err);
/* {"valuations": [a summary per report]} of one unit (unit NULL: all), valued on or before
 * as_of (NULL: every date), approved ones only when approved_only, by date then id. */
int val_list(struct val_register *vr, const char *unit, const char *as_of, int approved_only,
             json_t **out, struct ls_err *err);

/*
 * Every unit by its default method (mass.c; docs/valuation.md): the county's mass-appraisal
 * parameters (JSON, borrowed and kept) name the right types each kind values and its inputs;
 * val_mass_rate gives the rate in yuan/m² of a unit's basis — the method run once per distinct
 * basis and its report kept (val_mass_reports), the later ones looked up. A basis the method
 * refuses gets a NaN rate and its reason in the reports; *basis is its position there.
 */
enum val_mass_kind {
    VAL_MASS_NONE = 0,
    VAL_MASS_CONSTRUCTION, /* benchmark price of the land grade zone, the survey class's use */
    VAL_MASS_FARMLAND,     /* the cropland grade (GDDB) through the farmland grading method */
    VAL_MASS_FOREST,       /* the stand by its age class (LY/T 2407-2015) */
    VAL_MASS_SEA,          /* the sea-area fee of the class and use */
    VAL_MASS_FOREST_LAND   /* the land under a forest right, valued apart from its trees */
};
struct val_mass_basis {
    const char *right_type;          /* the unit's use right */
    int grade;                       /* construction: the land grade, 0 outside every zone */
    double bench[4];                 /* … its benchmark prices: commercial, residential,
                                      * industrial, public (yuan/m²) */
    char dlbm[8];                    /* … the survey land class where it lies */
    int gddb;                        /* farmland: the cropland grade, 0 none */
    char species[24], age_class[16]; /* forest: the stand's, "" when no stand */
    int age;
    double volume; /* m³/ha */
    int sea_class; /* sea: 0 outside every class zone */
};
struct val_mass;
int val_mass_open(const struct val_scheme *s, json_t *defaults, const char *date,
                  struct val_mass **out, struct ls_err *err);
void val_mass_free(struct val_mass *m);
/* The kind that values a right type, VAL_MASS_NONE when the parameters name none. */
enum val_mass_kind val_mass_kind_of(const struct val_mass *m, const char *right_type);
/* The base dataset's layer a kind looks its basis up in (NULL: none). */
const char *val_mass_layer(const struct val_mass *m, enum val_mass_kind k);
int val_mass_rate(struct val_mass *m, enum val_mass_kind k, const struct val_mass_basis *b,
                  double *rate, size_t *basis, struct ls_err *err);
/* [{key, kind, request, rate_yuan_m2, report | refused}], in the order first met. */
const json_t *val_mass_reports(const struct val_mass *m);

/* The built-in schemes (generated from data/valuation/ by scripts/embed.sh). */
extern const struct ls_embedded valuation_builtin_schemes[];

#endif
