/*
 * app/opinion_pdf — the review opinion as an A4 document: what was checked, the verdict,
 * the map, the pieces and land classes, the reasons with their legal basis, the obligations,
 * the reviewer's comment, a signature line and the verification code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/opinion.h"
#include "geo/area.h"
#include "report/pdf.h"

static const char *str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static double num(const json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

/* 1234567.891 → "1,234,567.89": areas as bureaus write them */
static void grouped(double v, int decimals, char *out, size_t size)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, v < 0 ? -v : v);
    const char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw), o = 0;
    if (v < 0 && o + 1 < size)
        out[o++] = '-';
    for (size_t i = 0; i < int_len && o + 2 < size; i++) {
        if (i && (int_len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = raw[i];
    }
    for (const char *p = dot; p && *p && o + 1 < size; p++)
        out[o++] = *p;
    out[o] = '\0';
}

/* The map's colours: as on the web map (web/src/map.js STYLES), by zone, else by layer. */
static const struct {
    const char *key;
    double fill[4], stroke[3];
} colours[] = {
    { "core_zone", { 0.647, 0.165, 0.165, 0.55 }, { 0.478, 0, 0 } },
    { "eco_redline", { 0.941, 0.502, 0.502, 0.55 }, { 0.831, 0.125, 0.125 } },
    { "basic_farmland", { 0.953, 0.827, 0.290, 0.6 }, { 0.784, 0.635, 0 } },
    { "cropland", { 0.961, 0.878, 0.541, 0.6 }, { 0.6, 0.5, 0.1 } },
    { "outside_urban_boundary", { 0.85, 0.78, 0.91, 0.45 }, { 0.482, 0.247, 0.627 } },
    { "urban_boundary", { 0.706, 0.541, 0.816, 0.45 }, { 0.482, 0.247, 0.627 } },
    { "shoreline", { 0, 0, 0, 0 }, { 0.043, 0.239, 0.569 } },
};

static int colour_of(const char *zone, const char *layer)
{
    for (size_t i = 0; i < sizeof colours / sizeof *colours; i++)
        if (!strcmp(colours[i].key, zone))
            return (int)i;
    for (size_t i = 0; i < sizeof colours / sizeof *colours; i++)
        if (!strcmp(colours[i].key, layer))
            return (int)i;
    return -1;
}

static void map_block(struct rp_doc *d, const json_t *check)
{
    const json_t *fp = json_object_get(check, "footprint_geojson");
    const json_t *pieces = json_object_get(json_object_get(check, "overlaps_geojson"), "features");
    size_t np = json_array_size(pieces);
    struct rp_shape *sh = calloc(np + 2, sizeof *sh);
    struct rp_legend *lg = calloc(np + 1, sizeof *lg);
    if (!sh || !lg) {
        free(sh);
        free(lg);
        return;
    }
    size_t n = 0, nl = 0;
    sh[n++] = (struct rp_shape){ fp, { 0.5, 0.5, 0.5, 0.15 }, { 0.5, 0.5, 0.5 }, 0.5 };
    for (size_t i = 0; i < np; i++) {
        const json_t *f = json_array_get(pieces, i), *p = json_object_get(f, "properties");
        int c = colour_of(str(p, "zone"), str(p, "layer"));
        struct rp_shape s = {
            json_object_get(f, "geometry"), { 0.6, 0.6, 0.6, 0.5 }, { 0.3, 0.3, 0.3 }, 0.75
        };
        if (c >= 0) {
            memcpy(s.fill, colours[c].fill, sizeof s.fill);
            memcpy(s.stroke, colours[c].stroke, sizeof s.stroke);
        }
        if (s.fill[3] <= 0)
            s.line_width = 2.5; /* a shoreline piece is a line */
        sh[n++] = s;
        int seen = 0;
        for (size_t k = 0; k < nl; k++)
            seen |= !strcmp(lg[k].label, str(p, "zh"));
        if (!seen) {
            lg[nl].label = str(p, "zh");
            memcpy(lg[nl].fill, s.fill, sizeof s.fill);
            memcpy(lg[nl].stroke, s.stroke, sizeof s.stroke);
            nl++;
        }
    }
    /* the footprint's outline on top of its pieces */
    sh[n++] = (struct rp_shape){ fp, { 0, 0, 0, 0 }, { 0, 0, 0 }, 1.5 };
    lg[nl++] = (struct rp_legend){ "项目范围", { 0, 0, 0, 0 }, { 0, 0, 0 } };
    rp_map(d, sh, n, lg, nl, 250);
    free(sh);
    free(lg);
}

static void overlaps_table(struct rp_doc *d, const json_t *check)
{
    const json_t *ovs = json_object_get(check, "overlaps");
    size_t n = json_array_size(ovs);
    if (!n) {
        rp_paragraph(d, "项目范围不占用任何管控区。");
        return;
    }
    static const struct rp_column cols[] = { { "管控区", 0.34, 0 },
                                             { "面积（m²）/ 长度（m）", 0.22, 1 },
                                             { "亩", 0.15, 1 },
                                             { "公顷", 0.15, 1 },
                                             { "计入审查", 0.14, 0 } };
    char(*text)[4][48] = calloc(n, sizeof *text);
    const char **cells = calloc(n * 5, sizeof *cells);
    for (size_t i = 0; text && cells && i < n; i++) {
        const json_t *o = json_array_get(ovs, i);
        int line = json_object_get(o, "length_m") != NULL;
        grouped(num(o, line ? "length_m" : "ellipsoidal_area_m2"), 2, text[i][0], 48);
        if (line)
            snprintf(text[i][0] + strlen(text[i][0]), 48 - strlen(text[i][0]), " m");
        grouped(num(o, "mu"), 3, text[i][1], 48);
        grouped(num(o, "ha"), 4, text[i][2], 48);
        cells[i * 5] = str(o, "zh")[0] ? str(o, "zh") : str(o, "zone");
        cells[i * 5 + 1] = text[i][0];
        cells[i * 5 + 2] = line ? "—" : text[i][1];
        cells[i * 5 + 3] = line ? "—" : text[i][2];
        /* a sliver below the rule table's tolerance is shown but does not decide */
        cells[i * 5 + 4] = json_is_true(json_object_get(o, "counts")) ? "是" : "否（碎片）";
    }
    if (text && cells)
        rp_table(d, cols, 5, cells, n);
    free(text);
    free(cells);
}

static void classes_table(struct rp_doc *d, const json_t *check)
{
    const json_t *cls = json_object_get(check, "land_classes");
    size_t n = json_array_size(cls);
    if (!n)
        return;
    rp_heading(d, "三、占用地类");
    static const struct rp_column cols[] = { { "地类编码", 0.14, 0 },
                                             { "地类名称", 0.30, 0 },
                                             { "面积（m²）", 0.20, 1 },
                                             { "扣除田坎后（m²）", 0.20, 1 },
                                             { "亩", 0.16, 1 } };
    char(*text)[4][64] = calloc(n, sizeof *text);
    const char **cells = calloc(n * 5, sizeof *cells);
    for (size_t i = 0; text && cells && i < n; i++) {
        const json_t *c = json_array_get(cls, i);
        snprintf(text[i][0], 64, "%s%s%s", str(c, "zh")[0] ? str(c, "zh") : "（分类中无此编码）",
                 str(c, "class_zh")[0] ? " / " : "", str(c, "class_zh"));
        grouped(num(c, "ellipsoidal_area_m2"), 2, text[i][1], 64);
        grouped(num(c, "net_area_m2"), 2, text[i][2], 64);
        grouped(num(c, "ellipsoidal_area_m2") / GEO_M2_PER_MU, 3, text[i][3], 64);
        cells[i * 5] = str(c, "code");
        cells[i * 5 + 1] = text[i][0];
        cells[i * 5 + 2] = text[i][1];
        cells[i * 5 + 3] = text[i][2];
        cells[i * 5 + 4] = text[i][3];
    }
    if (text && cells)
        rp_table(d, cols, 5, cells, n);
    free(text);
    free(cells);
    char *scheme = rp_escape(str(json_array_get(cls, 0), "scheme"));
    char line[256];
    snprintf(line, sizeof line, "<small>地类按 %s 分类。</small>", scheme ? scheme : "");
    free(scheme);
    rp_paragraph(d, line);
}

/* "[M]" in a rule table marks a basis still to be checked against the notice it names. */
static void reasons_block(struct rp_doc *d, const json_t *check)
{
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(check, "reasons"), i, r)
    {
        char basis[1024];
        snprintf(basis, sizeof basis, "%s", str(r, "basis"));
        int unverified = 0;
        char *m;
        while ((m = strstr(basis, "[M]")) != NULL) {
            memmove(m, m + 3, strlen(m + 3) + 1);
            unverified = 1;
        }
        char *zone = rp_escape(str(r, "zone_zh")[0] ? str(r, "zone_zh") : str(r, "zone"));
        char *b = rp_escape(basis), *ap = rp_escape(str(r, "approval")),
             *co = rp_escape(str(r, "conditions")), *dz = rp_escape(str(r, "decision_zh"));
        size_t cap = zone && b && ap && co && dz
                         ? strlen(zone) + strlen(b) + strlen(ap) + strlen(co) + strlen(dz) + 256
                         : 0;
        char *text = cap ? malloc(cap) : NULL;
        if (zone && b && ap && co && dz && text) {
            int k = snprintf(text, cap, "%zu. <b>【%s】</b>%s%s%s%s", i + 1, dz, zone,
                             zone[0] ? "：" : "", b, unverified ? "（依据待核实）" : "");
            if (ap[0])
                k += snprintf(text + k, cap - (size_t)k, "\n    审批机关：%s", ap);
            if (co[0])
                snprintf(text + k, cap - (size_t)k, "\n    条件：%s", co);
            rp_paragraph(d, text);
        }
        free(text);
        free(zone);
        free(b);
        free(ap);
        free(co);
        free(dz);
    }
}

static void obligations_block(struct rp_doc *d, const json_t *check)
{
    const json_t *obs = json_object_get(check, "obligations");
    if (!json_array_size(obs)) {
        rp_paragraph(d, "无。");
        return;
    }
    size_t i;
    const json_t *o;
    json_array_foreach(obs, i, o)
    {
        char a[48], b[48], c[48], line[768];
        char *zh = rp_escape(str(o, "zh"));
        const char *kind = str(o, "obligation");
        if (!strcmp(kind, "cropland_supplement")) {
            grouped(num(o, "area_m2"), 2, a, sizeof a);
            grouped(num(o, "paddy_m2"), 2, b, sizeof b);
            grouped(num(o, "grain_capacity_kg"), 0, c, sizeof c);
            snprintf(line, sizeof line,
                     "%zu. %s：补充耕地 %s m²（%.3f 亩），其中水田 %s m²，粮食产能 %s 千克。",
                     i + 1, zh ? zh : "", a, num(o, "mu"), b, c);
        } else if (json_object_get(o, "length_m")) {
            grouped(num(o, "length_m"), 2, a, sizeof a);
            snprintf(line, sizeof line, "%zu. %s：%s 米。", i + 1, zh ? zh : "", a);
        } else {
            grouped(num(o, "area_m2"), 2, a, sizeof a);
            snprintf(line, sizeof line, "%zu. %s：%s m²（%.3f 亩）。", i + 1, zh ? zh : "", a,
                     num(o, "area_m2") / GEO_M2_PER_MU);
        }
        free(zh);
        rp_paragraph(d, line);
    }
}

static void parcels_table(struct rp_doc *d, const json_t *check)
{
    const json_t *ps = json_object_get(check, "parcels");
    size_t n = json_array_size(ps);
    if (!n)
        return;
    static const struct rp_column cols[] = { { "地块", 0.40, 0 },
                                             { "面积（m²）", 0.25, 1 },
                                             { "结论", 0.35, 0 } };
    char(*text)[48] = calloc(n, sizeof *text);
    const char **cells = calloc(n * 3, sizeof *cells);
    for (size_t i = 0; text && cells && i < n; i++) {
        const json_t *p = json_array_get(ps, i);
        grouped(num(p, "ellipsoidal_area_m2"), 2, text[i], 48);
        cells[i * 3] = str(p, "footprint");
        cells[i * 3 + 1] = text[i];
        cells[i * 3 + 2] = str(p, "verdict_zh");
    }
    if (text && cells) {
        rp_paragraph(d, "项目由以下地块组成，结论、面积与义务按各地块的并集（重叠部分只计一次）：");
        rp_table(d, cols, 3, cells, n);
    }
    free(text);
    free(cells);
}

int app_opinion_pdf(const json_t *opinion, const char *verify_url, char **pdf, size_t *n,
                    struct ls_err *err)
{
    const json_t *check = json_object_get(opinion, "check"),
                 *project = json_object_get(opinion, "project");
    if (!json_is_object(check) || !json_is_object(project))
        return ls_err_set(err, LS_EINVAL, "opinion", NULL, "check", "not a review opinion");
    const char *code = str(opinion, "code");
    char number[64], footer[160];
    snprintf(number, sizeof number, "第 %lld 号",
             (long long)json_integer_value(json_object_get(opinion, "id")));
    snprintf(footer, sizeof footer, "审查意见书%s　核验码 %s", number, code);
    struct rp_meta m = { .title = "建设项目用地“三区三线”合规审查意见书",
                         .author = str(opinion, "reviewer"),
                         .date = str(opinion, "recorded"),
                         .footer = footer };
    struct rp_doc *d = NULL;
    int rc = rp_open(&m, &d, err);
    if (rc)
        return rc;
    rp_title(d, m.title);

    char area[160] = "", regions[512] = "", rules[160];
    if (json_object_get(check, "length_m")) {
        char a[48];
        grouped(num(check, "length_m"), 2, a, sizeof a);
        snprintf(area, sizeof area, "%s 米", a);
    } else {
        char a[48], b[48], c[48];
        grouped(num(check, "ellipsoidal_area_m2"), 2, a, sizeof a);
        grouped(num(check, "ellipsoidal_area_m2") / GEO_M2_PER_MU, 3, b, sizeof b);
        grouped(num(check, "ellipsoidal_area_m2") / GEO_M2_PER_HA, 4, c, sizeof c);
        snprintf(area, sizeof area, "%s m²（%s 亩，%s 公顷），椭球面积", a, b, c);
    }
    if (num(check, "outside_county_m2") > 0) {
        char o[48];
        grouped(num(check, "outside_county_m2"), 2, o, sizeof o);
        snprintf(area + strlen(area), sizeof area - strlen(area), "；其中超出县域 %s m²", o);
    }
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(check, "regions"), i, r)
    {
        snprintf(regions + strlen(regions), sizeof regions - strlen(regions), "%s%s（%s）",
                 i ? "、" : "", str(r, "region"), str(r, "main_function_zone"));
    }
    snprintf(rules, sizeof rules, "%s（版本 %s）", str(check, "rules"),
             str(check, "rules_version"));
    const char *labels[] = { "意见书编号", "项目名称", "项目编号", "项目类别", "项目用地",
                             "所在乡镇",   "审查规则", "审查日期", "审查人" };
    const char *values[] = { number,
                             str(project, "name"),
                             str(project, "number"),
                             str(check, "category_zh")[0] ? str(check, "category_zh")
                                                          : str(check, "category"),
                             area,
                             regions[0] ? regions : "—",
                             rules,
                             str(opinion, "date"),
                             str(opinion, "reviewer") };
    rp_fields(d, labels, values, sizeof labels / sizeof *labels);

    rp_heading(d, "一、审查结论");
    char *verdict = rp_escape(str(check, "verdict_zh"));
    char line[512];
    snprintf(line, sizeof line, "经对照三区三线及用途管制规则审查，本项目用地结论为：<b>%s</b>。",
             verdict ? verdict : "");
    free(verdict);
    rp_paragraph(d, line);
    parcels_table(d, check);

    rp_keep(d, 330); /* the heading, the map and its legend together */
    rp_heading(d, "二、项目范围与占用情况");
    map_block(d, check);
    overlaps_table(d, check);
    classes_table(d, check);
    rp_heading(d, json_array_size(json_object_get(check, "land_classes")) ? "四、审查依据"
                                                                          : "三、审查依据");
    reasons_block(d, check);
    int four = json_array_size(json_object_get(check, "land_classes")) != 0;
    rp_heading(d, four ? "五、应履行的义务" : "四、应履行的义务");
    obligations_block(d, check);
    rp_heading(d, four ? "六、审查意见" : "五、审查意见");
    char *comment = rp_escape(str(opinion, "comment")[0] ? str(opinion, "comment") : "（无）");
    rp_paragraph(d, comment ? comment : "");
    free(comment);

    rp_space(d, 18);
    snprintf(line, sizeof line, "审查人（签字）：＿＿＿＿＿＿＿＿　　日期：%s",
             str(opinion, "date"));
    rp_paragraph(d, line);
    rp_space(d, 12);
    char *url = rp_escape(verify_url ? verify_url : "");
    char verify[768];
    snprintf(verify, sizeof verify,
             "<small>核验码 <b>%s</b>：本意见书是账本记录第 %lld 号（哈希 %s）的打印件。"
             "%s%s%s</small>",
             code, (long long)json_integer_value(json_object_get(opinion, "id")),
             str(opinion, "hash"), url && url[0] ? "在 " : "", url ? url : "",
             url && url[0] ? " 输入核验码可核对记录与内容是否一致。" : "");
    free(url);
    rp_paragraph(d, verify);
    return rp_close(d, pdf, n, err);
}
