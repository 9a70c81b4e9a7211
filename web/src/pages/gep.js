/* The GEP accounts page: the account as published (gep_account.js), charts (ECharts),
 * downloads with the report, and value maps. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, errorText, errorTitle } from "../session.js";
import { itemsTable, leadFigures, perArea, pieSlices, townshipChoropleth, townshipTotals } from "../gep_account.js";
import { accessQuery, countyMap, disposeMap, gepOverlay, ignoreLeft, itemName, mapAlive } from "../map.js";

export default async function gepPage(main, wanted) {
  const list = await api("GET", "/api/v1/gep/accounts");
  const accounts = list.status === 200 ? list.json.accounts : [];
  /* drafts (runs not yet published) are marked and kept out of the year chart */
  const sel = h("select", { id: "gep-account" }, accounts.map(a => h("option", { value: a.id }, `${a.year} · ${a.id}${a.draft ? " · " + t("gep.draft") : ""}`)));
  let gepMap = null;
  const body = h("div", { class: "page" });
  main.append(h("div", { class: "page" }, h("div", { class: "panel" }, h("h3", {}, t("gep.title")), h("label", {}, h("span", {}, t("gep.account")), sel)), body));
  /* the URL names the account shown (#/gep/<account>): a link to it opens it */
  sel.addEventListener("change", () => { history.replaceState(null, "", `#/gep/${encodeURIComponent(sel.value)}`); show(sel.value).catch(ignoreLeft); });
  const first = accounts.find(a => a.id === wanted) || accounts[0];
  if (wanted && !accounts.some(a => a.id === wanted)) main.prepend(h("p", { class: "error", id: "gep-missing" }, `${t("err.not_found")}: ${wanted}`));
  if (first) { sel.value = first.id; await show(first.id); }

  async function show(id) {
    const r = await api("GET", `/api/v1/gep/accounts/${id}`);
    if (r.status !== 200) { body.replaceChildren(h("p", { class: "error", title: errorTitle(r) }, errorText(r))); return; }
    const a = r.json;
    a.files = a.files || [];
    const pie = h("div", { class: "chart", id: "gep-pie" }), trend = h("div", { class: "chart", id: "gep-trend" }), per = h("div", { class: "chart", id: "gep-perarea" });
    const mapEl = h("div", { class: "map small", id: "gep-map" });
    /* the townships' GEP per km² first (a choropleth), then each item's value raster */
    const itemSel = h("select", { id: "gep-item" }, h("option", { value: "" }, t("gep.choropleth")), h("option", { value: "townships-yi" }, t("gep.choropleth.yi")),
      a.maps.map(m => h("option", { value: m }, itemName(a, m))));
    const tif = h("a", { id: "gep-tif" }, t("gep.tif"));
    /* the change on last year, when the account has one (change.json) */
    const change = a.files.includes("change.json") ? (await api("GET", `/api/v1/gep/accounts/${id}/files/change.json${accessQuery(a)}`)).json : null;
    const file = (f, label) => a.files.includes(f) ? h("a", { id: f === "account.xlsx" ? "gep-xlsx" : `gep-file-${f.replace(/\W/g, "-")}`, href: `/api/v1/gep/accounts/${id}/files/${f}${accessQuery(a)}`, target: f.endsWith(".html") ? "_blank" : null, download: f.endsWith(".html") ? null : `${id}-${f}` }, label) : null;
    const { regs, countyLevel } = perArea(a);
    body.replaceChildren(
      h("div", { class: "panel" },
        h("h3", {}, `${a.account.name}`, h("span", { class: "muted" }, ` ${a.account.year || ""} · ${(a.account.method && a.account.method.id) || ""}`)),
        a.draft ? h("p", { class: "draft-note", id: "gep-draft" }, t("gep.draft.note")) : null,
        leadFigures(a, change),
        h("p", { class: "downloads" }, `${t("gep.download")}: `, [file("report.html", t("gep.report")), file("account.xlsx", t("gep.xlsx")), file("account.csv", "CSV"), file("account.json", "JSON")].filter(Boolean).flatMap((x, k) => k ? [" · ", x] : [x]), " · ", tif),
        ...itemsTable(a)),
      h("div", { class: "charts" }, h("div", { class: "panel" }, h("h3", {}, t("gep.composition")), pie), h("div", { class: "panel" }, h("h3", {}, t("gep.trend")), trend),
        h("div", { class: "panel" }, h("h3", {}, t("gep.perarea")), per,
          countyLevel > 0 ? h("p", { class: "muted", id: "gep-county-level" }, t("gep.county_level").replace("{v}", fmt(countyLevel / 1e8, 2))) : null)),
      h("div", { class: "panel" }, h("h3", {}, t("gep.map")), itemSel, mapEl));
    const yuanTip = LANG === "zh" ? "万元" : "10 k yuan";
    echarts.init(pie).setOption({ animation: false, tooltip: { trigger: "item", formatter: p => `${p.name}: ${fmt(p.value)} ${yuanTip} (${fmt(p.percent, 1)} %)` },
      series: [{ type: "pie", radius: ["35%", "70%"], data: pieSlices(a) }] });
    const years = accounts.filter(x => x.region === a.account.region && !x.draft).sort((x, y) => x.year - y.year);
    echarts.init(trend).setOption({ animation: false, tooltip: { formatter: p => `${p.name}: ${fmt(p.value)} ${LANG === "zh" ? "亿元" : "× 100 M yuan"}` }, xAxis: { type: "category", data: years.map(x => String(x.year)) }, yAxis: { type: "value" }, series: [{ type: "bar", data: years.map(x => +(x.gep_yuan / 1e8).toFixed(2)), itemStyle: { color: "#1f6f4a" } }] });
    echarts.init(per).setOption({ animation: false, tooltip: { formatter: p => `${p.name}: ${fmt(p.value, 0)} ${LANG === "zh" ? "万元/km²" : "10 k yuan / km²"}` }, grid: { left: 80 }, xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: regs.map(x => x.region) }, series: [{ type: "bar", data: regs.map(x => Math.round(x.v)), itemStyle: { color: "#3a9d6a" } }] });
    disposeMap(gepMap);
    /* the choropleth names each township with its value: no second set of names */
    const { map } = await countyMap(mapEl, true, { labels: false });
    gepMap = map;
    let ov = null;
    async function item() {
      if (ov) map.removeLayer(ov);
      const raster = itemSel.value && itemSel.value !== "townships-yi";
      ov = raster ? await gepOverlay(id, itemSel.value, a) : await townshipChoropleth(itemSel.value ? townshipTotals(a) : regs, !!itemSel.value);
      if (ov && mapAlive(map)) ov.addTo(map);
      tif.href = raster ? `/api/v1/gep/accounts/${id}/files/${itemSel.value}_value.tif${accessQuery(a)}` : "";
      tif.hidden = !raster;
    }
    itemSel.addEventListener("change", item);
    item();
  }
}
