/*
 * compensation/report — an allocation as the files a finance bureau circulates: allocation.json
 * (everything), allocation.xlsx (the amounts, the factor table and every step: shares, bounds,
 * adjustments, rounding) and allocation.html (the same for reading), all or none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/fsutil.h"
#include "base/text.h"
#include "compensation/internal.h"

static int write_json(const json_t *a, const char *path, struct ls_err *err)
{
    char *text = json_dumps(a, JSON_INDENT(1) | JSON_SORT_KEYS);
    if (!text)
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    size_t n = strlen(text);
    text[n] = '\n';
    int rc = ls_write_file(path, text, n + 1, 1, "out", err);
    free(text);
    return rc;
}

/* The factor ids in the order the first region lists them (the JSON's sorted keys). */
static const json_t *first_factors(const json_t *a)
{
    return json_object_get(json_array_get(json_object_get(a, "regions"), 0), "factors");
}

static int write_xlsx(const json_t *a, const char *path, struct ls_err *err)
{
    lxw_workbook_options opt = { .constant_memory = LXW_FALSE };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create the workbook");
    /* the allocation's year, not the clock: the same allocation gives the same file */
    struct tm tm = { 0 };
    tm.tm_year = (int)json_integer_value(json_object_get(a, "year")) - 1900;
    tm.tm_mon = 11;
    tm.tm_mday = 31;
    char title[] = "生态补偿资金分配 Compensation allocation", author[] = "Liangshan";
    lxw_doc_properties props = { .title = title, .author = author, .created = timegm(&tm) };
    workbook_set_properties(wb, &props);
    lxw_format *head = workbook_add_format(wb), *num = workbook_add_format(wb),
               *pct = workbook_add_format(wb);
    format_set_bold(head);
    format_set_num_format(num, "#,##0.0000");
    format_set_num_format(pct, "0.000000%");
    const json_t *regions = json_object_get(a, "regions"), *sc = json_object_get(a, "scheme");

    lxw_worksheet *ws = workbook_add_worksheet(wb, "分配结果");
    static const char *const cols[] = { "地区 region",         "名称 name",         "份额 share",
                                        "奖励 reward",         "扣减 deduction",    "约束 bound",
                                        "精确值 exact",        "舍入 rounded down", "补整 +1",
                                        "分配额（万元）amount" };
    for (lxw_col_t c = 0; c < 10; c++)
        worksheet_write_string(ws, 0, c, cols[c], head);
    worksheet_set_column(ws, 0, 9, 16, NULL);
    size_t i;
    const json_t *r;
    json_array_foreach(regions, i, r)
    {
        lxw_row_t row = (lxw_row_t)i + 1;
        worksheet_write_string(ws, row, 0, cmp_str(r, "region"), NULL);
        worksheet_write_string(ws, row, 1, cmp_str(r, "name"), NULL);
        worksheet_write_number(ws, row, 2, cmp_num(r, "share"), pct);
        worksheet_write_number(ws, row, 3, cmp_num(r, "reward"), NULL);
        worksheet_write_number(ws, row, 4, cmp_num(r, "deduction"), NULL);
        worksheet_write_string(ws, row, 5, cmp_str(r, "bound"), NULL);
        worksheet_write_number(ws, row, 6, cmp_num(r, "exact"), num);
        worksheet_write_number(
            ws, row, 7, (double)json_integer_value(json_object_get(r, "rounded_down")), NULL);
        worksheet_write_number(ws, row, 8, json_is_true(json_object_get(r, "round_up")) ? 1 : 0,
                               NULL);
        worksheet_write_number(ws, row, 9,
                               (double)json_integer_value(json_object_get(r, "amount_wan")), NULL);
    }
    lxw_row_t last = (lxw_row_t)json_array_size(regions) + 1;
    worksheet_write_string(ws, last, 0, "合计 total", head);
    worksheet_write_number(ws, last, 9, (double)json_integer_value(json_object_get(a, "total_wan")),
                           head);

    ws = workbook_add_worksheet(wb, "因素");
    worksheet_write_string(ws, 0, 0, "地区 region", head);
    const char *k;
    json_t *v;
    lxw_col_t c = 1;
    json_object_foreach((json_t *)first_factors(a), k, v)
    {
        worksheet_write_string(ws, 0, c++, k, head);
    }
    json_array_foreach(regions, i, r)
    {
        worksheet_write_string(ws, (lxw_row_t)i + 1, 0, cmp_str(r, "region"), NULL);
        c = 1;
        json_object_foreach((json_t *)json_object_get(r, "factors"), k, v)
        {
            worksheet_write_number(ws, (lxw_row_t)i + 1, c++, json_number_value(v), NULL);
        }
    }

    ws = workbook_add_worksheet(wb, "计算过程");
    static const char *const steps[] = { "地区 region", "分量/因素 component/factor", "权重 weight",
                                         "归一化 normalised", "加权 weighted" };
    for (c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, c, steps[c], head);
    lxw_row_t row = 1;
    json_array_foreach(regions, i, r)
    {
        json_object_foreach((json_t *)json_object_get(r, "shares"), k, v)
        {
            double w = cmp_alloc_weight(a, k);
            worksheet_write_string(ws, row, 0, cmp_str(r, "region"), NULL);
            worksheet_write_string(ws, row, 1, k, NULL);
            worksheet_write_number(ws, row, 2, w, NULL);
            worksheet_write_number(ws, row, 3, json_number_value(v), pct);
            worksheet_write_number(ws, row++, 4, w * json_number_value(v), pct);
        }
    }

    ws = workbook_add_worksheet(wb, "方案");
    const char *keys[][2] = { { "allocation", cmp_str(a, "allocation") },
                              { "scheme", cmp_str(sc, "scheme") },
                              { "version", cmp_str(sc, "version") },
                              { "valid_from", cmp_str(sc, "valid_from") },
                              { "source", cmp_str(sc, "source") },
                              { "scheme sha256", cmp_str(sc, "sha256") },
                              { "factors sha256", cmp_str(a, "factors_sha256") } };
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, 1, 90, NULL);
    for (row = 0; row < 7; row++) {
        worksheet_write_string(ws, row, 0, keys[row][0], head);
        worksheet_write_string(ws, row, 1, keys[row][1], NULL);
    }
    worksheet_write_string(ws, row, 0, "verified", head);
    worksheet_write_string(ws, row++, 1,
                           json_is_true(json_object_get(sc, "verified")) ? "yes" : "no (R)", NULL);
    worksheet_write_string(ws, row, 0, "pool (万元)", head);
    worksheet_write_number(ws, row, 1, cmp_num(a, "pool_wan"), NULL);
    lxw_error e = workbook_close(wb);
    return e == LXW_NO_ERROR ? 0
                             : ls_err_set(err, LS_EIO, path, NULL, NULL,
                                          "cannot write the workbook: %s", lxw_strerror(e));
}

static int write_html(const json_t *a, const char *path, struct ls_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the report");
    const json_t *sc = json_object_get(a, "scheme");
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>", f);
    ls_text_html(f, cmp_str(a, "allocation"));
    fputs("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
          "td,th{border:1px solid #999;padding:2px 6px}td.n{text-align:right}</style></head>"
          "<body>\n<h1>生态补偿资金分配 Compensation allocation ",
          f);
    ls_text_html(f, cmp_str(a, "allocation"));
    fprintf(f, " (%lld)</h1>\n<p>", (long long)json_integer_value(json_object_get(a, "year")));
    ls_text_html(f, cmp_str(sc, "name"));
    fputs(" — ", f);
    ls_text_html(f, cmp_str(sc, "scheme"));
    fputs(" ", f);
    ls_text_html(f, cmp_str(sc, "version"));
    fprintf(f,
            "%s</p>\n<p>资金池 Pool %.0f 万元; 奖励 rewards %.0f; 扣减 deductions %.0f; 合计 total "
            "%lld 万元</p>\n",
            json_is_true(json_object_get(sc, "verified")) ? "" : " (未核实系数 unverified figures)",
            cmp_num(a, "pool_wan"), cmp_num(a, "rewards_wan"), cmp_num(a, "deductions_wan"),
            (long long)json_integer_value(json_object_get(a, "total_wan")));
    fputs("<table><tr><th>地区 region</th><th>名称 name</th><th>份额 share</th><th>奖励</th>"
          "<th>扣减</th><th>约束</th><th>精确值 exact</th><th>+1</th><th>万元</th></tr>\n",
          f);
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(a, "regions"), i, r)
    {
        fputs("<tr><td>", f);
        ls_text_html(f, cmp_str(r, "region"));
        fputs("</td><td>", f);
        ls_text_html(f, cmp_str(r, "name"));
        fprintf(f,
                "</td><td class=\"n\">%.6f</td><td class=\"n\">%.0f</td><td class=\"n\">%.0f"
                "</td><td>%s</td><td class=\"n\">%.4f</td><td>%s</td><td class=\"n\">%lld</td>"
                "</tr>\n",
                cmp_num(r, "share"), cmp_num(r, "reward"), cmp_num(r, "deduction"),
                cmp_str(r, "bound"), cmp_num(r, "exact"),
                json_is_true(json_object_get(r, "round_up")) ? "+1" : "",
                (long long)json_integer_value(json_object_get(r, "amount_wan")));
    }
    fputs("</table>\n</body></html>\n", f);
    return fclose(f) ? ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the report") : 0;
}

int cmp_report_write(const json_t *a, const char *dir, int overwrite, struct ls_err *err)
{
    struct ls_staged_dir sd;
    int rc = ls_dir_stage(dir, overwrite, "out", &sd, err);
    if (rc)
        return rc;
    char path[1200];
    snprintf(path, sizeof path, "%s/allocation.json", sd.tmp);
    rc = write_json(a, path, err);
    if (!rc) {
        snprintf(path, sizeof path, "%s/allocation.xlsx", sd.tmp);
        rc = write_xlsx(a, path, err);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/allocation.html", sd.tmp);
        rc = write_html(a, path, err);
    }
    if (rc) {
        ls_dir_discard(&sd);
        return rc;
    }
    return ls_dir_publish(&sd, err);
}
