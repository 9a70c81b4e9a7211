/*
 * geo/vct_write — VCT 3.0 output as land-survey software exports it: Head, FeatureCode,
 * TableStructure, Line, Polygon (construction type 21, by line references) and Attribute, in
 * GBK. Each polygon ring becomes its own Line record (shared edges are not merged into arcs:
 * readers rebuild the same polygons either way); the object numbers (BSM) of lines and
 * polygons are unique across the file; the label point lies inside the polygon.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "base/text.h"
#include "geo/vct.h"

struct wlayer {
    char code[32], name[64], table[64];
    struct geo_vct_field *fields;
    size_t nfields;
    struct ls_strbuf attr;
};

struct geo_vct_writer {
    struct geo_crs crs;
    struct wlayer *layers;
    size_t nlayers;
    struct ls_strbuf lines, polys;
    int64_t next_id;
    double minx, miny, maxx, maxy;
};

int geo_vct_writer_new(const struct geo_crs *crs, struct geo_vct_writer **out, struct ls_err *err)
{
    if (crs->kind != GEO_CRS_GK)
        return ls_err_set(err, LS_EUNSUPP, NULL, NULL, "crs",
                          "VCT output is written in CGCS2000 Gauss–Krüger; %s is not", crs->name);
    struct geo_vct_writer *w = calloc(1, sizeof *w);
    if (!w)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    w->crs = *crs;
    w->next_id = 1;
    w->minx = w->miny = INFINITY;
    w->maxx = w->maxy = -INFINITY;
    *out = w;
    return 0;
}

void geo_vct_writer_free(struct geo_vct_writer *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->nlayers; i++) {
        free(w->layers[i].fields);
        free(w->layers[i].attr.s);
    }
    free(w->layers);
    free(w->lines.s);
    free(w->polys.s);
    free(w);
}

int geo_vct_writer_layer(struct geo_vct_writer *w, const char *code, const char *name,
                         const char *table, const struct geo_vct_field *fields, size_t nfields,
                         struct ls_err *err)
{
    struct wlayer *nl = realloc(w->layers, (w->nlayers + 1) * sizeof *nl);
    if (!nl)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    w->layers = nl;
    struct wlayer *l = &nl[w->nlayers];
    memset(l, 0, sizeof *l);
    snprintf(l->code, sizeof l->code, "%s", code);
    snprintf(l->name, sizeof l->name, "%s", name);
    snprintf(l->table, sizeof l->table, "%s", table);
    l->fields = malloc((nfields ? nfields : 1) * sizeof *l->fields);
    if (!l->fields)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    memcpy(l->fields, fields, nfields * sizeof *fields);
    l->nfields = nfields;
    w->nlayers++;
    return 0;
}

/* A point inside the polygon: the middle of the first span of a horizontal scan line. */
static void label_point(const struct geo_mpoly *m, double *lx, double *ly)
{
    const struct geo_ring *outer = &m->polys[0].rings[0];
    double ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < outer->n; i++) {
        ymin = fmin(ymin, outer->xy[2 * i + 1]);
        ymax = fmax(ymax, outer->xy[2 * i + 1]);
    }
    double y = (ymin + ymax) / 2, xs[64];
    size_t nx = 0;
    for (size_t r = 0; r < m->polys[0].nrings; r++) {
        const struct geo_ring *g = &m->polys[0].rings[r];
        for (size_t i = 0; i + 1 < g->n && nx < 64; i++) {
            double y1 = g->xy[2 * i + 1], y2 = g->xy[2 * i + 3];
            if ((y1 > y) != (y2 > y))
                xs[nx++] = g->xy[2 * i] + (y - y1) / (y2 - y1) * (g->xy[2 * i + 2] - g->xy[2 * i]);
        }
    }
    double a = INFINITY, b = INFINITY; /* the two smallest crossings bound the first span */
    for (size_t i = 0; i < nx; i++) {
        if (xs[i] < a) {
            b = a;
            a = xs[i];
        } else if (xs[i] < b) {
            b = xs[i];
        }
    }
    *lx = nx >= 2 ? (a + b) / 2 : outer->xy[0];
    *ly = nx >= 2 ? y : outer->xy[1];
}

int geo_vct_writer_polygon(struct geo_vct_writer *w, const struct geo_mpoly *m,
                           const char *const *values, struct ls_err *err)
{
    if (!w->nlayers)
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL, "no layer declared");
    if (!m->npolys || !m->polys[0].nrings || m->polys[0].rings[0].n < 4)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "geometry", "an empty polygon");
    struct wlayer *l = &w->layers[w->nlayers - 1];
    size_t nrings = 0;
    for (size_t p = 0; p < m->npolys; p++)
        nrings += m->polys[p].nrings;
    int64_t first_line = w->next_id;
    for (size_t p = 0; p < m->npolys; p++)
        for (size_t r = 0; r < m->polys[p].nrings; r++) {
            const struct geo_ring *g = &m->polys[p].rings[r];
            int closed = g->n > 1 && g->xy[0] == g->xy[2 * (g->n - 1)] &&
                         g->xy[1] == g->xy[2 * (g->n - 1) + 1];
            ls_strbuf_printf(&w->lines, "%lld\n%s\nunknown\n1\n1\n11\n%zu\n",
                             (long long)w->next_id++, l->code, g->n + (closed ? 0 : 1));
            for (size_t i = 0; i < g->n; i++) {
                ls_strbuf_printf(&w->lines, "%.4f,%.4f\n", g->xy[2 * i], g->xy[2 * i + 1]);
                w->minx = fmin(w->minx, g->xy[2 * i]);
                w->maxx = fmax(w->maxx, g->xy[2 * i]);
                w->miny = fmin(w->miny, g->xy[2 * i + 1]);
                w->maxy = fmax(w->maxy, g->xy[2 * i + 1]);
            }
            if (!closed)
                ls_strbuf_printf(&w->lines, "%.4f,%.4f\n", g->xy[0], g->xy[1]);
            ls_strbuf_printf(&w->lines, "0\n\n");
        }
    int64_t id = w->next_id++;
    double lx, ly;
    label_point(m, &lx, &ly);
    ls_strbuf_printf(&w->polys, "%lld\n%s\nunknown\n100\n%.4f,%.4f\n21\n%zu\n", (long long)id,
                     l->code, lx, ly, 2 * nrings - 1);
    for (size_t k = 0; k < nrings; k++)
        ls_strbuf_printf(&w->polys, "%s%lld", k ? ",0," : "", (long long)(first_line + (int64_t)k));
    ls_strbuf_printf(&w->polys, "\n0\n\n");
    ls_strbuf_printf(&l->attr, "%lld", (long long)id);
    for (size_t f = 0; f < l->nfields; f++) {
        const char *v = values && values[f] ? values[f] : "";
        ls_strbuf_printf(&l->attr, ",");
        for (const char *c = v; *c; c++) { /* the separator and line breaks cannot appear */
            if (*c == ',')
                ls_strbuf_printf(&l->attr, "，");
            else if (*c == '\n' || *c == '\r')
                ls_strbuf_printf(&l->attr, " ");
            else
                ls_strbuf_printf(&l->attr, "%c", *c);
        }
    }
    ls_strbuf_printf(&l->attr, "\n");
    if (w->lines.oom || w->polys.oom || l->attr.oom)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    return 0;
}

int geo_vct_writer_close(struct geo_vct_writer *w, const char *path, struct ls_err *err)
{
    struct ls_strbuf b = { 0 };
    ls_strbuf_printf(&b,
                     "HeadBegin\nDataMark:LANDUSE-VCT\nVersion:3.0\nCoordinateSystemType:P\nDim:2\n"
                     "XAxisDirection:E\nYAxisDirection:N\nXYUnit:M\n"
                     "Spheroid:CGCS2000,6378137.0,298.257222101\nPrimeMeridian:Greenwich\n"
                     "Projection:高斯-克吕格投影\n");
    ls_strbuf_printf(&b,
                     "Parameters:%g,1,%.1f,0,%d,%d\nVerticalDatum:1985国家高程基准\n"
                     "TemporalReferenceSystem:北京时间\n",
                     w->crs.central_meridian, w->crs.false_easting, w->crs.zone_width, w->crs.zone);
    ls_strbuf_printf(&b,
                     "ExtentMin:%.4f,%.4f\nExtentMax:%.4f,%.4f\nMapScale:2000\nOffset:0,0\n"
                     "Date:20250101\nSeparator:,\nHeadEnd\n\nFeatureCodeBegin\n",
                     isfinite(w->minx) ? w->minx : 0, isfinite(w->miny) ? w->miny : 0,
                     isfinite(w->maxx) ? w->maxx : 0, isfinite(w->maxy) ? w->maxy : 0);
    for (size_t i = 0; i < w->nlayers; i++)
        ls_strbuf_printf(&b, "%s,%s,Polygon,%s\n", w->layers[i].code, w->layers[i].name,
                         w->layers[i].table);
    ls_strbuf_printf(&b, "FeatureCodeEnd\n\nTableStructureBegin\n");
    for (size_t i = 0; i < w->nlayers; i++) {
        ls_strbuf_printf(&b, "%s,%zu\n", w->layers[i].table, w->layers[i].nfields);
        for (size_t f = 0; f < w->layers[i].nfields; f++) {
            const struct geo_vct_field *fd = &w->layers[i].fields[f];
            if (fd->precision > 0)
                ls_strbuf_printf(&b, "%s,%s,%d,%d\n", fd->name, fd->type, fd->width, fd->precision);
            else
                ls_strbuf_printf(&b, "%s,%s,%d\n", fd->name, fd->type, fd->width);
        }
        ls_strbuf_printf(&b, "0\n");
    }
    ls_strbuf_printf(&b,
                     "TableStructureEnd\n\nPointBegin\nPointEnd\n\nLineBegin\n%sLineEnd\n\n"
                     "PolygonBegin\n%sPolygonEnd\n\nAttributeBegin\n",
                     w->lines.s ? w->lines.s : "", w->polys.s ? w->polys.s : "");
    for (size_t i = 0; i < w->nlayers; i++)
        ls_strbuf_printf(&b, "%s\n%sTableEnd\n", w->layers[i].table,
                         w->layers[i].attr.s ? w->layers[i].attr.s : "");
    ls_strbuf_printf(&b, "AttributeEnd\n");
    int rc = 0;
    char *gbk = NULL;
    if (b.oom)
        rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    else if ((rc = ls_text_from_utf8("GB18030", b.s, b.n, &gbk, err)) != 0)
        ls_err_set(err, LS_EINVAL, path, NULL, "encoding", "text not representable in GBK: %s",
                   err->msg);
    if (!rc) {
        char tmp[1100];
        snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
        FILE *f = fopen(tmp, "wb");
        if (!f) {
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", ls_strerror(errno));
        } else {
            size_t len = strlen(gbk);
            size_t put = fwrite(gbk, 1, len, f);
            if (fclose(f) != 0 || put != len)
                rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "write failed");
            else if (rename(tmp, path) != 0)
                rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot rename into place");
            if (rc)
                remove(tmp);
        }
    }
    free(gbk);
    free(b.s);
    geo_vct_writer_free(w);
    return rc;
}
