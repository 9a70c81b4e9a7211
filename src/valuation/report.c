/*
 * valuation/report — a valuation report as the files an appraiser hands over: report.json
 * (the report as val_run made it), report.html (one page: subject, method, inputs, each step
 * with its formula, result, floor check, scheme and request hashes) and report.xlsx (the same
 * in three sheets), written all or nothing into one folder. Dated by the valuation date, not
 * by the clock, so the same report gives the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/fsutil.h"
#include "base/text.h"
#include "valuation/internal.h"

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void html_value(FILE *f, const json_t *v)
{
    if (json_is_string(v)) {
        ls_text_html(f, json_string_value(v));
        return;
    }
    char *t = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    ls_text_html(f, t ? t : "");
    free(t);
}

static int write_html(const json_t *r, const char *path, struct ls_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the report");
    fputs("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
          "<title>估价报告 Valuation report</title><style>body{font-family:sans-serif;"
          "max-width:60em;margin:2em auto}table{border-collapse:collapse;width:100%}td,th{"
          "border:1px solid #bbb;padding:.3em .5em;text-align:left}td.n{text-align:right}"
          "</style></head><body>\n<h1>估价报告 Valuation report ",
          f);
    html_value(f, json_object_get(r, "valuation"));
    fputs("</h1>\n<table>", f);
    static const char *const rows[][2] = {
        { "估价期日 Valuation date", "date" },
        { "估价方法 Method", "method_zh" },
        { "method", "method" },
        { "技术路径 Family", "family" },
        { "依据 Standard", "standard" },
        { "计价单位 Basis", "basis" },
        { "请求摘要 Request SHA-256", "request_sha256" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fprintf(f, "<tr><th>%s</th><td>", rows[i][0]);
        ls_text_html(f, str(r, rows[i][1]));
        fputs("</td></tr>", f);
    }
    fputs("<tr><th>估价对象 Subject</th><td>", f);
    html_value(f, json_object_get(r, "subject"));
    const json_t *s = json_object_get(r, "scheme");
    fputs("</td></tr><tr><th>规则版本 Scheme</th><td>", f);
    ls_text_html(f, str(s, "id"));
    fputs(" ", f);
    ls_text_html(f, str(s, "version"));
    fputs(" (SHA-256 ", f);
    ls_text_html(f, str(s, "sha256"));
    fputs(")</td></tr></table>\n<h2>输入 Inputs</h2><table>", f);
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)json_object_get(r, "inputs"), k, v)
    {
        fputs("<tr><th>", f);
        ls_text_html(f, k);
        fputs("</th><td>", f);
        html_value(f, v);
        fputs("</td></tr>", f);
    }
    fputs("</table>\n<h2>计算过程 Steps</h2><table><tr><th>步骤 Step</th><th>公式 Formula</th>"
          "<th>值 Value</th></tr>",
          f);
    size_t i;
    json_array_foreach(json_object_get(r, "steps"), i, v)
    {
        fputs("<tr><td>", f);
        ls_text_html(f, str(v, "step"));
        fputs("</td><td>", f);
        ls_text_html(f, str(v, "formula"));
        fprintf(f, "</td><td class=\"n\">%.4f</td></tr>",
                json_number_value(json_object_get(v, "value")));
    }
    fprintf(f,
            "</table>\n<h2>结果 Result</h2><table><tr><th>单价 Unit value (%s)</th>"
            "<td class=\"n\">%.2f</td></tr><tr><th>数量 Quantity</th><td class=\"n\">%g</td></tr>"
            "<tr><th>总价 Value (yuan)</th><td class=\"n\">%.2f</td></tr>",
            str(r, "basis"), json_number_value(json_object_get(r, "unit_value")),
            json_number_value(json_object_get(r, "quantity")),
            json_number_value(json_object_get(r, "value")));
    const json_t *fl = json_object_get(r, "floor");
    if (fl)
        fprintf(f, "<tr><th>底价 Floor (%s)</th><td class=\"n\">%.2f — %s</td></tr>",
                str(fl, "basis"), json_number_value(json_object_get(fl, "amount")),
                json_is_true(json_object_get(fl, "met")) ? "满足 met" : "不满足 NOT met");
    fputs("</table>\n</body></html>\n", f);
    return fclose(f) ? ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the report") : 0;
}

static int write_xlsx(const json_t *r, const char *path, struct ls_err *err)
{
    lxw_workbook_options opt = { .constant_memory = LXW_FALSE };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create the workbook");
    /* the valuation date, not the clock */
    struct tm tm = { 0 };
    sscanf(str(r, "date"), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    char title[] = "估价报告 Valuation report", author[] = "Liangshan";
    lxw_doc_properties props = { .title = title, .author = author, .created = timegm(&tm) };
    workbook_set_properties(wb, &props);
    lxw_format *head = workbook_add_format(wb), *num = workbook_add_format(wb);
    format_set_bold(head);
    format_set_num_format(num, "#,##0.00");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "结果");
    worksheet_set_column(ws, 0, 0, 26, NULL);
    worksheet_set_column(ws, 1, 1, 70, NULL);
    static const char *const keys[] = { "valuation", "date",     "method", "method_zh",
                                        "family",    "standard", "basis",  "request_sha256" };
    lxw_row_t row = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++, row++) {
        worksheet_write_string(ws, row, 0, keys[i], head);
        worksheet_write_string(ws, row, 1, str(r, keys[i]), NULL);
    }
    static const char *const nums[] = { "unit_value", "quantity", "value" };
    for (size_t i = 0; i < 3; i++, row++) {
        worksheet_write_string(ws, row, 0, nums[i], head);
        worksheet_write_number(ws, row, 1, json_number_value(json_object_get(r, nums[i])), num);
    }
    const json_t *fl = json_object_get(r, "floor");
    if (fl) {
        worksheet_write_string(ws, row, 0, "floor", head);
        worksheet_write_number(ws, row++, 1, json_number_value(json_object_get(fl, "amount")), num);
        worksheet_write_string(ws, row, 0, "floor met", head);
        worksheet_write_string(ws, row++, 1,
                               json_is_true(json_object_get(fl, "met")) ? "yes" : "no", NULL);
    }
    const json_t *s = json_object_get(r, "scheme");
    worksheet_write_string(ws, row, 0, "scheme", head);
    char sch[200];
    snprintf(sch, sizeof sch, "%s %s sha256:%s", str(s, "id"), str(s, "version"), str(s, "sha256"));
    worksheet_write_string(ws, row, 1, sch, NULL);
    ws = workbook_add_worksheet(wb, "计算过程");
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_set_column(ws, 2, 2, 18, NULL);
    worksheet_write_string(ws, 0, 0, "step", head);
    worksheet_write_string(ws, 0, 1, "formula", head);
    worksheet_write_string(ws, 0, 2, "value", head);
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(r, "steps"), i, v)
    {
        worksheet_write_string(ws, (lxw_row_t)i + 1, 0, str(v, "step"), NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 1, str(v, "formula"), NULL);
        worksheet_write_number(ws, (lxw_row_t)i + 1, 2,
                               json_number_value(json_object_get(v, "value")), num);
    }
    ws = workbook_add_worksheet(wb, "输入");
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 80, NULL);
    const char *k;
    row = 0;
    json_object_foreach((json_t *)json_object_get(r, "inputs"), k, v)
    {
        worksheet_write_string(ws, row, 0, k, head);
        if (json_is_number(v)) {
            worksheet_write_number(ws, row++, 1, json_number_value(v), NULL);
        } else {
            char *t = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
            worksheet_write_string(ws, row++, 1, t ? t : "", NULL);
            free(t);
        }
    }
    lxw_error e = workbook_close(wb);
    return e == LXW_NO_ERROR ? 0
                             : ls_err_set(err, LS_EIO, path, NULL, NULL,
                                          "cannot write the workbook: %s", lxw_strerror(e));
}

int val_report_write(const json_t *report, const char *dir, int overwrite, struct ls_err *err)
{
    struct ls_staged_dir sd;
    int rc = ls_dir_stage(dir, overwrite, "out", &sd, err);
    if (rc)
        return rc;
    char path[1200];
    char *text = json_dumps(report, JSON_INDENT(2) | JSON_SORT_KEYS);
    snprintf(path, sizeof path, "%s/report.json", sd.tmp);
    rc = text ? 0 : ls_err_set(err, LS_ENOMEM, dir, NULL, NULL, "out of memory");
    if (!rc) {
        FILE *f = fopen(path, "w");
        if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0)
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the report");
        if (f && fclose(f) && !rc)
            rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the report");
    }
    free(text);
    if (!rc) {
        snprintf(path, sizeof path, "%s/report.html", sd.tmp);
        rc = write_html(report, path, err);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/report.xlsx", sd.tmp);
        rc = write_xlsx(report, path, err);
    }
    if (rc) {
        ls_dir_discard(&sd);
        return rc;
    }
    return ls_dir_publish(&sd, err);
}
