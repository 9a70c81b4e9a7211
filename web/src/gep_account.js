/*
 * A GEP account as a published account reads (the tables of GEP bulletins): the lead figures
 * (GEP, the change on last year, GEP/GDP, per capita, per km², the regulating share), then the
 * items by category with subtotals, shares and a total row, physical quantities in scaled
 * units (万立方米, 亿千瓦时 …), and the items left out of the total (不计入总值) each with its
 * reason. Everything comes from the account and its change file; nothing is recomputed but
 * sums of what the account lists.
 */
import { esc, fmt, h } from "./dom.js";
import { LANG, t } from "./i18n.js";
import { api } from "./session.js";

/* the account's units, in Chinese and English */
const UNITS = {
  "t": ["吨", "t"], "kWh": ["千瓦时", "kWh"], "m3": ["立方米", "m³"], "km": ["千米", "km"], "t CO2": ["吨二氧化碳", "t CO₂"],
  "person-trips": ["人次", "person-trips"], "m2": ["平方米", "m²"], "t C": ["吨碳", "t C"],
};
export const unitName = u => (UNITS[u] ? UNITS[u][LANG === "zh" ? 0 : 1] : u);

/* A physical quantity in the scale a bulletin prints it: 亿 or 万 before the Chinese unit;
 * million or thousand in English. [number text, unit text] */
export function scaled(x, unit) {
  const u = unitName(unit), a = Math.abs(x);
  if (LANG === "zh") {
    if (a >= 1e8) return [fmt(x / 1e8, 2), `亿${u}`];
    if (a >= 1e4) return [fmt(x / 1e4, 2), `万${u}`];
    return [fmt(x, a < 10 ? 2 : 1), u];
  }
  if (a >= 1e6) return [fmt(x / 1e6, 2), `million ${u}`];
  if (a >= 1e4) return [fmt(x / 1e3, 1), `thousand ${u}`];
  return [fmt(x, a < 10 ? 2 : 1), u];
}

const yi = y => fmt(y / 1e8, 2); /* 亿元 */
const wan = y => fmt(y / 1e4, 2); /* 万元 */
const pct = (x, d = 1) => `${fmt(x * 100, d)} %`;
const name = i => (LANG === "zh" ? i.name_zh : i.name_en);

/* Why an item is left out of the total: the account's own reason, said in the UI's words. */
function exclusionReason(tt, item) {
  const ex = (tt.excluded || []).find(x => x.item === item.item);
  const key = `gep.excluded.${item.item}`;
  const said = t(key);
  return said !== key ? said : ex ? ex.reason : t("gep.excluded.other");
}

/* The lead figures: [label, value, unit, id] */
export function leadFigures(a, change) {
  const tt = a.totals, ch = change && change.totals;
  const figs = [
    ["gep.total", yi(tt.gep_yuan), LANG === "zh" ? "亿元" : "× 100 M yuan", "gep-total"],
    ch ? ["gep.change", `${ch.gep_yuan_change_pct >= 0 ? "+" : ""}${fmt(ch.gep_yuan_change_pct, 2)} %`, `${t("gep.on")} ${change.a.year || ""}`, "gep-change"] : null,
    tt.gep_gdp_ratio ? ["gep.gdp_ratio", fmt(tt.gep_gdp_ratio, 2), "", "gep-gdp"] : null,
    tt.gep_yuan_per_capita ? ["gep.per_capita", wan(tt.gep_yuan_per_capita), LANG === "zh" ? "万元/人" : "10 k yuan / person", "gep-capita"] : null,
    tt.gep_yuan_per_km2 ? ["gep.per_km2", wan(tt.gep_yuan_per_km2), LANG === "zh" ? "万元/km²" : "10 k yuan / km²", "gep-km2"] : null,
    tt.regulating_share ? ["gep.regulating_share", pct(tt.regulating_share), "", "gep-regshare"] : null,
  ].filter(Boolean);
  return h("div", { class: "lead-figures", id: "gep-lead" }, figs.map(([k, v, u, id]) =>
    h("div", { class: "figure" }, h("div", { class: "muted" }, t(k)), h("div", { class: "big", id }, v), h("div", { class: "muted" }, u))));
}

/* The items table: categories with subtotals and shares of GEP, a total row, then the items
 * not counted in the total with their reasons. */
export function itemsTable(a) {
  const tt = a.totals, total = tt.gep_yuan;
  const head = h("tr", {}, h("th", {}, t("gep.item")), h("th", { class: "num" }, t("gep.physical")), h("th", {}, t("gep.unit")),
    h("th", { class: "num" }, t("gep.value")), h("th", { class: "num" }, t("gep.share")));
  const rows = [head];
  for (const cat of ["provisioning", "regulating", "cultural"]) {
    const items = a.items.filter(i => i.category === cat && i.in_total);
    if (!items.length) continue;
    const sub = items.reduce((s, i) => s + i.value_yuan, 0);
    rows.push(h("tr", { class: "subtotal", "data-category": cat }, h("th", { colspan: "3" }, t("gep." + cat)),
      h("th", { class: "num" }, wan(sub)), h("th", { class: "num" }, pct(sub / total))));
    for (const i of items) {
      const [q, u] = scaled(i.physical, i.unit);
      rows.push(h("tr", { "data-item": i.item }, h("td", { class: "indent" }, name(i)), h("td", { class: "num" }, q), h("td", {}, u),
        h("td", { class: "num" }, wan(i.value_yuan)), h("td", { class: "num" }, pct(i.value_yuan / total))));
    }
  }
  rows.push(h("tr", { class: "total", id: "gep-total-row" }, h("th", { colspan: "3" }, t("gep.total")), h("th", { class: "num" }, wan(total)), h("th", { class: "num" }, "100 %")));
  const out = a.items.filter(i => !i.in_total);
  return [h("table", { id: "gep-table" }, rows),
    out.length ? h("h3", {}, t("gep.not_counted")) : null,
    out.length ? h("table", { id: "gep-excluded" }, h("tr", {}, h("th", {}, t("gep.item")), h("th", { class: "num" }, t("gep.physical")), h("th", {}, t("gep.unit")),
      h("th", { class: "num" }, t("gep.value")), h("th", {}, t("gep.reason"))),
      out.map(i => { const [q, u] = scaled(i.physical, i.unit); return h("tr", { "data-item": i.item }, h("td", {}, name(i)), h("td", { class: "num" }, q), h("td", {}, u),
        h("td", { class: "num" }, i.value_yuan ? wan(i.value_yuan) : t("gep.na")), h("td", { class: "reason" }, `${t("gep.excluded")}${LANG === "zh" ? "：" : ": "}${exclusionReason(tt, i)}`)); })) : null];
}

/* The pie's slices: the items over 3 % of GEP, the rest as one "other" slice. */
export function pieSlices(a) {
  const total = a.totals.gep_yuan, items = a.items.filter(i => i.in_total && i.value_yuan > 0).sort((x, y) => y.value_yuan - x.value_yuan);
  const big = items.filter(i => i.value_yuan / total >= 0.03), small = items.filter(i => i.value_yuan / total < 0.03);
  const slices = big.map(i => ({ name: name(i), value: +(i.value_yuan / 1e4).toFixed(2) }));
  if (small.length) slices.push({ name: `${t("gep.other")} (${small.length})`, value: +(small.reduce((s, i) => s + i.value_yuan, 0) / 1e4).toFixed(2) });
  return slices;
}

/* Townships by GEP per km², highest first, and what the account values at county level (a
 * region of no area: statistics of the whole county, such as tourism, not split by place). */
/* each township's GEP in 亿元 (the regions with an area; county-level figures stay apart) */
export const townshipTotals = a => (a.regions || []).filter(x => x.area_m2 > 0).map(x => ({ region: x.region, v: x.gep_yuan / 1e8 }));

export function perArea(a) {
  const regs = (a.regions || []).filter(x => x.area_m2 > 0).map(x => ({ region: x.region, v: x.gep_yuan / 1e4 / (x.area_m2 / 1e6) }))
    .sort((x, y) => y.v - x.v);
  const countyLevel = (a.regions || []).filter(x => !(x.area_m2 > 0)).reduce((s, x) => s + x.gep_yuan, 0);
  return { regs, countyLevel };
}

/* The townships coloured by GEP per km² (or, with yi, their GEP in 亿元) in five classes of
 * equal count (quantiles), each labelled with its name and value, with a legend of the class
 * bounds: a Leaflet layer whose legend comes and goes with it. regs: perArea(a).regs, or
 * townshipTotals(a) with yi. */
const CLASSES = ["#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837"];
export async function townshipChoropleth(regs, yi = false) {
  const r = await api("GET", "/api/v1/layers/township/features");
  if (r.status !== 200 || !regs.length) return null;
  const byName = Object.fromEntries(regs.map(x => [x.region, x.v]));
  const vals = regs.map(x => x.v).sort((a, b) => a - b);
  const n = Math.min(CLASSES.length, vals.length);
  const bounds = Array.from({ length: n + 1 }, (_, k) => vals[Math.min(vals.length - 1, Math.round(k * (vals.length - 1) / n))]);
  const cls = v => { let k = 0; while (k < n - 1 && v > bounds[k + 1]) k++; return k; };
  const unit = yi ? (LANG === "zh" ? "亿元" : "× 100 M yuan") : LANG === "zh" ? "万元/km²" : "10 k yuan / km²";
  const digits = yi ? 2 : 0;
  const shapes = L.geoJSON(r.json, {
    style: f => { const v = byName[f.properties.XZQMC]; return { color: "#333", weight: 1, fillOpacity: 0.75, fillColor: v === undefined ? "#eee" : CLASSES[cls(v)] }; },
    onEachFeature: (f, l) => {
      const v = byName[f.properties.XZQMC];
      l.bindTooltip(`${esc(f.properties.XZQMC)}<br>${v === undefined ? "—" : fmt(v, digits)}`, { permanent: true, direction: "center", className: "ls-label" });
      l.feature.properties[yi ? "gep_yi" : "gep_per_km2"] = v;
    },
  });
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => h("div", { class: "ls-legend", id: "gep-choropleth-legend" }, h("b", {}, t(yi ? "gep.choropleth.yi" : "gep.choropleth")),
    Array.from({ length: n }, (_, k) => h("div", {}, h("span", { class: "legend-swatch", style: `background:${CLASSES[k]}` }), `${fmt(bounds[k], digits)} – ${fmt(bounds[k + 1], digits)} ${unit}`)));
  const Layer = L.LayerGroup.extend({
    onAdd(map) { L.LayerGroup.prototype.onAdd.call(this, map); legend.addTo(map); },
    onRemove(map) { L.LayerGroup.prototype.onRemove.call(this, map); legend.remove(); },
  });
  return new Layer([shapes]);
}
