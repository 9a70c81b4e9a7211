/*
 * The attribute table of a layer's features in view: the features the map has loaded whose
 * bounds meet the view, their fields named as the reader knows them (attributes.js), and the
 * same rows exported as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese text), or
 * the layer's features in the view as a GeoPackage the server writes (geometry, every field
 * and the county's CRS, for QGIS or ArcGIS).
 */
import { h } from "./dom.js";
import { fieldLabel, fieldValue } from "./attributes.js";
import { LANG, t } from "./i18n.js";
import { download, errorText, errorTitle } from "./session.js";

const SHOWN = 500; /* rows drawn in the page; the export has them all */

export function featuresInView(map, group) {
  const view = map.getBounds(), out = [];
  if (!map.hasLayer(group)) return out;
  group.eachLayer(l => { if (l.feature && l.getBounds && view.intersects(l.getBounds())) out.push(l.feature); });
  out.sort((a, b) => (a.id > b.id) - (a.id < b.id));
  return out;
}

const csvCell = v => { const s = v === null || v === undefined ? "" : String(v); return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };

/* CSV of the features: a header of "名称 [CODE]", then raw values (codes stay codes, numbers
 * stay numbers: the file is for further work, not for reading) */
export function toCSV(features) {
  const keys = [...new Set(features.flatMap(f => Object.keys(f.properties || {})))];
  const lines = [["id", ...keys.map(k => `${fieldLabel(k)} [${k}]`)].map(csvCell).join(",")];
  for (const f of features) lines.push([f.id, ...keys.map(k => (f.properties || {})[k])].map(csvCell).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

export function attributePanel(map, groups, layers) {
  const sel = h("select", { id: "attr-layer" }, layers.map(l => h("option", { value: l.name }, LANG === "zh" ? l.zh : l.en)));
  const out = h("div", { id: "attr-table", class: "attr-table" });
  let rows = [];
  function show() {
    rows = featuresInView(map, groups[sel.value]);
    const keys = [...new Set(rows.flatMap(f => Object.keys(f.properties || {})))];
    out.replaceChildren(h("p", { class: "muted", id: "attr-count" }, t("attr.count").replace("{n}", rows.length) + (rows.length > SHOWN ? ` ${t("attr.first").replace("{n}", SHOWN)}` : "")),
      rows.length ? h("table", {}, h("tr", {}, keys.map(k => h("th", {}, fieldLabel(k)))),
        rows.slice(0, SHOWN).map(f => h("tr", { "data-id": f.id }, keys.map(k => h("td", {}, fieldValue(k, (f.properties || {})[k])))))) : null);
  }
  function exportCSV() {
    const a = h("a", { href: URL.createObjectURL(new Blob([toCSV(rows)], { type: "text/csv;charset=utf-8" })), download: `${sel.value}-in-view.csv`, id: "attr-csv-link" });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  async function exportGpkg() {
    const b = map.getBounds();
    const box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(6)).join(",");
    const r = await download(`/api/v1/layers/${sel.value}/export?format=gpkg&bbox=${box}`, `${sel.value}-in-view.gpkg`);
    out.replaceChildren(r.status === 200 ? "" : h("p", { class: "error", id: "attr-error", title: errorTitle(r) }, errorText(r)));
  }
  return h("div", { class: "attr" }, h("h3", {}, t("attr.title")), sel, " ",
    h("button", { id: "attr-show", onclick: show }, t("attr.show")), " ",
    h("button", { id: "attr-export", onclick: () => { show(); exportCSV(); } }, t("attr.csv")), " ",
    h("button", { id: "attr-gpkg", onclick: exportGpkg }, t("attr.gpkg")), out);
}
