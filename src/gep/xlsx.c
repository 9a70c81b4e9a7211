/* gep/xlsx — account.xlsx. */
#include "gep/xlsx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "gep/run.h"

static const char *category_zh(enum gep_category c)
{
    switch (c) {
    case GEP_PROVISIONING:
        return "物质供给";
    case GEP_REGULATING:
        return "调节服务";
    case GEP_CULTURAL:
        return "文化服务";
    case GEP_STOCK:
        return "存量（不计入）";
    }
    return "";
}

struct formats {
    lxw_format *head, *num, *wan, *text;
};

static void header(lxw_worksheet *ws, const struct formats *f, const char *const *cols, int n)
{
    for (int i = 0; i < n; i++) {
        worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], f->head);
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, i == 0 ? 22 : 16, NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
}

static void summary(lxw_workbook *wb, const struct gep_result *r, const struct formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "总表");
    static const char *const cols[] = { "项目", "item",           "类别",    "实物量",
                                        "单位", "价值量（万元）", "计入GEP", "说明" };
    header(ws, f, cols, 8);
    lxw_row_t row = 1;
    for (size_t k = 0; k < r->n_items; k++, row++) {
        const struct gep_result_item *ri = &r->items[k];
        const struct gep_item *it = &ri->item;
        worksheet_write_string(ws, row, 0, it->def->zh, NULL);
        worksheet_write_string(ws, row, 1, it->def->id, NULL);
        worksheet_write_string(ws, row, 2, category_zh(it->def->category), NULL);
        if (ri->not_applicable) {
            worksheet_write_string(ws, row, 7, ri->not_applicable, NULL);
            continue;
        }
        worksheet_write_number(ws, row, 3, gep_result_phys(r, k, -1, -1), f->num);
        worksheet_write_string(ws, row, 4, it->def->unit, NULL);
        worksheet_write_number(ws, row, 5, gep_result_value(r, k, -1, -1) / 1e4, f->wan);
        worksheet_write_string(ws, row, 6, it->mi->in_total ? "是" : "否", NULL);
        if (!it->mi->in_total)
            worksheet_write_string(ws, row, 7, it->mi->exclusion, NULL);
    }
    struct gep_totals t;
    gep_result_totals(r, &t);
    const struct {
        const char *name;
        double v;
    } tot[] = { { "物质供给合计", t.provisioning },
                { "调节服务合计", t.regulating },
                { "文化服务合计", t.cultural },
                { "生态产品总值 GEP", t.gep } };
    row++;
    for (int i = 0; i < 4; i++, row++) {
        worksheet_write_string(ws, row, 0, tot[i].name, f->head);
        worksheet_write_number(ws, row, 5, tot[i].v / 1e4, f->wan);
    }
}

static void by_region(lxw_workbook *wb, const struct gep_result *r, const struct formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "分乡镇");
    worksheet_write_string(ws, 0, 0, "项目（价值量，万元）", f->head);
    worksheet_set_column(ws, 0, 0, 22, NULL);
    for (size_t z = 0; z < r->n_regions; z++) {
        worksheet_write_string(ws, 0, (lxw_col_t)(z + 1), r->region_names[z], f->head);
        worksheet_set_column(ws, (lxw_col_t)(z + 1), (lxw_col_t)(z + 1), 14, NULL);
    }
    worksheet_freeze_panes(ws, 1, 1);
    for (size_t k = 0; k < r->n_items; k++) {
        worksheet_write_string(ws, (lxw_row_t)(k + 1), 0, r->items[k].item.def->zh, NULL);
        for (size_t z = 0; z < r->n_regions; z++)
            worksheet_write_number(ws, (lxw_row_t)(k + 1), (lxw_col_t)(z + 1),
                                   gep_result_value(r, k, (long)z, -1) / 1e4, f->wan);
    }
}

static void by_ecosystem(lxw_workbook *wb, const struct gep_result *r, const struct formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "分生态系统");
    worksheet_write_string(ws, 0, 0, "项目（价值量，万元）", f->head);
    worksheet_set_column(ws, 0, 0, 22, NULL);
    for (int e = 1; e < GEP_ECO_COUNT; e++)
        worksheet_write_string(ws, 0, (lxw_col_t)e, gep_eco_zh(e), f->head);
    worksheet_write_string(ws, 0, GEP_ECO_COUNT, "未分类型", f->head);
    worksheet_freeze_panes(ws, 1, 1);
    for (size_t k = 0; k < r->n_items; k++) {
        worksheet_write_string(ws, (lxw_row_t)(k + 1), 0, r->items[k].item.def->zh, NULL);
        for (int e = 1; e <= GEP_ECO_COUNT; e++)
            worksheet_write_number(ws, (lxw_row_t)(k + 1), (lxw_col_t)e,
                                   gep_result_value(r, k, -1, e % GEP_ECO_COUNT) / 1e4, f->wan);
    }
}

static void detail(lxw_workbook *wb, const struct gep_result *r, const struct formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "明细");
    static const char *const cols[] = { "项目",   "区域", "生态系统类型", "面积（公顷）",
                                        "实物量", "单位", "价值量（元）" };
    header(ws, f, cols, 7);
    lxw_row_t row = 1;
    for (size_t k = 0; k < r->n_items; k++)
        for (size_t z = 0; z < r->n_regions; z++)
            for (int e = 0; e < GEP_ECO_COUNT; e++) {
                size_t cell = z * GEP_ECO_COUNT + (size_t)e;
                double p = r->items[k].phys[cell], v = r->items[k].value[cell];
                if (r->area_m2[cell] == 0 && p == 0 && v == 0)
                    continue;
                worksheet_write_string(ws, row, 0, r->items[k].item.def->zh, NULL);
                worksheet_write_string(ws, row, 1, r->region_names[z], NULL);
                worksheet_write_string(ws, row, 2, e ? gep_eco_zh(e) : "未分类型", NULL);
                worksheet_write_number(ws, row, 3, r->area_m2[cell] / 1e4, f->num);
                worksheet_write_number(ws, row, 4, p, f->num);
                worksheet_write_string(ws, row, 5, r->items[k].item.def->unit, NULL);
                worksheet_write_number(ws, row, 6, v, f->num);
                row++;
            }
}

static void prices(lxw_workbook *wb, const struct gep_result *r, const struct formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "价格");
    static const char *const cols[] = { "项目", "价格", "原值", "单位", "年份", "来源" };
    header(ws, f, cols, 6);
    lxw_row_t row = 1;
    for (size_t i = 0; i < r->method.n_items; i++) {
        const struct gep_method_item *mi = &r->method.items[i];
        const char *name;
        json_t *p;
        json_object_foreach(mi->prices, name, p)
        {
            worksheet_write_string(ws, row, 0, mi->id, NULL);
            worksheet_write_string(ws, row, 1, name, NULL);
            worksheet_write_number(ws, row, 2, json_number_value(json_object_get(p, "value")),
                                   f->num);
            worksheet_write_string(ws, row, 3, json_string_value(json_object_get(p, "unit")), NULL);
            worksheet_write_number(ws, row, 4,
                                   (double)json_integer_value(json_object_get(p, "year")), NULL);
            const char *src = json_string_value(json_object_get(p, "source"));
            worksheet_write_string(ws, row, 5, src ? src : "", NULL);
            row++;
        }
    }
}

static void provenance(lxw_workbook *wb, const struct gep_result *r, const struct formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "溯源");
    static const char *const cols[] = { "输入", "文件", "SHA-256" };
    header(ws, f, cols, 3);
    worksheet_set_column(ws, 1, 1, 40, NULL);
    worksheet_set_column(ws, 2, 2, 70, NULL);
    lxw_row_t row = 1;
    worksheet_write_string(ws, row, 0, "method", NULL);
    worksheet_write_string(ws, row, 1, r->method.origin, NULL);
    worksheet_write_string(ws, row++, 2, r->method.sha256, NULL);
    for (size_t i = 0; i < r->n_inputs; i++, row++) {
        worksheet_write_string(ws, row, 0, r->inputs[i].role, NULL);
        worksheet_write_string(ws, row, 1, r->inputs[i].path, NULL);
        worksheet_write_string(ws, row, 2, r->inputs[i].sha256, NULL);
    }
    worksheet_write_string(ws, row, 0, "software", NULL);
    worksheet_write_string(ws, row, 1, "liangshan " LS_VERSION, NULL);
}

int gep_write_xlsx(const struct gep_result *r, const char *path, struct ls_err *err)
{
    lxw_workbook_options opt = { .constant_memory = LXW_FALSE };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create the workbook");
    /* a fixed date (1 January of the account year) instead of "now" */
    struct tm tm = { .tm_year = r->account.year - 1900, .tm_mon = 0, .tm_mday = 1 };
    char title[256], subject[] = "生态产品总值（GEP）核算", author[] = "Liangshan";
    snprintf(title, sizeof title, "%s", r->account.name);
    lxw_doc_properties props = {
        .title = title, .subject = subject, .author = author, .created = timegm(&tm)
    };
    workbook_set_properties(wb, &props);
    struct formats f = { .head = workbook_add_format(wb),
                         .num = workbook_add_format(wb),
                         .wan = workbook_add_format(wb) };
    format_set_bold(f.head);
    format_set_num_format(f.num, "#,##0.00");
    format_set_num_format(f.wan, "#,##0.00");
    summary(wb, r, &f);
    by_region(wb, r, &f);
    by_ecosystem(wb, r, &f);
    detail(wb, r, &f);
    prices(wb, r, &f);
    provenance(wb, r, &f);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write the workbook: %s",
                          lxw_strerror(e));
    return 0;
}
