/* gep/report — report.html. */
#include "gep/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static double num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Horizontal bars: labels[i] with values[i] (formatted with `unit`), scaled to the largest. */
static void bars(FILE *f, const char *const *labels, const double *values, size_t n,
                 const char *unit, double scale)
{
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (values[i] > max)
            max = values[i];
    const int w = 760, lw = 200, bh = 20, gap = 6;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\" "
            "font-size=\"12\" role=\"img\">\n",
            w, n * (size_t)(bh + gap) + 4);
    for (size_t i = 0; i < n; i++) {
        double len = max > 0 && values[i] > 0 ? (w - lw - 150) * values[i] / max : 0;
        int y = (int)i * (bh + gap) + 2;
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 6, y + 14);
        ls_text_html(f, labels[i]);
        fprintf(f,
                "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#3a7d44\"/>"
                "<text x=\"%.1f\" y=\"%d\">%.2f %s</text>\n",
                lw, y, len, bh, lw + len + 6, y + 14, values[i] / scale, unit);
    }
    fputs("</svg>\n", f);
}

static void items_section(FILE *f, json_t *items)
{
    fputs("<h2>核算结果 Items</h2>\n<table><tr><th>项目</th><th>Item</th><th>实物量</th><th>"
          "单位</th><th>价值量（万元）</th><th>计入 GEP</th></tr>\n",
          f);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        fputs("<tr><td>", f);
        ls_text_html(f, str(it, "name_zh"));
        fputs("</td><td>", f);
        ls_text_html(f, str(it, "name_en"));
        if (json_object_get(it, "not_applicable")) {
            fputs("</td><td colspan=\"4\">不适用 not applicable: ", f);
            ls_text_html(f, str(it, "not_applicable"));
            fputs("</td></tr>\n", f);
            continue;
        }
        fprintf(f, "</td><td class=\"n\">%.2f</td><td>", num(it, "physical"));
        ls_text_html(f, str(it, "unit"));
        fprintf(f, "</td><td class=\"n\">%.2f</td><td>%s</td></tr>\n", num(it, "value_yuan") / 1e4,
                json_is_true(json_object_get(it, "in_total")) ? "是" : "否");
    }
    fputs("</table>\n", f);
}

static void composition(FILE *f, json_t *items)
{
    const char *labels[64];
    double values[64];
    size_t n = 0, i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (n < 64 && json_is_true(json_object_get(it, "in_total")) &&
            !json_object_get(it, "not_applicable")) {
            labels[n] = str(it, "name_zh");
            values[n++] = num(it, "value_yuan");
        }
    }
    fputs("<h2>构成 Composition of GEP</h2>\n", f);
    bars(f, labels, values, n, "亿元", 1e8);
}

static void per_km2(FILE *f, json_t *regions)
{
    /* every region gets its bar, however many a province has */
    size_t cap = json_array_size(regions) + 1, n = 0, i;
    const char **labels = malloc(cap * sizeof *labels);
    double *values = malloc(cap * sizeof *values);
    json_t *r;
    json_array_foreach(regions, i, r)
    {
        double a = num(r, "area_m2");
        if (labels && values && a > 0) {
            labels[n] = str(r, "region");
            values[n++] = num(r, "gep_yuan") / (a / 1e6);
        }
    }
    fputs("<h2>地均 GEP 分乡镇 GEP per km² by region</h2>\n", f);
    bars(f, labels, values, n, "万元/km²", 1e4);
    free(labels);
    free(values);
}

static void by_ecosystem(FILE *f, json_t *ecos)
{
    const char *labels[16];
    double values[16];
    size_t n = 0, i;
    json_t *e;
    json_array_foreach(ecos, i, e)
    {
        if (n < 16 && num(e, "area_m2") > 0) {
            labels[n] = str(e, "name_zh");
            values[n++] = num(e, "gep_yuan");
        }
    }
    fputs("<h2>分生态系统类型 Value by ecosystem type</h2>\n", f);
    bars(f, labels, values, n, "亿元", 1e8);
}

static void change_section(FILE *f, json_t *change)
{
    json_t *a = json_object_get(change, "a"), *b = json_object_get(change, "b");
    json_t *t = json_object_get(change, "totals");
    fprintf(f,
            "<h2>与上年比较 Change against %d</h2>\n<p>GEP %.2f → %.2f 亿元（%+.2f %%）%s。</p>\n",
            (int)num(a, "year"), num(t, "gep_yuan_a") / 1e8, num(t, "gep_yuan_b") / 1e8,
            num(t, "gep_yuan_change_pct"),
            json_is_true(json_object_get(change, "constant_prices")) ? "，可比价" : "，现价");
    fputs("<table><tr><th>项目</th><th>实物量变化 %</th><th>价值量变化（万元）</th><th>说明</th>"
          "</tr>\n",
          f);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(change, "items"), i, it)
    {
        fputs("<tr><td>", f);
        ls_text_html(f, str(it, "name_zh"));
        double p = num(it, "physical_change_pct");
        if (isnan(p))
            fputs("</td><td class=\"n\">—", f);
        else
            fprintf(f, "</td><td class=\"n\">%+.2f", p);
        fprintf(f, "</td><td class=\"n\">%+.2f</td><td>", num(it, "value_change_yuan") / 1e4);
        size_t j;
        json_t *w;
        json_array_foreach(json_object_get(it, "explanation"), j, w)
        {
            if (j)
                fputs("；", f);
            ls_text_html(f, json_string_value(w));
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
    (void)b;
}

static void provenance_section(FILE *f, json_t *acc, json_t *prov)
{
    json_t *m = json_object_get(acc, "method");
    fputs("<h2>方法与溯源 Method and provenance</h2>\n<p>", f);
    ls_text_html(f, str(m, "standard"));
    fputs("（", f);
    ls_text_html(f, str(m, "id"));
    fputs(" ", f);
    ls_text_html(f, str(m, "version"));
    fprintf(f, "），SHA-256 <code>%s</code></p>\n", str(m, "sha256"));
    if (!prov)
        return;
    fputs("<table><tr><th>输入</th><th>文件</th><th>SHA-256</th></tr>\n", f);
    size_t i;
    json_t *in;
    json_array_foreach(json_object_get(prov, "inputs"), i, in)
    {
        fputs("<tr><td>", f);
        ls_text_html(f, str(in, "role"));
        fputs("</td><td>", f);
        ls_text_html(f, str(in, "path"));
        fprintf(f, "</td><td><code>%s</code></td></tr>\n", str(in, "sha256"));
    }
    fputs("</table>\n", f);
}

int gep_write_report(json_t *doc, json_t *change, json_t *prov, const char *path,
                     struct ls_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    json_t *acc = json_object_get(doc, "account"), *t = json_object_get(doc, "totals");
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>", f);
    ls_text_html(f, str(acc, "name"));
    fputs("</title>\n<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
          "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}"
          "th{background:#eef3ee}.n{text-align:right}.big{font-size:1.4em}</style></head><body>\n"
          "<h1>",
          f);
    ls_text_html(f, str(acc, "name"));
    fputs("</h1>\n", f);
    fprintf(f,
            "<p class=\"big\">生态产品总值 GEP <b>%.2f 亿元</b>：物质供给 %.2f、调节服务 %.2f、"
            "文化服务 %.2f 亿元（%d 年价格）</p>\n<ul>\n",
            num(t, "gep_yuan") / 1e8, num(t, "provisioning_yuan") / 1e8,
            num(t, "regulating_yuan") / 1e8, num(t, "cultural_yuan") / 1e8,
            (int)num(acc, "price_year"));
    fprintf(f, "<li>地均 GEP per km²: %.2f 万元/km²（面积 %.2f km²）</li>\n",
            num(t, "gep_yuan_per_km2") / 1e4, num(t, "area_m2") / 1e6);
    if (!isnan(num(t, "gep_yuan_per_capita")))
        fprintf(f, "<li>人均 GEP per capita: %.2f 万元</li>\n",
                num(t, "gep_yuan_per_capita") / 1e4);
    if (!isnan(num(t, "gep_gdp_ratio")))
        fprintf(f, "<li>GEP/GDP（绿金指数）: %.3f</li>\n", num(t, "gep_gdp_ratio"));
    fprintf(f, "<li>调节服务占比 regulating share: %.1f %%</li>\n</ul>\n",
            num(t, "regulating_share") * 100);
    json_t *ex = json_object_get(t, "excluded");
    if (json_array_size(ex)) {
        fputs("<p>不计入总值 Not in the total:</p><ul>\n", f);
        size_t i;
        json_t *x;
        json_array_foreach(ex, i, x)
        {
            fputs("<li>", f);
            ls_text_html(f, str(x, "item"));
            fputs(": ", f);
            ls_text_html(f, str(x, "reason"));
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    composition(f, json_object_get(doc, "items"));
    items_section(f, json_object_get(doc, "items"));
    per_km2(f, json_object_get(doc, "regions"));
    by_ecosystem(f, json_object_get(doc, "ecosystems"));
    if (change)
        change_section(f, change);
    provenance_section(f, acc, prov);
    fputs("</body></html>\n", f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "write error");
    return 0;
}
