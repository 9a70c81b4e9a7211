/* The compliance-check page: a footprint drawn on the map or uploaded, checked against the
 * three control lines; a file of several parcels shows each parcel and the project total. */
import { esc, fmt, h } from "../dom.js";
import { label, LANG, t } from "../i18n.js";
import { api, errorText, errorTitle, openLogin, state } from "../session.js";
import { countyMap, STYLES, vectorLayer } from "../map.js";
import { M2_PER_MU } from "../geodesy.js";
import { drawTool } from "../draw.js";

export default async function checkPage(main) {
  if (!state.user) { main.append(h("p", { class: "error" }, t("login.needed"))); openLogin(); return; }
  const cats = await api("GET", "/api/v1/checks/categories");
  const sel = h("select", { id: "check-category" }, h("option", { value: "" }, t("check.choose")),
    (cats.json ? cats.json.categories : []).map(c => h("option", { value: c.id }, LANG === "zh" ? c.zh : c.id.replace(/_/g, " "))));
  /* never a silent default: the category changes the verdict (国家重大项目 turns 禁止 into 须经批准) */
  sel.value = state.lastCheck ? state.lastCheck.category : "";
  const file = h("input", { type: "file", id: "check-file", accept: ".txt,.geojson,.json,.zip,.gpkg" });
  const result = h("div", { id: "check-result" });
  const mapEl = h("div", { class: "map", id: "check-map" });
  let footprint = null, pieces = null, map = null, draw = null;
  let lastBody = null; /* the request behind the answer shown: saving sends it again */
  const groups = [];
  const clearBtn = h("button", { id: "check-clear", onclick: () => { draw.clear(); clearResult(); file.value = ""; result.replaceChildren(); } }, t("check.clear"));
  const runBtn = h("button", { class: "primary", id: "check-run", onclick: run }, t("check.run"));
  const tools = h("div", { class: "draw-tools" });
  const snapSlot = h("div", {}), liveSlot = h("div", {});
  main.append(h("div", { class: "two" },
    h("div", { class: "panel" }, h("h3", {}, t("check.title")),
      h("label", {}, h("span", {}, t("check.category")), sel),
      tools, snapSlot,
      h("p", { class: "muted" }, t("check.draw.help")), liveSlot,
      h("label", {}, h("div", {}, t("check.upload")), file),
      runBtn, result),
    mapEl));
  const county = await countyMap(mapEl, false);
  map = county.map;
  window.__lsCheckMap = map; /* for the browser test (snapping) */
  for (const info of county.layers.filter(l => ["county", "eco_redline", "core_zone", "urban_boundary", "basic_farmland"].includes(l.name))) {
    const g = vectorLayer(map, info);
    g.addTo(map);
    groups.push(g);
  }
  draw = drawTool(map, "check", () => groups);
  tools.append(...draw.buttons, " ", clearBtn);
  snapSlot.append(draw.snapLabel);
  liveSlot.append(draw.live);
  function clearResult() {
    for (const l of [footprint, pieces]) if (l) map.removeLayer(l);
    footprint = pieces = null;
  }
  if (state.lastCheck) showResult(state.lastCheck);
  async function run() {
    if (!sel.value) { result.replaceChildren(h("p", { class: "error", id: "check-error" }, t("check.nocategory"))); sel.focus(); return; }
    if (draw.drawing()) draw.finish();
    const body = { category: sel.value };
    if (file.files.length) {
      const f = file.files[0];
      const buf = new Uint8Array(await f.arrayBuffer());
      let bin = "";
      for (let i = 0; i < buf.length; i += 8192) bin += String.fromCharCode.apply(null, buf.subarray(i, i + 8192));
      body.file = { name: f.name.replace(/[\/\\]/g, "_"), content_base64: btoa(bin) };
    } else if (draw.ring()) {
      body.geometry = { type: "Polygon", coordinates: [draw.ring()] };
    } else {
      result.replaceChildren(h("p", { class: "error" }, t("check.nofootprint")));
      return;
    }
    result.replaceChildren(h("p", { class: "muted" }, "…"));
    lastBody = body;
    const r = await api("POST", "/api/v1/checks", body);
    if (r.status !== 200) {
      result.replaceChildren(h("p", { class: "error", id: "check-error", "data-code": r.json && r.json.error ? r.json.error.code : "", title: errorTitle(r) }, errorText(r)));
      return;
    }
    state.lastCheck = r.json; /* kept across a language switch */
    showResult(r.json);
  }
  function showResult(c) {
    for (const l of [footprint, pieces]) if (l) map.removeLayer(l);
    footprint = pieces = null;
    footprint = L.geoJSON(c.footprint_geojson, { style: { color: "#0050b3", weight: 3, fill: false } }).addTo(map);
    /* pieces coloured by the zone they lie in (the layer's own colour), a legend below */
    const zoneName = o => LANG === "zh" ? (o.zh || o.zone_zh || o.zone) : String(o.zone).replace(/_/g, " ");
    const colourOf = p => (STYLES[p.layer] || {}).fillColor || (STYLES[p.layer] || {}).color || "#999";
    pieces = L.geoJSON(c.overlaps_geojson, {
      style: f => ({ color: "#000", weight: 1, fillColor: colourOf(f.properties), fillOpacity: f.properties.counts ? 0.75 : 0.3 }),
      onEachFeature: (f, l) => l.bindPopup(`${esc(zoneName(f.properties))}`),
    }).addTo(map);
    try { map.fitBounds(footprint.getBounds(), { maxZoom: 17 }); } catch (e) { /* empty footprint */ }
    const v = c.verdict;
    const areaLine = m2 => `${fmt(m2)} m² · ${fmt(m2 / M2_PER_MU, 3)} ${t("unit.mu")} · ${fmt(m2 / 1e4, 4)} ${t("unit.ha")}`;
    const zones = [...new Map((c.overlaps || []).map(o => [o.zone, o])).values()];
    /* a basis the rule table marks [M] is still to be checked against the named notice */
    const basis = b => { const m = /\s*\[M\]\s*/.test(b || ""); return [String(b || "").replace(/\s*\[M\]\s*/g, " ").trim(), m ? h("span", { class: "unverified" }, " ", t("check.unverified")) : null]; };
    result.replaceChildren(...[ /* DOM replaceChildren would print a null as "null" */
      h("h3", {}, t("check.verdict"), " ", h("span", { class: "verdict " + v, id: "check-verdict", "data-verdict": v }, t("decision." + v))),
      h("p", { id: "check-total" }, `${t("check.total")}: `, c.length_m !== undefined ? `${fmt(c.length_m)} m` : areaLine(c.ellipsoidal_area_m2)),
      c.outside_county_m2 > 0 ? h("p", { class: "error", id: "check-outside" }, `${t("check.outside")}: ${areaLine(c.outside_county_m2)}`) : null,
      (c.regions || []).length ? h("p", { id: "check-regions" }, `${t("check.regions")}: `, c.regions.map(r => `${r.region}${r.main_function_zone ? (LANG === "zh" ? `（${t("check.mfz")}：${r.main_function_zone}）` : ` (${t("check.mfz")}: ${label("mfz", r.main_function_zone)})`) : ""}`).join(LANG === "zh" ? "，" : ", ")) : null,
      h("h3", {}, t("check.overlaps")),
      h("table", { id: "check-overlaps" }, h("tr", {}, h("th", {}, t("check.zone")), h("th", { class: "num" }, t("check.area")), h("th", { class: "num" }, t("check.mu")), h("th", { class: "num" }, t("check.length"))),
        (c.overlaps || []).map(o => h("tr", {}, h("td", {}, h("span", { class: "legend-swatch", style: `background:${colourOf(o)}` }), zoneName(o)),
          h("td", { class: "num" }, o.length_m === undefined ? fmt(o.ellipsoidal_area_m2) : ""),
          h("td", { class: "num" }, o.length_m === undefined ? fmt(o.mu, 3) : ""),
          h("td", { class: "num" }, o.length_m !== undefined ? fmt(o.length_m) : "")))),
      (c.land_classes || []).length ? h("h3", {}, t("check.landclasses")) : null,
      (c.land_classes || []).length ? h("table", { id: "check-landclasses" }, h("tr", {}, h("th", {}, t("check.landclass")), h("th", { class: "num" }, t("check.area")), h("th", { class: "num" }, t("check.mu"))),
        c.land_classes.map(k => h("tr", {}, h("td", {}, `${k.code} ${(LANG === "zh" ? k.zh : k.en) || t("check.landclass_unlisted")}`), h("td", { class: "num" }, fmt(k.ellipsoidal_area_m2)), h("td", { class: "num" }, fmt(k.ellipsoidal_area_m2 / M2_PER_MU, 3))))) : null,
      c.parcels ? h("h3", {}, t("check.parcels")) : null,
      c.parcels ? h("table", { id: "check-parcels" }, h("tr", {}, h("th", {}, t("check.parcel")), h("th", { class: "num" }, t("check.area")), h("th", {}, t("check.verdict"))),
        c.parcels.map(p => h("tr", {}, h("td", {}, p.footprint), h("td", { class: "num" }, fmt(p.ellipsoidal_area_m2)), h("td", {}, h("span", { class: "verdict " + p.verdict }, t("decision." + p.verdict))))),
        h("tr", {}, h("th", {}, t("check.project")), h("th", { class: "num" }, fmt(c.ellipsoidal_area_m2)), h("th", {}, t("decision." + v)))) : null,
      h("h3", {}, t("check.reasons")),
      h("ul", { id: "check-reasons" }, (c.reasons || []).map(x => h("li", {},
        h("span", { class: "verdict small " + x.decision }, t("decision." + x.decision)), " ",
        x.zone ? h("b", {}, LANG === "zh" ? (x.zone_zh || x.zone) : x.zone.replace(/_/g, " "), LANG === "zh" ? "：" : ": ") : null, ...basis(x.basis),
        x.approval ? h("div", { class: "approval" }, `${t("check.approval")}${LANG === "zh" ? "：" : ": "}`, ...basis(x.approval)) : null,
        x.conditions ? h("div", {}, `${t("check.conditions")}${LANG === "zh" ? "：" : ": "}`, ...basis(x.conditions)) : null))),
      h("h3", {}, t("check.obligations")),
      (c.obligations || []).length ? h("ul", { id: "check-obligations" }, c.obligations.map(o => h("li", {}, o.zh,
        o.area_m2 !== undefined ? h("div", { class: "muted" }, [
          `${t("check.ob.area")} ${fmt(o.area_m2)} m²（${fmt(o.area_m2 / M2_PER_MU, 2)} ${t("unit.mu")}）`,
          o.paddy_m2 ? `${t("check.ob.paddy")} ${fmt(o.paddy_m2)} m²` : null,
          o.grain_capacity_kg ? `${t("check.ob.grain")} ${fmt(o.grain_capacity_kg, 0)} kg` : null,
          o.length_m ? `${t("check.ob.length")} ${fmt(o.length_m)} m` : null].filter(Boolean).join(" · ")) : null))) : h("p", { class: "muted" }, t("check.none")),
      zones.length ? h("p", { class: "legend", id: "check-legend" }, zones.map(o => h("span", {}, h("span", { class: "legend-swatch", style: `background:${colourOf(o)}` }), zoneName(o), " "))) : null,
      lastBody ? saveForm() : null].filter(Boolean));
  }
  /* the answer kept as a review opinion: the server runs the check again and records it */
  function saveForm() {
    const name = h("input", { id: "save-name", maxlength: "200", required: "" });
    const number = h("input", { id: "save-number", maxlength: "48", required: "" });
    const comment = h("textarea", { id: "save-comment", maxlength: "2000", rows: "3" });
    const msg = h("div", { id: "save-result" });
    const form = h("form", { class: "save-opinion no-print", id: "save-form", onsubmit: async e => {
      e.preventDefault();
      const body = Object.assign({}, lastBody, { save: { project_name: name.value.trim(), project_number: number.value.trim(), comment: comment.value.trim() } });
      const r = await api("POST", "/api/v1/checks", body);
      if (r.status !== 200) { msg.replaceChildren(h("p", { class: "error", id: "save-error", title: errorTitle(r) }, errorText(r))); return; }
      const o = r.json.opinion;
      const one = await api("GET", `/api/v1/opinions/${o.id}`);
      msg.replaceChildren(h("p", { class: "ok", id: "save-done" }, `${t("op.saved")} ${t("op.no")} ${o.id} · ${t("op.code")} `, h("span", { class: "code" }, o.code)),
        h("p", {}, one.status === 200 ? h("a", { class: "button primary", id: "save-pdf", href: one.json.pdf, target: "_blank", rel: "noopener" }, t("op.pdf")) : null, " ",
          h("a", { class: "button", href: `#/checks/${o.id}` }, t("op.open"))));
    } },
      h("h3", {}, t("op.save")),
      h("label", {}, h("span", {}, t("op.name")), name), h("label", {}, h("span", {}, t("op.number")), number),
      h("label", {}, h("span", {}, t("op.comment")), comment),
      h("button", { class: "primary", type: "submit", id: "save-run" }, t("op.save.go")), " ",
      h("button", { type: "button", onclick: () => window.print() }, t("op.print")), msg);
    return form;
  }
}
