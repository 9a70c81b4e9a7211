/* raster/expr — recursive-descent compiler to postfix code; chunked stack evaluator. */
#include "raster/expr.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK     256
#define MAX_DEPTH 64
#define MAX_CODE  4096

enum op {
    OP_VAR,
    OP_CONST,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_MOD,
    OP_POW,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_EQ,
    OP_NE,
    OP_AND,
    OP_OR,
    OP_NOT,
    OP_NEG,
    OP_F1,
    OP_F2,
    OP_WHERE,
    OP_ISNAN
};

struct instr {
    enum op op;
    int var;
    double value;
    double (*f1)(double);
    double (*f2)(double, double);
};

struct rs_expr {
    struct instr code[MAX_CODE];
    int n, depth;
};

struct parser {
    const char *text, *p;
    struct rs_expr *e;
    int sp;
    unsigned vars;
    struct ls_err *err;
    int rc;
};

static int fail(struct parser *ps, const char *what)
{
    if (!ps->rc) {
        char where[96];
        snprintf(where, sizeof where, "character %ld", (long)(ps->p - ps->text) + 1);
        ps->rc = ls_err_set(ps->err, LS_EINVAL, "expression", where, NULL, "%s in \"%s\"", what,
                            ps->text);
    }
    return ps->rc;
}

/* Emits an instruction; `pops` operands are consumed and one result pushed. */
static void emit(struct parser *ps, struct instr in, int pops)
{
    if (ps->rc)
        return;
    if (ps->e->n >= MAX_CODE) {
        fail(ps, "expression too long");
        return;
    }
    ps->e->code[ps->e->n++] = in;
    ps->sp += 1 - pops;
    if (ps->sp > ps->e->depth)
        ps->e->depth = ps->sp;
    if (ps->e->depth > MAX_DEPTH)
        fail(ps, "expression nested too deeply");
}

static void skip(struct parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

static int accept(struct parser *ps, const char *tok)
{
    skip(ps);
    size_t n = strlen(tok);
    if (strncmp(ps->p, tok, n) == 0) {
        ps->p += n;
        return 1;
    }
    return 0;
}

static void parse_or(struct parser *ps);

static double f_round(double x)
{
    return round(x);
}

static const struct {
    const char *name;
    double (*f1)(double);
    double (*f2)(double, double);
} funcs[] = {
    { "abs", fabs, NULL },    { "sqrt", sqrt, NULL },   { "exp", exp, NULL },
    { "log10", log10, NULL }, { "log", log, NULL },     { "sin", sin, NULL },
    { "cos", cos, NULL },     { "tan", tan, NULL },     { "asin", asin, NULL },
    { "acos", acos, NULL },   { "atan2", NULL, atan2 }, { "atan", atan, NULL },
    { "floor", floor, NULL }, { "ceil", ceil, NULL },   { "round", f_round, NULL },
    { "min", NULL, fmin },    { "max", NULL, fmax },    { "pow", NULL, pow },
};

static int parse_args(struct parser *ps, int want)
{
    if (!accept(ps, "("))
        return fail(ps, "expected '('");
    for (int i = 0; i < want; i++) {
        if (i && !accept(ps, ","))
            return fail(ps, "expected ','");
        parse_or(ps);
        if (ps->rc)
            return ps->rc;
    }
    if (!accept(ps, ")"))
        return fail(ps, "expected ')'");
    return 0;
}

static void parse_primary(struct parser *ps)
{
    skip(ps);
    const char *s = ps->p;
    if (*s == '(') {
        ps->p++;
        parse_or(ps);
        if (!accept(ps, ")"))
            fail(ps, "expected ')'");
        return;
    }
    if (isdigit((unsigned char)*s) || *s == '.') {
        char *end;
        double v = strtod(s, &end);
        if (end == s) {
            fail(ps, "bad number");
            return;
        }
        ps->p = end;
        emit(ps, (struct instr){ .op = OP_CONST, .value = v }, 0);
        return;
    }
    size_t n = 0;
    while (isalnum((unsigned char)s[n]) || s[n] == '_')
        n++;
    if (n == 0) {
        fail(ps, *s ? "unexpected character" : "unexpected end");
        return;
    }
    ps->p += n;
    if (n == 1 && isupper((unsigned char)*s)) {
        int k = *s - 'A';
        ps->vars |= 1u << k;
        emit(ps, (struct instr){ .op = OP_VAR, .var = k }, 0);
        return;
    }
    static const char *const posvars[] = { "x", "y", "col", "row" };
    for (int k = 0; k < 4; k++)
        if (strlen(posvars[k]) == n && strncmp(s, posvars[k], n) == 0) {
            ps->vars |= 1u << (RS_EXPR_X + k);
            emit(ps, (struct instr){ .op = OP_VAR, .var = RS_EXPR_X + k }, 0);
            return;
        }
    if (n == 6 && strncmp(s, "nodata", 6) == 0) {
        emit(ps, (struct instr){ .op = OP_CONST, .value = NAN }, 0);
        return;
    }
    if (n == 2 && strncmp(s, "pi", 2) == 0) {
        emit(ps, (struct instr){ .op = OP_CONST, .value = M_PI }, 0);
        return;
    }
    if (n == 5 && strncmp(s, "where", 5) == 0) {
        if (!parse_args(ps, 3))
            emit(ps, (struct instr){ .op = OP_WHERE }, 3);
        return;
    }
    if (n == 5 && strncmp(s, "isnan", 5) == 0) {
        if (!parse_args(ps, 1))
            emit(ps, (struct instr){ .op = OP_ISNAN }, 1);
        return;
    }
    for (size_t i = 0; i < sizeof funcs / sizeof *funcs; i++)
        if (strlen(funcs[i].name) == n && strncmp(s, funcs[i].name, n) == 0) {
            if (parse_args(ps, funcs[i].f1 ? 1 : 2))
                return;
            if (funcs[i].f1)
                emit(ps, (struct instr){ .op = OP_F1, .f1 = funcs[i].f1 }, 1);
            else
                emit(ps, (struct instr){ .op = OP_F2, .f2 = funcs[i].f2 }, 2);
            return;
        }
    ps->p = s;
    fail(ps, "unknown name (variables are the capital letters A-Z)");
}

static void parse_unary(struct parser *ps);

static void parse_power(struct parser *ps)
{
    parse_primary(ps);
    if (accept(ps, "^")) {
        parse_unary(ps); /* right-associative: 2^-1, 2^3^2 */
        emit(ps, (struct instr){ .op = OP_POW }, 2);
    }
}

static void parse_unary(struct parser *ps)
{
    if (accept(ps, "-")) {
        parse_unary(ps);
        emit(ps, (struct instr){ .op = OP_NEG }, 1);
    } else if (accept(ps, "+")) {
        parse_unary(ps);
    } else if (skip(ps), ps->p[0] == '!' && ps->p[1] != '=') {
        ps->p++;
        parse_unary(ps);
        emit(ps, (struct instr){ .op = OP_NOT }, 1);
    } else {
        parse_power(ps);
    }
}

static void parse_mul(struct parser *ps)
{
    parse_unary(ps);
    for (;;) {
        enum op op;
        if (accept(ps, "*"))
            op = OP_MUL;
        else if (accept(ps, "/"))
            op = OP_DIV;
        else if (accept(ps, "%"))
            op = OP_MOD;
        else
            return;
        parse_unary(ps);
        emit(ps, (struct instr){ .op = op }, 2);
    }
}

static void parse_add(struct parser *ps)
{
    parse_mul(ps);
    for (;;) {
        enum op op;
        if (accept(ps, "+"))
            op = OP_ADD;
        else if (accept(ps, "-"))
            op = OP_SUB;
        else
            return;
        parse_mul(ps);
        emit(ps, (struct instr){ .op = op }, 2);
    }
}

static void parse_cmp(struct parser *ps)
{
    parse_add(ps);
    for (;;) {
        enum op op;
        if (accept(ps, "<="))
            op = OP_LE;
        else if (accept(ps, ">="))
            op = OP_GE;
        else if (accept(ps, "=="))
            op = OP_EQ;
        else if (accept(ps, "!="))
            op = OP_NE;
        else if (accept(ps, "<"))
            op = OP_LT;
        else if (accept(ps, ">"))
            op = OP_GT;
        else
            return;
        parse_add(ps);
        emit(ps, (struct instr){ .op = op }, 2);
    }
}

static void parse_and(struct parser *ps)
{
    parse_cmp(ps);
    while (accept(ps, "&")) {
        accept(ps, "&");
        parse_cmp(ps);
        emit(ps, (struct instr){ .op = OP_AND }, 2);
    }
}

static void parse_or(struct parser *ps)
{
    if (ps->rc)
        return;
    parse_and(ps);
    while (accept(ps, "|")) {
        accept(ps, "|");
        parse_and(ps);
        emit(ps, (struct instr){ .op = OP_OR }, 2);
    }
}

int rs_expr_compile(const char *text, struct rs_expr **out, unsigned *vars_used, struct ls_err *err)
{
    *out = NULL;
    struct rs_expr *e = calloc(1, sizeof *e);
    if (!e)
        return ls_err_set(err, LS_ENOMEM, "expression", NULL, NULL, "out of memory");
    struct parser ps = { .text = text, .p = text, .e = e, .err = err };
    parse_or(&ps);
    skip(&ps);
    if (!ps.rc && *ps.p)
        fail(&ps, "unexpected text after the expression");
    if (ps.rc) {
        free(e);
        return ps.rc;
    }
    if (vars_used)
        *vars_used = ps.vars;
    *out = e;
    return 0;
}

void rs_expr_free(struct rs_expr *e)
{
    free(e);
}

#define NANOR(a, b, expr) (isnan(a) || isnan(b) ? NAN : (expr))

/* r = x op y over doubles a or Float32 fa (whichever is not NULL), and b or fb. */
#define ARITH(EXPR)                          \
    do {                                     \
        if (fa && fb)                        \
            for (size_t i = 0; i < n; i++) { \
                double x = fa[i], y = fb[i]; \
                r[i] = (EXPR);               \
            }                                \
        else if (fa)                         \
            for (size_t i = 0; i < n; i++) { \
                double x = fa[i], y = b[i];  \
                r[i] = (EXPR);               \
            }                                \
        else if (fb)                         \
            for (size_t i = 0; i < n; i++) { \
                double x = a[i], y = fb[i];  \
                r[i] = (EXPR);               \
            }                                \
        else                                 \
            for (size_t i = 0; i < n; i++) { \
                double x = a[i], y = b[i];   \
                r[i] = (EXPR);               \
            }                                \
    } while (0)

/* + - * / straight from Float32 variables, so a variable is not widened into a buffer first
 * (the widened value is the same: the arithmetic is in double either way). */
static void arith(enum op op, const double *a, const float *fa, const double *b, const float *fb,
                  double *r, size_t n)
{
    switch (op) {
    case OP_ADD:
        ARITH(x + y);
        break;
    case OP_SUB:
        ARITH(x - y);
        break;
    case OP_MUL:
        ARITH(x * y);
        break;
    default:
        ARITH(y == 0 ? NAN : x / y); /* x/0 is nodata, not infinity */
        break;
    }
}

static void widen(const float *f, double *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = f[i];
}

/*
 * Evaluates one chunk. The stack holds pointers: a variable is pushed as a pointer into its
 * array (no copy; pf for a Float32 one); every operator writes its result into the stack
 * slot's own buffer, and the last one into `final`. Returns where the result is.
 */
static const double *run_chunk(const struct rs_expr *e, const float *const vars32[26],
                               const double *const vars[RS_EXPR_NVAR], size_t off, size_t n,
                               double (*st)[CHUNK], double *final)
{
    const double *p[MAX_DEPTH + 1];
    const float *pf[MAX_DEPTH + 1] = { NULL };
    int sp = 0;
    for (int pc = 0; pc < e->n; pc++) {
        const struct instr *in = &e->code[pc];
        int last = pc == e->n - 1;
        switch (in->op) {
        case OP_VAR:
            pf[sp] = vars32 && in->var < 26 ? vars32[in->var] + off : NULL;
            p[sp] = pf[sp] ? NULL : vars[in->var] + off;
            sp++;
            continue;
        case OP_CONST:
            for (size_t i = 0; i < n; i++)
                st[sp][i] = in->value;
            p[sp] = st[sp];
            pf[sp] = NULL;
            sp++;
            continue;
        case OP_ADD:
        case OP_SUB:
        case OP_MUL:
        case OP_DIV: {
            double *r = last ? final : st[sp - 2];
            arith(in->op, p[sp - 2], pf[sp - 2], p[sp - 1], pf[sp - 1], r, n);
            p[sp - 2] = r;
            pf[sp - 2] = NULL;
            sp--;
            continue;
        }
        default:
            break;
        }
        /* every other operator reads doubles: widen its Float32 operands in their slots */
        int arity = in->op == OP_WHERE ? 3
                    : in->op == OP_NEG || in->op == OP_NOT || in->op == OP_ISNAN || in->op == OP_F1
                        ? 1
                        : 2;
        for (int k = sp - arity; k < sp; k++)
            if (pf[k]) {
                widen(pf[k], st[k], n);
                p[k] = st[k];
                pf[k] = NULL;
            }
        switch (in->op) {
        case OP_NEG:
        case OP_NOT:
        case OP_ISNAN:
        case OP_F1: {
            const double *x = p[sp - 1];
            double *r = last ? final : st[sp - 1];
            if (in->op == OP_NEG)
                for (size_t i = 0; i < n; i++)
                    r[i] = -x[i];
            else if (in->op == OP_NOT)
                for (size_t i = 0; i < n; i++)
                    r[i] = isnan(x[i]) ? NAN : x[i] == 0;
            else if (in->op == OP_ISNAN)
                for (size_t i = 0; i < n; i++)
                    r[i] = isnan(x[i]);
            else
                for (size_t i = 0; i < n; i++)
                    r[i] = in->f1(x[i]);
            p[sp - 1] = r;
            continue;
        }
        case OP_WHERE: {
            const double *c = p[sp - 3], *x = p[sp - 2], *y = p[sp - 1];
            double *r = last ? final : st[sp - 3];
            for (size_t i = 0; i < n; i++)
                r[i] = isnan(c[i]) ? NAN : c[i] != 0 ? x[i] : y[i];
            p[sp - 3] = r;
            sp -= 2;
            continue;
        }
        default:
            break;
        }
        /* binary: r = a op b into the slot of a */
        const double *a = p[sp - 2], *b = p[sp - 1];
        double *r = last ? final : st[sp - 2];
        switch (in->op) {
        case OP_MOD:
            for (size_t i = 0; i < n; i++)
                r[i] = b[i] == 0 ? NAN : fmod(a[i], b[i]);
            break;
        case OP_POW:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], pow(a[i], b[i]));
            break;
        case OP_F2:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], in->f2(a[i], b[i]));
            break;
        case OP_LT:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], a[i] < b[i]);
            break;
        case OP_LE:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], a[i] <= b[i]);
            break;
        case OP_GT:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], a[i] > b[i]);
            break;
        case OP_GE:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], a[i] >= b[i]);
            break;
        case OP_EQ:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], a[i] == b[i]);
            break;
        case OP_NE:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], a[i] != b[i]);
            break;
        case OP_AND:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], a[i] != 0 && b[i] != 0);
            break;
        case OP_OR:
            for (size_t i = 0; i < n; i++)
                r[i] = NANOR(a[i], b[i], a[i] != 0 || b[i] != 0);
            break;
        default:
            break;
        }
        p[sp - 2] = r;
        sp--;
    }
    if (pf[0]) { /* the expression is one Float32 variable */
        widen(pf[0], final, n);
        return final;
    }
    return p[0];
}

static int eval(const struct rs_expr *e, const float *const vars32[26],
                const double *const vars[RS_EXPR_NVAR], size_t n, double *out)
{
    double(*st)[CHUNK] = malloc((size_t)(e->depth + 1) * sizeof *st);
    if (!st)
        return -LS_ENOMEM;
    for (size_t off = 0; off < n; off += CHUNK) {
        size_t m = n - off < CHUNK ? n - off : CHUNK;
        const double *r = run_chunk(e, vars32, vars, off, m, st, out + off);
        if (r != out + off)
            memcpy(out + off, r, m * sizeof(double));
    }
    free(st);
    return 0;
}

int rs_expr_eval(const struct rs_expr *e, const double *const vars[RS_EXPR_NVAR], size_t n,
                 double *out)
{
    return eval(e, NULL, vars, n, out);
}

int rs_expr_eval_f32(const struct rs_expr *e, const float *const vars32[26],
                     const double *const vars[RS_EXPR_NVAR], size_t n, double *out)
{
    return eval(e, vars32, vars, n, out);
}
