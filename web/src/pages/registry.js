/* The registry page: search by code, name, holder or a map click; rights by layer; history. */
import { fmt, h } from "../dom.js";
import { label, t } from "../i18n.js";
import { api, errorText, errorTitle, openLogin, state } from "../session.js";
import { countyMap } from "../map.js";

export default async function registryPage(main, wanted) {
  if (!state.user) { main.append(h("p", { class: "error" }, t("login.needed"))); openLogin(); return; }
  const q = h("input", { id: "reg-q", placeholder: t("reg.search"), size: 30 });
  const results = h("ul", { class: "results", id: "reg-results" });
  const detail = h("div", { id: "reg-detail" });
  const mapEl = h("div", { class: "map small", id: "reg-map" });
  const go = async (params) => {
    const r = await api("GET", "/api/v1/registry/units?limit=50&" + params);
    results.replaceChildren();
    if (r.status !== 200) { results.append(h("li", { class: "error", title: errorTitle(r) }, errorText(r))); return; }
    if (!r.json.units.length) results.append(h("li", { class: "muted" }, t("reg.noresult")));
    for (const u of r.json.units) results.append(h("li", { onclick: () => unit(u.code) }, `${u.code} ${u.name}`));
    if (r.json.units.length === 1) unit(r.json.units[0].code);
  };
  main.append(h("div", { class: "two" },
    h("div", { class: "panel" }, h("h3", {}, t("reg.title")),
      h("form", { onsubmit: e => { e.preventDefault(); go("q=" + encodeURIComponent(q.value)); } }, q, " ", h("button", { class: "primary", id: "reg-find" }, t("reg.find"))),
      h("p", { class: "muted" }, t("reg.click")), results),
    h("div", { class: "page" }, mapEl, detail)));
  const { map } = await countyMap(mapEl, true);
  /* every click on this map is a point query, inside a township as much as outside */
  map.lsTool = "point";
  map.on("click", e => go(`point=${e.latlng.lng.toFixed(7)},${e.latlng.lat.toFixed(7)}`));
  if (wanted) await unit(wanted); /* #/registry/<unit code> */
  async function unit(code) {
    history.replaceState(null, "", `#/registry/${encodeURIComponent(code)}`);
    const [s, hi] = await Promise.all([api("GET", `/api/v1/registry/units/${encodeURIComponent(code)}`), api("GET", `/api/v1/registry/units/${encodeURIComponent(code)}/history`)]);
    if (s.status !== 200) { detail.replaceChildren(h("p", { class: "error", title: errorTitle(s) }, errorText(s))); return; }
    const u = s.json.unit;
    const byLayer = {};
    for (const r of s.json.rights) (byLayer[r.layer_label || r.layer] = byLayer[r.layer_label || r.layer] || []).push(r);
    detail.replaceChildren(
      h("div", { class: "panel" }, h("h3", { id: "reg-unit" }, `${t("reg.unit")} ${u.code}`),
        h("p", {}, `${u.name} · ${u.resource_type_label || u.resource_type} · ${u.layer_label || u.layer} · ${t("reg.area")} ${fmt(u.area_m2)} m²`),
        h("h3", {}, t("reg.rights")),
        h("table", { id: "reg-rights" }, h("tr", {}, h("th", {}, t("reg.layer")), h("th", {}, t("reg.type")), h("th", {}, t("reg.holders")), h("th", {}, t("reg.term"))),
          Object.entries(byLayer).flatMap(([layer, rs]) => rs.map(r => h("tr", {}, h("td", {}, layer + (r.z_min !== null ? ` (${r.z_min}…${r.z_max} m)` : "")), h("td", {}, r.type_label || r.type),
            h("td", {}, (r.holders || []).map(x => `${x.name} ${x.share}`).join("，")), h("td", {}, `${r.term_start || ""} – ${r.term_end || ""}`))))),
        (s.json.restrictions || []).length ? h("p", {}, "⚠ " + s.json.restrictions.map(r => r.type_label || r.type).join("，")) : null),
      h("div", { class: "panel" }, h("h3", {}, t("reg.history")),
        h("ul", { class: "timeline", id: "reg-history" }, (hi.status === 200 ? hi.json.events : []).map(ev => h("li", { "data-type": ev.type }, h("b", {}, ev.effective), ` ${label("ev", ev.type)}${ev.reason ? " — " + ev.reason : ""} `, h("span", { class: "muted" }, `#${ev.seq} ${ev.actor}`))))));
  }
}
