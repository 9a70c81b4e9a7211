/*
 * report/pdf — A4 documents with cairo and pango: a cursor moves down the page, each block
 * measures itself first and starts a new page when it does not fit.
 */
#include "report/pdf.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A4 in points, with the margins of GB/T 9704-2012 (党政机关公文格式 §5.2.2: top 37 mm,
 * bottom 35 mm, left 28 mm, right 26 mm), the layout Chinese official documents use. */
#define MM         (72.0 / 25.4)
#define PAGE_W     (210 * MM)
#define PAGE_H     (297 * MM)
#define M_TOP      (37 * MM)
#define M_BOTTOM   (35 * MM)
#define M_LEFT     (28 * MM)
#define M_RIGHT    (26 * MM)
#define TEXT_W     (PAGE_W - M_LEFT - M_RIGHT)
#define CELL_PAD   3.0
#define FONT_BODY  "Noto Serif CJK SC 10.5"
#define FONT_HEAD  "Noto Sans CJK SC Bold 12"
#define FONT_TTL   "Noto Serif CJK SC Bold 16"
#define FONT_SMALL "Noto Sans CJK SC 8.5"

struct rp_doc {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *ctx;
    char *buf;
    size_t n, cap;
    int oom;
    double y; /* the cursor, from the page's top */
    int page;
    char *footer;
};

/* One font map for the process, its fonts loaded once (the first document pays ~300 ms of
 * fontconfig and font loading, the next ~40 ms): pango's per-thread default map would load
 * them again in every server thread. A font map is not for concurrent use, so documents are
 * rendered one at a time, each holding the lock from rp_open to rp_close. */
static PangoFontMap *fontmap;
static pthread_once_t fontmap_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t render_mu = PTHREAD_MUTEX_INITIALIZER;

static void fontmap_init(void)
{
    fontmap = pango_cairo_font_map_new();
}

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int len)
{
    struct rp_doc *d = closure;
    if (d->n + len > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1 << 16;
        while (cap < d->n + len)
            cap *= 2;
        char *nb = realloc(d->buf, cap);
        if (!nb) {
            d->oom = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        d->buf = nb;
        d->cap = cap;
    }
    memcpy(d->buf + d->n, data, len);
    d->n += len;
    return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *layout(struct rp_doc *d, const char *font, double width, const char *markup,
                           PangoAlignment align)
{
    PangoLayout *l = pango_layout_new(d->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    pango_layout_set_markup(l, markup ? markup : "", -1);
    return l;
}

static double height_of(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void show_at(struct rp_doc *d, PangoLayout *l, double x, double y)
{
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
}

static void page_footer(struct rp_doc *d)
{
    char *esc = rp_escape(d->footer ? d->footer : "");
    char text[1024];
    snprintf(text, sizeof text, "%s%s第 %d 页", esc ? esc : "", esc && *esc ? "　　" : "", d->page);
    free(esc);
    PangoLayout *l = layout(d, FONT_SMALL, TEXT_W, text, PANGO_ALIGN_CENTER);
    cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
    show_at(d, l, M_LEFT, PAGE_H - M_BOTTOM + 18);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    g_object_unref(l);
}

static void new_page(struct rp_doc *d)
{
    page_footer(d);
    cairo_show_page(d->cr);
    d->page++;
    d->y = M_TOP;
}

/* Starts a new page unless h more points fit on this one (a block taller than a page is
 * placed at a page's top and runs over the margin rather than being lost). */
static void need(struct rp_doc *d, double h)
{
    if (d->y + h > PAGE_H - M_BOTTOM && d->y > M_TOP)
        new_page(d);
}

char *rp_escape(const char *text)
{
    gchar *g = g_markup_escape_text(text ? text : "", -1);
    char *e = g ? strdup(g) : NULL;
    g_free(g);
    return e;
}

int rp_open(const struct rp_meta *m, struct rp_doc **out, struct ls_err *err)
{
    pthread_once(&fontmap_once, fontmap_init);
    struct rp_doc *d = calloc(1, sizeof *d);
    if (!d || !fontmap) {
        free(d);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    pthread_mutex_lock(&render_mu);
    d->surface = cairo_pdf_surface_create_for_stream(collect, d, PAGE_W, PAGE_H);
    if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(d->surface);
        free(d);
        pthread_mutex_unlock(&render_mu);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "cannot start a PDF document");
    }
    /* the document's own date, so the same record renders to the same bytes */
    char date[40] = "";
    if (m->date && strlen(m->date) >= 10)
        snprintf(date, sizeof date, "%.10sT00:00:00Z", m->date);
    if (m->date && strlen(m->date) >= 20)
        snprintf(date, sizeof date, "%.20s", m->date);
    if (date[0])
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    if (m->title)
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, m->title);
    if (m->author)
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, m->author);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "Liangshan");
    d->cr = cairo_create(d->surface);
    d->ctx = pango_font_map_create_context(fontmap);
    pango_cairo_update_context(d->cr, d->ctx);
    d->footer = m->footer ? strdup(m->footer) : NULL;
    d->page = 1;
    d->y = M_TOP;
    *out = d;
    return 0;
}

void rp_title(struct rp_doc *d, const char *text)
{
    char *e = rp_escape(text);
    PangoLayout *l = layout(d, FONT_TTL, TEXT_W, e, PANGO_ALIGN_CENTER);
    free(e);
    double h = height_of(l);
    need(d, h);
    show_at(d, l, M_LEFT, d->y);
    d->y += h + 14;
    g_object_unref(l);
}

void rp_heading(struct rp_doc *d, const char *text)
{
    char *e = rp_escape(text);
    PangoLayout *l = layout(d, FONT_HEAD, TEXT_W, e, PANGO_ALIGN_LEFT);
    free(e);
    double h = height_of(l);
    /* a heading keeps at least two lines of what follows with it */
    need(d, h + 40);
    d->y += 6;
    show_at(d, l, M_LEFT, d->y);
    d->y += h + 4;
    g_object_unref(l);
}

void rp_paragraph(struct rp_doc *d, const char *markup)
{
    PangoLayout *l = layout(d, FONT_BODY, TEXT_W, markup, PANGO_ALIGN_LEFT);
    pango_layout_set_spacing(l, 3 * PANGO_SCALE);
    double h = height_of(l);
    need(d, h);
    show_at(d, l, M_LEFT, d->y);
    d->y += h + 4;
    g_object_unref(l);
}

void rp_space(struct rp_doc *d, double pt)
{
    d->y += pt;
}

void rp_keep(struct rp_doc *d, double pt)
{
    need(d, pt);
}

void rp_fields(struct rp_doc *d, const char *const *labels, const char *const *values, size_t n)
{
    const double lw = TEXT_W * 0.2;
    for (size_t i = 0; i < n; i++) {
        char *le = rp_escape(labels[i]), *ve = rp_escape(values[i]);
        char *lb = g_strdup_printf("<b>%s</b>", le);
        PangoLayout *a = layout(d, FONT_BODY, lw - CELL_PAD, lb, PANGO_ALIGN_LEFT);
        PangoLayout *b = layout(d, FONT_BODY, TEXT_W - lw, ve, PANGO_ALIGN_LEFT);
        g_free(lb);
        free(le);
        free(ve);
        double h = fmax(height_of(a), height_of(b));
        need(d, h);
        show_at(d, a, M_LEFT, d->y);
        show_at(d, b, M_LEFT + lw, d->y);
        d->y += h + 2;
        g_object_unref(a);
        g_object_unref(b);
    }
    d->y += 4;
}

/* One row of a table: every cell laid out first, the row as tall as its tallest cell. */
static double table_row(struct rp_doc *d, const struct rp_column *cols, size_t ncol,
                        const char *const *cells, int header, int draw)
{
    PangoLayout *ls[16];
    double h = 0;
    ncol = ncol > 16 ? 16 : ncol;
    for (size_t c = 0; c < ncol; c++) {
        char *e = rp_escape(cells[c]);
        ls[c] = layout(d, header ? "Noto Sans CJK SC Bold 9" : "Noto Sans CJK SC 9",
                       cols[c].width * TEXT_W - 2 * CELL_PAD, e,
                       cols[c].right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        free(e);
        h = fmax(h, height_of(ls[c]));
    }
    h += 2 * CELL_PAD;
    if (draw) {
        double x = M_LEFT;
        if (header) {
            cairo_set_source_rgb(d->cr, 0.9, 0.9, 0.9);
            cairo_rectangle(d->cr, M_LEFT, d->y, TEXT_W, h);
            cairo_fill(d->cr);
            cairo_set_source_rgb(d->cr, 0, 0, 0);
        }
        for (size_t c = 0; c < ncol; c++) {
            double w = cols[c].width * TEXT_W;
            show_at(d, ls[c], x + CELL_PAD, d->y + CELL_PAD);
            cairo_rectangle(d->cr, x, d->y, w, h);
            x += w;
        }
        cairo_set_line_width(d->cr, 0.5);
        cairo_stroke(d->cr);
    }
    for (size_t c = 0; c < ncol; c++)
        g_object_unref(ls[c]);
    return h;
}

void rp_table(struct rp_doc *d, const struct rp_column *cols, size_t ncol, const char *const *cells,
              size_t nrows)
{
    const char *head[16];
    ncol = ncol > 16 ? 16 : ncol;
    for (size_t c = 0; c < ncol; c++)
        head[c] = cols[c].title;
    double hh = table_row(d, cols, ncol, head, 1, 0);
    double first = nrows ? table_row(d, cols, ncol, cells, 0, 0) : 0;
    need(d, hh + first);
    d->y += table_row(d, cols, ncol, head, 1, 1);
    for (size_t r = 0; r < nrows; r++) {
        double h = table_row(d, cols, ncol, cells + r * ncol, 0, 0);
        if (d->y + h > PAGE_H - M_BOTTOM) {
            new_page(d);
            d->y += table_row(d, cols, ncol, head, 1, 1);
        }
        d->y += table_row(d, cols, ncol, cells + r * ncol, 0, 1);
    }
    d->y += 8;
}

/* --- the map ----------------------------------------------------------------------------- */

struct frame {
    double lon0, lat1, k, s, x0, y0; /* x = x0 + (lon - lon0)·k·s, y = y0 + (lat1 - lat)·s */
};

static void bounds_of(const json_t *c, int depth, double b[4])
{
    if (depth == 0) {
        double x = json_number_value(json_array_get(c, 0)),
               y = json_number_value(json_array_get(c, 1));
        b[0] = fmin(b[0], x);
        b[1] = fmin(b[1], y);
        b[2] = fmax(b[2], x);
        b[3] = fmax(b[3], y);
        return;
    }
    size_t i;
    const json_t *v;
    json_array_foreach(c, i, v) bounds_of(v, depth - 1, b);
}

/* The nesting depth of a geometry's coordinates down to a position, and whether it is an
 * area; -1 for a type the map does not draw. */
static int depth_of(const json_t *g, int *area)
{
    const char *t = json_string_value(json_object_get(g, "type"));
    *area = 0;
    if (!t)
        return -1;
    if (!strcmp(t, "LineString"))
        return 1;
    if (!strcmp(t, "MultiLineString"))
        return 2;
    *area = 1;
    if (!strcmp(t, "Polygon"))
        return 2;
    if (!strcmp(t, "MultiPolygon"))
        return 3;
    return -1;
}

static void path_of(cairo_t *cr, const struct frame *f, const json_t *c, int depth, int area)
{
    size_t i;
    const json_t *v;
    if (depth == 1) { /* a ring or a line */
        json_array_foreach(c, i, v)
        {
            double x = f->x0 + (json_number_value(json_array_get(v, 0)) - f->lon0) * f->k * f->s;
            double y = f->y0 + (f->lat1 - json_number_value(json_array_get(v, 1))) * f->s;
            if (i == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        if (area)
            cairo_close_path(cr);
        return;
    }
    json_array_foreach(c, i, v) path_of(cr, f, v, depth - 1, area);
}

/* A round length for the scale bar: 1, 2 or 5 × 10^k metres, at most `max_m`. */
static double nice_length(double max_m)
{
    double p = pow(10, floor(log10(max_m)));
    return max_m >= 5 * p ? 5 * p : max_m >= 2 * p ? 2 * p : p;
}

static void scale_bar(struct rp_doc *d, const struct frame *f, double x, double y)
{
    double lat = f->lat1; /* the bar is read at the map's top; the county spans < 1° */
    double phi = lat * M_PI / 180;
    /* the length of a degree of latitude on the ellipsoid (the usual series, to ~1 m) */
    double m_per_deg = 111132.954 - 559.822 * cos(2 * phi) + 1.175 * cos(4 * phi);
    double m_per_pt = m_per_deg / f->s;
    double len_m = nice_length(m_per_pt * TEXT_W * 0.25);
    double len_pt = len_m / m_per_pt;
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    cairo_set_line_width(d->cr, 1);
    cairo_move_to(d->cr, x, y - 4);
    cairo_line_to(d->cr, x, y);
    cairo_line_to(d->cr, x + len_pt, y);
    cairo_line_to(d->cr, x + len_pt, y - 4);
    cairo_stroke(d->cr);
    char text[64];
    if (len_m >= 1000)
        snprintf(text, sizeof text, "%g km", len_m / 1000);
    else
        snprintf(text, sizeof text, "%g m", len_m);
    PangoLayout *l = layout(d, FONT_SMALL, 80, text, PANGO_ALIGN_LEFT);
    show_at(d, l, x + len_pt + 4, y - 8);
    g_object_unref(l);
}

static void north_arrow(struct rp_doc *d, double x, double y)
{
    cairo_move_to(d->cr, x, y);
    cairo_line_to(d->cr, x + 6, y + 18);
    cairo_line_to(d->cr, x, y + 13);
    cairo_line_to(d->cr, x - 6, y + 18);
    cairo_close_path(d->cr);
    cairo_fill(d->cr);
    PangoLayout *l = layout(d, FONT_SMALL, 20, "北 N", PANGO_ALIGN_CENTER);
    show_at(d, l, x - 10, y + 19);
    g_object_unref(l);
}

static void legend_row(struct rp_doc *d, const struct rp_legend *lg, size_t n)
{
    double x = M_LEFT, h = 12;
    for (size_t i = 0; i < n; i++) {
        char *e = rp_escape(lg[i].label);
        PangoLayout *l = layout(d, FONT_SMALL, TEXT_W, e, PANGO_ALIGN_LEFT);
        free(e);
        int w, lh;
        pango_layout_get_pixel_size(l, &w, &lh);
        if (x + 16 + w > M_LEFT + TEXT_W) {
            x = M_LEFT;
            d->y += h + 4;
        }
        need(d, h);
        cairo_rectangle(d->cr, x, d->y + 1, 12, 9);
        if (lg[i].fill[3] > 0) {
            cairo_set_source_rgba(d->cr, lg[i].fill[0], lg[i].fill[1], lg[i].fill[2],
                                  lg[i].fill[3]);
            cairo_fill_preserve(d->cr);
        }
        cairo_set_source_rgb(d->cr, lg[i].stroke[0], lg[i].stroke[1], lg[i].stroke[2]);
        cairo_set_line_width(d->cr, 1);
        cairo_stroke(d->cr);
        cairo_set_source_rgb(d->cr, 0, 0, 0);
        show_at(d, l, x + 16, d->y - 1);
        x += 16 + w + 14;
        g_object_unref(l);
    }
    d->y += h + 8;
}

void rp_map(struct rp_doc *d, const struct rp_shape *shapes, size_t n,
            const struct rp_legend *legend, size_t n_legend, double height_pt)
{
    double b[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };
    for (size_t i = 0; i < n; i++) {
        int area;
        int depth = depth_of(shapes[i].geometry, &area);
        if (depth > 0)
            bounds_of(json_object_get(shapes[i].geometry, "coordinates"), depth, b);
    }
    need(d, height_pt);
    cairo_save(d->cr);
    cairo_rectangle(d->cr, M_LEFT, d->y, TEXT_W, height_pt);
    cairo_set_line_width(d->cr, 0.75);
    cairo_stroke_preserve(d->cr);
    cairo_clip(d->cr);
    struct frame f = { 0 };
    if (b[0] <= b[2]) {
        /* a local equirectangular view: east–west shrunk by cos(latitude), which keeps
         * shapes true to within a fraction of a percent across a county */
        f.k = cos((b[1] + b[3]) / 2 * M_PI / 180);
        double w = fmax((b[2] - b[0]) * f.k, 1e-9), h = fmax(b[3] - b[1], 1e-9);
        const double pad = 18;
        f.s = fmin((TEXT_W - 2 * pad) / w, (height_pt - 2 * pad) / h);
        f.lon0 = b[0];
        f.lat1 = b[3];
        f.x0 = M_LEFT + (TEXT_W - w * f.s) / 2;
        f.y0 = d->y + (height_pt - h * f.s) / 2;
        for (size_t i = 0; i < n; i++) {
            const struct rp_shape *sh = &shapes[i];
            int area;
            int depth = depth_of(sh->geometry, &area);
            if (depth <= 0)
                continue;
            cairo_new_path(d->cr);
            path_of(d->cr, &f, json_object_get(sh->geometry, "coordinates"), depth, area);
            cairo_set_fill_rule(d->cr, CAIRO_FILL_RULE_EVEN_ODD);
            if (area && sh->fill[3] > 0) {
                cairo_set_source_rgba(d->cr, sh->fill[0], sh->fill[1], sh->fill[2], sh->fill[3]);
                cairo_fill_preserve(d->cr);
            }
            cairo_set_source_rgb(d->cr, sh->stroke[0], sh->stroke[1], sh->stroke[2]);
            cairo_set_line_width(d->cr, sh->line_width > 0 ? sh->line_width : 1);
            cairo_stroke(d->cr);
        }
    }
    cairo_restore(d->cr);
    if (b[0] <= b[2]) {
        scale_bar(d, &f, M_LEFT + 10, d->y + height_pt - 10);
        north_arrow(d, M_LEFT + TEXT_W - 20, d->y + 8);
    }
    d->y += height_pt + 6;
    if (n_legend)
        legend_row(d, legend, n_legend);
}

int rp_close(struct rp_doc *d, char **pdf, size_t *n, struct ls_err *err)
{
    page_footer(d);
    g_object_unref(d->ctx);
    cairo_destroy(d->cr);
    cairo_surface_finish(d->surface);
    cairo_status_t st = cairo_surface_status(d->surface);
    cairo_surface_destroy(d->surface);
    free(d->footer);
    int rc = 0;
    if (d->oom || st != CAIRO_STATUS_SUCCESS) {
        free(d->buf);
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "the PDF could not be written: %s",
                        d->oom ? "out of memory" : cairo_status_to_string(st));
    } else {
        *pdf = d->buf;
        *n = d->n;
    }
    free(d);
    pthread_mutex_unlock(&render_mu);
    return rc;
}

void rp_abort(struct rp_doc *d)
{
    if (!d)
        return;
    g_object_unref(d->ctx);
    cairo_destroy(d->cr);
    cairo_surface_destroy(d->surface);
    free(d->buf);
    free(d->footer);
    free(d);
    pthread_mutex_unlock(&render_mu);
}

void rp_warm_up(void)
{
    struct rp_meta m = { "warm-up", "", "2026-01-01", "第 1 页" };
    struct rp_doc *d = NULL;
    if (rp_open(&m, &d, NULL))
        return;
    /* every font the documents use, with the digits, Latin letters and common characters */
    rp_title(d, "三区三线合规审查意见书 0123456789");
    rp_heading(d, "一、审查结论 ABC abc");
    rp_paragraph(d, "<b>禁止</b> 项目名称 m² 亩 公顷 生态保护红线 永久基本农田 城镇开发边界");
    static const struct rp_column cols[] = { { "地类", 0.5, 0 }, { "面积（m²）", 0.5, 1 } };
    const char *cells[] = { "乔木林地", "1,234.56" };
    rp_table(d, cols, 2, cells, 1);
    char *pdf = NULL;
    size_t n = 0;
    if (!rp_close(d, &pdf, &n, NULL))
        free(pdf);
}
