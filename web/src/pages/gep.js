/* The GEP accounts page: totals, items, charts (ECharts), downloads and value maps. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, errorText, errorTitle } from "../session.js";
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
    const a = r.json, tt = a.totals;
    const pie = h("div", { class: "chart", id: "gep-pie" }), trend = h("div", { class: "chart", id: "gep-trend" }), per = h("div", { class: "chart", id: "gep-perarea" });
    const mapEl = h("div", { class: "map small", id: "gep-map" });
    const itemSel = h("select", { id: "gep-item" }, a.maps.map(m => h("option", { value: m }, itemName(a, m))));
    const tif = h("a", { id: "gep-tif" }, t("gep.tif"));
    body.replaceChildren(
      h("div", { class: "panel" },
        h("h3", {}, `${a.account.name}`),
        h("p", {}, `${t("gep.total")}: `, h("b", { id: "gep-total" }, fmt(tt.gep_yuan / 1e8)), LANG === "zh" ? " 亿元" : " × 100 M yuan",
          ` · ${t("gep.provisioning")} ${fmt(tt.provisioning_yuan / 1e8)} · ${t("gep.regulating")} ${fmt(tt.regulating_yuan / 1e8)} · ${t("gep.cultural")} ${fmt(tt.cultural_yuan / 1e8)}`),
        a.draft ? h("p", { class: "draft-note", id: "gep-draft" }, t("gep.draft.note")) : null,
        h("p", {}, `${t("gep.download")}: `, h("a", { id: "gep-xlsx", href: `/api/v1/gep/accounts/${id}/files/account.xlsx${accessQuery(a)}`, download: `${id}-account.xlsx` }, t("gep.xlsx")), " · ", tif),
        h("table", { id: "gep-table" }, h("tr", {}, h("th", {}, t("gep.item")), h("th", {}, t("gep.category")), h("th", { class: "num" }, t("gep.physical")), h("th", {}, t("gep.unit")), h("th", { class: "num" }, t("gep.value"))),
          a.items.map(i => h("tr", {}, h("td", {}, LANG === "zh" ? i.name_zh : i.name_en), h("td", {}, t("gep." + i.category)), h("td", { class: "num" }, fmt(i.physical)), h("td", {}, i.unit), h("td", { class: "num" }, i.in_total ? fmt(i.value_yuan / 1e4) : `(${fmt(i.value_yuan / 1e4)})`))))),
      h("div", { class: "charts" }, h("div", { class: "panel" }, h("h3", {}, t("gep.composition")), pie), h("div", { class: "panel" }, h("h3", {}, t("gep.trend")), trend), h("div", { class: "panel" }, h("h3", {}, t("gep.perarea")), per)),
      h("div", { class: "panel" }, h("h3", {}, t("gep.map")), itemSel, mapEl));
    const items = a.items.filter(i => i.in_total && i.value_yuan > 0);
    echarts.init(pie).setOption({ animation: false, tooltip: { trigger: "item" }, series: [{ type: "pie", radius: ["35%", "70%"], data: items.map(i => ({ name: LANG === "zh" ? i.name_zh : i.name_en, value: Math.round(i.value_yuan / 1e4) })) }] });
    const years = accounts.filter(x => x.region === a.account.region && !x.draft).sort((x, y) => x.year - y.year);
    echarts.init(trend).setOption({ animation: false, tooltip: {}, xAxis: { type: "category", data: years.map(x => String(x.year)) }, yAxis: { type: "value" }, series: [{ type: "bar", data: years.map(x => +(x.gep_yuan / 1e8).toFixed(2)), itemStyle: { color: "#1f6f4a" } }] });
    const regions = (a.regions || []).filter(x => x.area_m2 > 0);
    echarts.init(per).setOption({ animation: false, tooltip: {}, grid: { left: 80 }, xAxis: { type: "value" }, yAxis: { type: "category", data: regions.map(x => x.region) }, series: [{ type: "bar", data: regions.map(x => Math.round(x.gep_yuan / 1e4 / (x.area_m2 / 1e6))), itemStyle: { color: "#3a9d6a" } }] });
    disposeMap(gepMap);
    const { map } = await countyMap(mapEl, true);
    gepMap = map;
    let ov = null;
    async function item() {
      if (ov) map.removeLayer(ov);
      ov = await gepOverlay(id, itemSel.value, a);
      if (ov && mapAlive(map)) ov.addTo(map);
      tif.href = `/api/v1/gep/accounts/${id}/files/${itemSel.value}_value.tif${accessQuery(a)}`;
    }
    itemSel.addEventListener("change", item);
    if (a.maps.length) item();
  }
}
