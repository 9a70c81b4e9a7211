/*
 * damage/report — a damage case as the workbook a claims office files (report.xlsx): the case
 * (lead, area, classes, zones, state, deadline), its history by role, each valuation with its
 * inputs, steps and scheme version, and its documents by SHA-256.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/date.h"
#include "damage/internal.h"

static void row(lxw_worksheet *ws, lxw_row_t r, const char *k, const char *v, lxw_format *head)
{
    worksheet_write_string(ws, r, 0, k, head);
    worksheet_write_string(ws, r, 1, v ? v : "", NULL);
}

int dmg_report_xlsx(const json_t *c, const char *path, struct ls_err *err)
{
    lxw_workbook_options opt = { .constant_memory = LXW_FALSE };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create the workbook");
    const json_t *lead = json_object_get(c, "lead");
    /* the lead's date, not the clock: the same case gives the same file */
    struct tm tm = { 0 };
    int y = 2000, m = 1, d = 1;
    if (ls_date_valid(dmg_str(lead, "date")))
        sscanf(dmg_str(lead, "date"), "%d-%d-%d", &y, &m, &d);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    char title[] = "自然资源资产损害案件 Damage case", author[] = "Liangshan";
    lxw_doc_properties props = { .title = title, .author = author, .created = timegm(&tm) };
    workbook_set_properties(wb, &props);
    lxw_format *head = workbook_add_format(wb), *num = workbook_add_format(wb);
    format_set_bold(head);
    format_set_num_format(num, "#,##0.00");

    lxw_worksheet *ws = workbook_add_worksheet(wb, "案件");
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 80, NULL);
    char buf[256];
    lxw_row_t r = 0;
    row(ws, r++, "case 案件", dmg_str(c, "case"), head);
    row(ws, r++, "state 状态", dmg_str(c, "state"), head);
    row(ws, r++, "deadline 期限", dmg_str(c, "deadline"), head);
    row(ws, r++, "source 来源", dmg_str(lead, "source"), head);
    row(ws, r++, "kind 类型", dmg_str(lead, "kind"), head);
    row(ws, r++, "opened 登记", dmg_str(lead, "date"), head);
    snprintf(buf, sizeof buf, "%s → %s", dmg_str(lead, "class_before"),
             dmg_str(lead, "class_after"));
    row(ws, r++, "classes 地类", buf, head);
    worksheet_write_string(ws, r, 0, "area_m2 面积", head);
    worksheet_write_number(ws, r++, 1, dmg_num(lead, "area_m2"), num);
    worksheet_write_string(ws, r, 0, "value_yuan 估值", head);
    worksheet_write_number(ws, r++, 1, dmg_num(c, "value_yuan"), num);
    size_t i, j;
    const json_t *x, *s;
    json_array_foreach(json_object_get(lead, "units"), i, x)
    {
        char holders[200] = "";
        json_array_foreach(json_object_get(x, "holders"), j, s)
        {
            snprintf(holders + strlen(holders), sizeof holders - strlen(holders), "%s%s",
                     holders[0] ? ", " : "", dmg_str(s, "name"));
        }
        snprintf(buf, sizeof buf, "%s (%s)", dmg_str(x, "unit"), holders);
        row(ws, r++, "unit 不动产单元", buf, head);
    }

    ws = workbook_add_worksheet(wb, "过程");
    static const char *const hk[] = { "date", "action", "state", "actor", "role", "reason" };
    for (lxw_col_t k = 0; k < 6; k++)
        worksheet_write_string(ws, 0, k, hk[k], head);
    json_array_foreach(json_object_get(c, "history"), i, x)
    {
        for (lxw_col_t k = 0; k < 6; k++)
            worksheet_write_string(ws, (lxw_row_t)i + 1, k, dmg_str(x, hk[k]), NULL);
    }

    ws = workbook_add_worksheet(wb, "估值");
    worksheet_set_column(ws, 0, 0, 24, NULL);
    worksheet_set_column(ws, 1, 1, 64, NULL);
    worksheet_set_column(ws, 2, 2, 18, NULL);
    r = 0;
    json_array_foreach(json_object_get(c, "valuations"), i, x)
    {
        const json_t *sc = json_object_get(x, "scheme");
        snprintf(buf, sizeof buf, "%s (%s) — %s %s%s, rate %g, claim year %lld",
                 dmg_str(x, "method_zh"), dmg_str(x, "method"), dmg_str(sc, "scheme"),
                 dmg_str(sc, "version"), json_is_true(json_object_get(sc, "verified")) ? "" : " R",
                 dmg_num(x, "rate"),
                 (long long)json_integer_value(json_object_get(x, "claim_year")));
        worksheet_write_string(ws, r++, 0, buf, head);
        json_array_foreach(json_object_get(x, "steps"), j, s)
        {
            worksheet_write_string(ws, r, 0, dmg_str(s, "step"), NULL);
            worksheet_write_string(ws, r, 1, dmg_str(s, "formula"), NULL);
            worksheet_write_number(ws, r++, 2, dmg_num(s, "value"), num);
        }
        worksheet_write_string(ws, r, 0, "value_yuan", head);
        worksheet_write_number(ws, r++, 2, dmg_num(x, "value_yuan"), num);
        char *in = json_dumps(json_object_get(x, "inputs"), JSON_COMPACT | JSON_SORT_KEYS);
        worksheet_write_string(ws, r, 0, "inputs", head);
        worksheet_write_string(ws, r++, 1, in ? in : "", NULL);
        free(in);
        r++;
    }

    ws = workbook_add_worksheet(wb, "文书");
    worksheet_set_column(ws, 2, 2, 70, NULL);
    static const char *const dk[] = { "kind", "file", "sha256" };
    for (lxw_col_t k = 0; k < 3; k++)
        worksheet_write_string(ws, 0, k, dk[k], head);
    json_array_foreach(json_object_get(c, "documents"), i, x)
    {
        for (lxw_col_t k = 0; k < 3; k++)
            worksheet_write_string(ws, (lxw_row_t)i + 1, k, dmg_str(x, dk[k]), NULL);
    }
    lxw_error e = workbook_close(wb);
    return e == LXW_NO_ERROR ? 0
                             : ls_err_set(err, LS_EIO, path, NULL, NULL,
                                          "cannot write the workbook: %s", lxw_strerror(e));
}
