/*
 * gep/xlsx — the account as an Excel workbook (libxlsxwriter), the format bureaus exchange:
 * 总表 (items: category, physical quantity, unit, value in 万元, counted in GEP), 分乡镇 (value
 * by item and region), 分生态系统 (value by item and ecosystem type), 明细 (item × region ×
 * type, physical and value), 价格 (every price of the method with year and source, re-based)
 * and 溯源 (inputs and their hashes). The document properties carry the account year as
 * their date, so the same account gives the same bytes.
 */
#ifndef LS_GEP_XLSX_H
#define LS_GEP_XLSX_H

#include "gep/run.h"

int gep_write_xlsx(const struct gep_result *r, const char *path, struct ls_err *err);

#endif
