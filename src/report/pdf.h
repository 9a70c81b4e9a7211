/*
 * report/pdf — the document renderer behind every printed output (the compliance opinion
 * today; GEP reports, contracts and bulletins later): an A4 PDF written with cairo, its text
 * laid out by pango in the Noto CJK fonts Debian ships (fonts-noto-cjk), flowing from page
 * to page — a title, headings, paragraphs, label–value fields, tables whose rows never split,
 * and a map of GeoJSON geometries (EPSG:4326) with a scale bar, a north arrow and a legend.
 *
 * The same content gives the same bytes: the PDF's creation date is the document's own date
 * (rp_meta.date), never the time of rendering.
 *
 * Ownership: rp_open returns a document the caller ends with rp_close (which hands over the
 * PDF bytes, the caller frees them with free()) or rp_abort. Text is copied as it is laid
 * out; nothing passed in is kept. A document belongs to one thread, and documents are
 * rendered one at a time in a process (rp_open waits for the one open to close): they share
 * one font map, loaded once.
 */
#ifndef LS_REPORT_PDF_H
#define LS_REPORT_PDF_H

#include <stddef.h>

#include <jansson.h>

#include "base/err.h"

struct rp_doc;

struct rp_meta {
    const char *title;
    const char *author;
    const char *date;   /* "YYYY-MM-DD" or ISO 8601 UTC: the PDF's creation date */
    const char *footer; /* on every page, before the page number ("" or NULL: none) */
};

int rp_open(const struct rp_meta *m, struct rp_doc **out, struct ls_err *err);

/* The text is UTF-8; "markup" functions take pango markup (escape user text with
 * rp_escape). */
void rp_title(struct rp_doc *d, const char *text);
void rp_heading(struct rp_doc *d, const char *text);
void rp_paragraph(struct rp_doc *d, const char *markup);
/* n rows of label and value side by side (a form's top block). */
void rp_fields(struct rp_doc *d, const char *const *labels, const char *const *values, size_t n);

struct rp_column {
    const char *title;
    double width; /* share of the text width; the shares add up to 1 */
    int right;    /* right-aligned (numbers) */
};
/* A table: a header row, then rows of ncol cells each (cells[r * ncol + c]). A row is
 * never split across pages; the header is repeated on a new page. */
void rp_table(struct rp_doc *d, const struct rp_column *cols, size_t ncol, const char *const *cells,
              size_t nrows);

struct rp_shape {
    const json_t *geometry; /* GeoJSON geometry in EPSG:4326: (Multi)Polygon, (Multi)LineString */
    double fill[4];         /* RGBA; alpha 0: no fill */
    double stroke[3];
    double line_width; /* points */
};
struct rp_legend {
    const char *label;
    double fill[4], stroke[3];
};
/* The shapes fitted into a box of the text width and height_pt, in order (the last on top),
 * with a scale bar, a north arrow and the legend under it. */
void rp_map(struct rp_doc *d, const struct rp_shape *shapes, size_t n,
            const struct rp_legend *legend, size_t n_legend, double height_pt);

/* Vertical space in points. */
void rp_space(struct rp_doc *d, double pt);
/* Starts a new page unless pt more points fit: a heading stays with the block it heads. */
void rp_keep(struct rp_doc *d, double pt);

/* text with pango markup's special characters escaped; caller frees. */
char *rp_escape(const char *text);

/* Loads the fonts by rendering a small document and discarding it, so the first real
 * document does not pay for it (a server calls it at start). */
void rp_warm_up(void);

int rp_close(struct rp_doc *d, char **pdf, size_t *n, struct ls_err *err);
void rp_abort(struct rp_doc *d);

#endif
