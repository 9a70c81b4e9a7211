/*
 * The attribute fields of the county's layers as a reader knows them: the survey's field
 * codes (TD/T 1055-2019 DLTB: DLBM 地类编码 …, with units), ownership-type codes (QSXZ) and
 * land-class codes named from the server's compiled-in classification (/api/v1/landclasses).
 */
import { esc } from "./dom.js";
import { LANG } from "./i18n.js";
import { api, state } from "./session.js";

/* [中文, English, unit] */
const FIELDS = {
  BSM: ["标识码", "Identifier"], YSDM: ["要素代码", "Feature code"], TBBH: ["图斑编号", "Patch number"],
  DLBM: ["地类编码", "Land-class code"], DLMC: ["地类名称", "Land-class name"],
  QSXZ: ["权属性质", "Ownership type"], QSDWDM: ["权属单位代码", "Owner code"], QSDWMC: ["权属单位名称", "Owner"],
  ZLDWDM: ["坐落单位代码", "Location code"], ZLDWMC: ["坐落单位名称", "Location"],
  TBMJ: ["图斑面积", "Patch area", "m²"], KCDLBM: ["扣除地类编码", "Deducted class"],
  KCXS: ["扣除地类系数", "Deduction coefficient"], KCMJ: ["扣除地类面积", "Deducted area", "m²"],
  TBDLMJ: ["图斑地类面积", "Net class area", "m²"], GDLX: ["耕地类型", "Cropland type"],
  GDPDJB: ["耕地坡度级别", "Slope class"], GDDB: ["耕地等别", "Cropland grade"], SJNF: ["数据年份", "Data year"],
  XZQDM: ["行政区代码", "Division code"], XZQMC: ["行政区名称", "Division"], ZTGNQ: ["主体功能区", "Main function zone"],
  MJ: ["面积", "Area", "m²"], HXBH: ["红线编号", "Red-line number"], HXMC: ["红线名称", "Red-line name"],
  HXLX: ["红线类型", "Red-line type"], BHDMC: ["保护地名称", "Protected area"], GNFQ: ["功能分区", "Functional zone"],
  KBMC: ["开发边界名称", "Boundary name"], HLMC: ["河流名称", "River"], HLDJ: ["河流等级", "River grade"],
  CD: ["长度", "Length", "m"], AXLX: ["岸线类型", "Shoreline type"], TYPE: ["类型", "Type"],
};
/* 三调 QSXZ (权属性质) codes */
const OWNERSHIP = {
  "10": ["国有土地所有权", "State ownership"], "20": ["国有土地使用权", "State land-use right"],
  "30": ["集体土地所有权", "Collective ownership"], "31": ["村民小组", "Villagers' group"],
  "32": ["村集体经济组织", "Village collective"], "33": ["乡集体经济组织", "Township collective"],
  "34": ["其他农民集体经济组织", "Other farmers' collective"], "40": ["集体土地使用权", "Collective land-use right"],
};
const pick = pair => pair[LANG === "zh" ? 0 : 1];

export function fieldLabel(key) {
  const f = FIELDS[key];
  return f ? pick(f) + (f[2] ? ` (${f[2]})` : "") : key;
}

/* the survey classification's names by code, fetched once per session */
export async function loadLandClasses() {
  if (!state.landclasses) {
    const r = await api("GET", "/api/v1/landclasses/survey");
    state.landclasses = {};
    if (r.status === 200) for (const c of r.json.classes) state.landclasses[c.code] = c;
  }
  return state.landclasses;
}

export function fieldValue(key, v) {
  if (v === null || v === undefined || v === "") return "";
  if ((key === "DLBM" || key === "KCDLBM") && state.landclasses && state.landclasses[v])
    return `${v} ${LANG === "zh" ? state.landclasses[v].zh : state.landclasses[v].en}`;
  if (key === "QSXZ" && OWNERSHIP[v]) return `${v} ${pick(OWNERSHIP[v])}`;
  if (typeof v === "number" && FIELDS[key] && FIELDS[key][2])
    return v.toLocaleString(LANG === "zh" ? "zh-CN" : "en", { maximumFractionDigits: 2 });
  return String(v);
}

/* a feature's attributes as an HTML table (escaped), codes and values translated */
export function propsTable(p) {
  /* the name follows the code: in English the code's English name replaces DLMC */
  const entries = Object.entries(p || {}).filter(([k]) => !(k === "DLMC" && LANG !== "zh" && p.DLBM && state.landclasses && state.landclasses[p.DLBM]));
  return "<table>" + entries.map(([k, v]) => `<tr><th>${esc(fieldLabel(k))}</th><td>${esc(fieldValue(k, v))}</td></tr>`).join("") + "</table>";
}
