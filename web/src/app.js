/*
 * Liangshan web UI: one page per task (map, compliance check, GEP, registry), routed by the
 * URL hash, talking to /api/v1 with the session token of the logged-in user. Leaflet draws
 * the maps (GeoJSON in EPSG:4326 from the server; big layers load by view box and only when
 * zoomed in, simplified to the screen's resolution), ECharts the charts.
 */
"use strict";

const state = {
  token: localStorage.getItem("ls.token") || "",
  user: JSON.parse(localStorage.getItem("ls.user") || "null"),
  layers: null,
};

async function api(method, path, body) {
  const headers = {};
  if (state.token) headers.Authorization = "Bearer " + state.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try { json = await res.json(); } catch (e) { json = null; }
  if (res.status === 401 && state.token && json && /token/.test(json.error && json.error.code)) setSession(null, null);
  return { status: res.status, json };
}

function setSession(token, user) {
  state.token = token || "";
  state.user = user;
  if (token) { localStorage.setItem("ls.token", token); localStorage.setItem("ls.user", JSON.stringify(user)); }
  else { localStorage.removeItem("ls.token"); localStorage.removeItem("ls.user"); }
  renderWho();
}

function renderWho() {
  document.getElementById("who").textContent = state.user ? `${state.user.display} (${state.user.role})` : "";
  document.getElementById("login-btn").hidden = !!state.user;
  document.getElementById("logout-btn").hidden = !state.user;
}

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c.nodeType ? c : String(c));
  return el;
}

const fmt = (x, d = 2) => (x === null || x === undefined || isNaN(x)) ? "" :
  Number(x).toLocaleString(LANG === "zh" ? "zh-CN" : "en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const esc = s => String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

/* ---- maps ---- */

const STYLES = {
  county: { color: "#222", weight: 2, fill: false },
  township: { color: "#555", weight: 1, dashArray: "4 4", fill: false },
  landuse_patch: { color: "#8a8a8a", weight: 0.5, fillColor: "#c9d9c0", fillOpacity: 0.35 },
  basic_farmland: { color: "#c8a200", weight: 1, fillColor: "#f3d34a", fillOpacity: 0.45 },
  eco_redline: { color: "#d42020", weight: 1.5, fillColor: "#f08080", fillOpacity: 0.3 },
  core_zone: { color: "#7a0000", weight: 1.5, fillColor: "#a52a2a", fillOpacity: 0.4 },
  urban_boundary: { color: "#7b3fa0", weight: 2, fillColor: "#b48ad0", fillOpacity: 0.2 },
  river: { color: "#1e74c8", weight: 2 },
  shoreline: { color: "#0b3d91", weight: 2 },
};
/* survey patches coloured by the first two digits of the land class (DLBM, TD/T 1055—2019) */
const CLASS_COLOURS = { "01": "#f5e08a", "02": "#e6c36a", "03": "#5aa469", "04": "#a8d08d", "05": "#d98c8c",
  "06": "#c77373", "07": "#e0a0a0", "08": "#d9b3b3", "09": "#c9a0a0", "10": "#b0b0b0", "11": "#7fb8e6", "12": "#cfcfcf" };
function styleOf(name, f) {
  const base = STYLES[name] || {};
  if (name !== "landuse_patch") return base;
  const c = CLASS_COLOURS[String((f && f.properties && f.properties.DLBM) || "").slice(0, 2)];
  return c ? Object.assign({}, base, { fillColor: c, fillOpacity: 0.6 }) : base;
}
const MIN_ZOOM = { landuse_patch: 15, basic_farmland: 13 }; /* zoomed out, these are too many */
const DEFAULT_ON = ["county", "township", "basic_farmland", "eco_redline", "core_zone", "urban_boundary"];

function newMap(el) {
  const map = L.map(el, { preferCanvas: true, zoomControl: true });
  map.setView([28.84, 121.34], 12);
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}

/* A map fitted to the county, with the township boundaries when asked. */
async function countyMap(el, townships) {
  const map = newMap(el);
  const layers = await loadLayers();
  const b = countyBounds(layers);
  if (b) map.fitBounds(b);
  const town = layers.find(l => l.name === "township");
  if (townships && town) vectorLayer(map, town).addTo(map);
  return { map, layers };
}

function propsTable(p) {
  return "<table>" + Object.entries(p || {}).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("") + "</table>";
}

async function loadLayers() {
  if (!state.layers) {
    const r = await api("GET", "/api/v1/layers");
    state.layers = r.status === 200 ? r.json.layers : [];
  }
  return state.layers;
}

function countyBounds(layers) {
  const c = layers.find(l => l.name === "county") || layers[0];
  return c && c.bbox ? L.latLngBounds([c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]) : null;
}

/* A vector layer of the county on a map: loaded whole once, or by view box when it is big. */
function vectorLayer(map, info, onFeatureClick) {
  const group = L.geoJSON(null, {
    style: f => styleOf(info.name, f),
    onEachFeature: (f, l) => {
      l.on("click", e => { L.DomEvent.stopPropagation(e); if (onFeatureClick) onFeatureClick(info, f, e); });
      l.bindPopup(() => `<b>${esc(LANG === "zh" ? info.zh : info.en)}</b>` + propsTable(f.properties));
    },
  });
  let seq = 0;
  const byBox = info.features > 2000 || MIN_ZOOM[info.name];
  async function refresh() {
    if (!map.hasLayer(group)) return;
    if (info.permission !== "public" && !state.token) return;
    const z = map.getZoom();
    if (byBox && z < (MIN_ZOOM[info.name] || 14)) { group.clearLayers(); return; }
    if (!byBox && group.getLayers().length) return;
    const mine = ++seq;
    const b = map.getBounds();
    const mpp = 40075016 * Math.cos(map.getCenter().lat * Math.PI / 180) / Math.pow(2, z + 8);
    let url = `/api/v1/layers/${info.name}/features?limit=5000&simplify=${(mpp / 2).toFixed(2)}`;
    if (byBox) url += `&bbox=${b.getWest()},${b.getSouth()},${b.getEast()},${b.getNorth()}`;
    const r = await api("GET", url);
    if (mine !== seq || r.status !== 200) return;
    group.clearLayers();
    group.addData(r.json);
  }
  map.on("moveend", refresh);
  group.on("add", refresh);
  group.refresh = refresh;
  return group;
}

/* ---- pages ---- */

const pages = {};

pages.map = async function (main) {
  const mapEl = h("div", { class: "map", id: "map-main" });
  const list = h("div", { class: "layers" });
  const gepSel = h("select", { id: "map-gep" }, h("option", { value: "" }, t("map.none")));
  main.append(h("div", { class: "two" },
    h("div", { class: "panel" }, h("h3", {}, t("map.layers")), list,
      h("h3", {}, t("map.gep")), gepSel, h("p", { class: "muted" }, t("map.identify"))),
    mapEl));
  const { map, layers } = await countyMap(mapEl, false);
  window.__lsMap = map; /* for the browser benchmark (bench/web_map.mjs) */
  for (const info of layers) {
    const g = vectorLayer(map, info);
    const cb = h("input", { type: "checkbox", "data-layer": info.name });
    cb.checked = DEFAULT_ON.includes(info.name);
    cb.addEventListener("change", () => cb.checked ? g.addTo(map) : map.removeLayer(g));
    if (cb.checked) g.addTo(map);
    const note = MIN_ZOOM[info.name] ? ` (${t("map.zoomin")} ≥ ${MIN_ZOOM[info.name]})` : "";
    list.append(h("label", {}, cb, h("span", { class: "legend-swatch", style: `background:${(STYLES[info.name] || {}).fillColor || (STYLES[info.name] || {}).color}` }),
      (LANG === "zh" ? info.zh : info.en) + note));
  }
  const acc = await api("GET", "/api/v1/gep/accounts/gep-2023");
  let overlay = null;
  if (acc.status === 200) for (const m of acc.json.maps) gepSel.append(h("option", { value: m }, itemName(acc.json, m)));
  gepSel.addEventListener("change", async () => {
    if (overlay) { map.removeLayer(overlay); overlay = null; }
    if (!gepSel.value) return;
    overlay = await gepOverlay("gep-2023", gepSel.value);
    if (overlay) overlay.addTo(map).bringToBack();
  });
};

function itemName(account, id) {
  const it = (account.items || []).find(i => i.item === id);
  return it ? (LANG === "zh" ? it.name_zh : it.name_en) : id;
}

async function gepOverlay(acc, item) {
  const m = await api("GET", `/api/v1/gep/accounts/${acc}/maps/${item}.json`);
  if (m.status !== 200) return null;
  const [w, s, e, n] = m.json.bounds;
  return L.imageOverlay(`/api/v1/gep/accounts/${acc}/maps/${item}.png`, [[s, w], [n, e]], { opacity: 0.85 });
}

pages.check = async function (main) {
  if (!state.user) { main.append(h("p", { class: "error" }, t("login.needed"))); openLogin(); return; }
  const cats = await api("GET", "/api/v1/checks/categories");
  const sel = h("select", { id: "check-category" }, (cats.json ? cats.json.categories : []).map(c => h("option", { value: c.id }, LANG === "zh" ? c.zh : c.id.replace(/_/g, " "))));
  if (state.lastCheck) sel.value = state.lastCheck.category;
  const file = h("input", { type: "file", id: "check-file", accept: ".txt,.geojson,.json,.zip,.gpkg" });
  const result = h("div", { id: "check-result" });
  const mapEl = h("div", { class: "map", id: "check-map" });
  let drawing = false, pts = [], sketch = null, footprint = null, pieces = null;
  const drawBtn = h("button", { id: "check-draw", onclick: () => { drawing = true; pts = []; clearSketch(); } }, t("check.draw"));
  const finishBtn = h("button", { id: "check-finish", onclick: () => { drawing = false; if (pts.length >= 3) { sketch && map.removeLayer(sketch); sketch = L.polygon(pts, { color: "#0050b3" }).addTo(map); } } }, t("check.finish"));
  const clearBtn = h("button", { onclick: () => { pts = []; clearSketch(); file.value = ""; result.replaceChildren(); } }, t("check.clear"));
  const runBtn = h("button", { class: "primary", id: "check-run", onclick: run }, t("check.run"));
  main.append(h("div", { class: "two" },
    h("div", { class: "panel" }, h("h3", {}, t("check.title")),
      h("label", {}, h("span", {}, t("check.category")), sel),
      h("div", {}, drawBtn, " ", finishBtn, " ", clearBtn), h("p", { class: "muted" }, t("check.draw.help")),
      h("label", {}, h("div", {}, t("check.upload")), file),
      runBtn, result),
    mapEl));
  const { map, layers } = await countyMap(mapEl, false);
  for (const info of layers.filter(l => ["county", "eco_redline", "core_zone", "urban_boundary", "basic_farmland"].includes(l.name)))
    vectorLayer(map, info).addTo(map);
  function clearSketch() {
    for (const l of [sketch, footprint, pieces]) if (l) map.removeLayer(l);
    sketch = footprint = pieces = null;
  }
  if (state.lastCheck) showResult(state.lastCheck);
  map.on("click", e => {
    if (!drawing) return;
    pts.push(e.latlng);
    if (sketch) map.removeLayer(sketch);
    sketch = L.polyline(pts, { color: "#0050b3", dashArray: "4 4" }).addTo(map);
  });
  async function run() {
    const body = { category: sel.value };
    if (file.files.length) {
      const f = file.files[0];
      const buf = new Uint8Array(await f.arrayBuffer());
      let bin = "";
      for (let i = 0; i < buf.length; i += 8192) bin += String.fromCharCode.apply(null, buf.subarray(i, i + 8192));
      body.file = { name: f.name.replace(/[\/\\]/g, "_"), content_base64: btoa(bin) };
    } else if (pts.length >= 3) {
      const ring = pts.map(p => [p.lng, p.lat]);
      ring.push(ring[0]);
      body.geometry = { type: "Polygon", coordinates: [ring] };
    } else {
      result.replaceChildren(h("p", { class: "error" }, t("check.nofootprint")));
      return;
    }
    result.replaceChildren(h("p", { class: "muted" }, "…"));
    const r = await api("POST", "/api/v1/checks", body);
    if (r.status !== 200) {
      result.replaceChildren(h("p", { class: "error", id: "check-error" }, r.json && r.json.error ? r.json.error.message : "HTTP " + r.status));
      return;
    }
    state.lastCheck = r.json; /* kept across a language switch */
    showResult(r.json);
  }
  function showResult(c) {
    for (const l of [footprint, pieces]) if (l) map.removeLayer(l);
    footprint = L.geoJSON(c.footprint_geojson, { style: { color: "#0050b3", weight: 3, fill: false } }).addTo(map);
    pieces = L.geoJSON(c.overlaps_geojson, {
      style: f => ({ color: "#000", weight: 1, fillColor: f.properties.counts ? "#ff4500" : "#999", fillOpacity: 0.6 }),
      onEachFeature: (f, l) => l.bindPopup(`${esc(f.properties.zh)}<br>${fmt(f.properties.area_m2)} m²`),
    }).addTo(map);
    try { map.fitBounds(footprint.getBounds(), { maxZoom: 17 }); } catch (e) { /* empty footprint */ }
    const v = c.verdict;
    result.replaceChildren(
      h("h3", {}, t("check.verdict"), " ", h("span", { class: "verdict " + v, id: "check-verdict", "data-verdict": v }, t("decision." + v))),
      h("h3", {}, t("check.overlaps")),
      h("table", {}, h("tr", {}, h("th", {}, t("check.zone")), h("th", { class: "num" }, t("check.area")), h("th", { class: "num" }, t("check.mu"))),
        (c.overlaps || []).map(o => h("tr", {}, h("td", {}, LANG === "zh" && o.zh ? o.zh : o.zone), h("td", { class: "num" }, o.length_m !== undefined ? fmt(o.length_m) + " m" : fmt(o.ellipsoidal_area_m2)), h("td", { class: "num" }, fmt(o.mu, 3))))),
      h("h3", {}, t("check.reasons")),
      h("ul", {}, (c.reasons || []).map(x => h("li", {}, `${t("decision." + x.decision)} — ${x.basis}`))),
      h("h3", {}, t("check.obligations")),
      (c.obligations || []).length ? h("ul", {}, c.obligations.map(o => h("li", {}, o.zh))) : h("p", { class: "muted" }, t("check.none")));
  }
};

pages.gep = async function (main) {
  const list = await api("GET", "/api/v1/gep/accounts");
  const accounts = list.status === 200 ? list.json.accounts : [];
  const sel = h("select", { id: "gep-account" }, accounts.map(a => h("option", { value: a.id }, `${a.year} · ${a.id}`)));
  const body = h("div", { class: "page" });
  main.append(h("div", { class: "page" }, h("div", { class: "panel" }, h("h3", {}, t("gep.title")), h("label", {}, h("span", {}, t("gep.account")), sel)), body));
  sel.addEventListener("change", () => show(sel.value));
  if (accounts.length) show(accounts[0].id);

  async function show(id) {
    const r = await api("GET", `/api/v1/gep/accounts/${id}`);
    if (r.status !== 200) { body.replaceChildren(h("p", { class: "error" }, r.json ? r.json.error.message : "")); return; }
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
        h("p", {}, `${t("gep.download")}: `, h("a", { id: "gep-xlsx", href: `/api/v1/gep/accounts/${id}/files/account.xlsx`, download: `${id}-account.xlsx` }, t("gep.xlsx")), " · ", tif),
        h("table", { id: "gep-table" }, h("tr", {}, h("th", {}, t("gep.item")), h("th", {}, t("gep.category")), h("th", { class: "num" }, t("gep.physical")), h("th", {}, t("gep.unit")), h("th", { class: "num" }, t("gep.value"))),
          a.items.map(i => h("tr", {}, h("td", {}, LANG === "zh" ? i.name_zh : i.name_en), h("td", {}, t("gep." + i.category)), h("td", { class: "num" }, fmt(i.physical)), h("td", {}, i.unit), h("td", { class: "num" }, i.in_total ? fmt(i.value_yuan / 1e4) : `(${fmt(i.value_yuan / 1e4)})`))))),
      h("div", { class: "charts" }, h("div", { class: "panel" }, h("h3", {}, t("gep.composition")), pie), h("div", { class: "panel" }, h("h3", {}, t("gep.trend")), trend), h("div", { class: "panel" }, h("h3", {}, t("gep.perarea")), per)),
      h("div", { class: "panel" }, h("h3", {}, t("gep.map")), itemSel, mapEl));
    const items = a.items.filter(i => i.in_total && i.value_yuan > 0);
    echarts.init(pie).setOption({ animation: false, tooltip: { trigger: "item" }, series: [{ type: "pie", radius: ["35%", "70%"], data: items.map(i => ({ name: LANG === "zh" ? i.name_zh : i.name_en, value: Math.round(i.value_yuan / 1e4) })) }] });
    const years = accounts.filter(x => x.region === a.account.region).sort((x, y) => x.year - y.year);
    echarts.init(trend).setOption({ animation: false, tooltip: {}, xAxis: { type: "category", data: years.map(x => String(x.year)) }, yAxis: { type: "value" }, series: [{ type: "bar", data: years.map(x => +(x.gep_yuan / 1e8).toFixed(2)), itemStyle: { color: "#1f6f4a" } }] });
    const regions = (a.regions || []).filter(x => x.area_m2 > 0);
    echarts.init(per).setOption({ animation: false, tooltip: {}, grid: { left: 80 }, xAxis: { type: "value" }, yAxis: { type: "category", data: regions.map(x => x.region) }, series: [{ type: "bar", data: regions.map(x => Math.round(x.gep_yuan / 1e4 / (x.area_m2 / 1e6))), itemStyle: { color: "#3a9d6a" } }] });
    const { map } = await countyMap(mapEl, true);
    let ov = null;
    async function item() {
      if (ov) map.removeLayer(ov);
      ov = await gepOverlay(id, itemSel.value);
      if (ov) ov.addTo(map);
      tif.href = `/api/v1/gep/accounts/${id}/files/${itemSel.value}_value.tif`;
    }
    itemSel.addEventListener("change", item);
    if (a.maps.length) item();
  }
};

pages.registry = async function (main) {
  if (!state.user) { main.append(h("p", { class: "error" }, t("login.needed"))); openLogin(); return; }
  const q = h("input", { id: "reg-q", placeholder: t("reg.search"), size: 30 });
  const results = h("ul", { class: "results", id: "reg-results" });
  const detail = h("div", { id: "reg-detail" });
  const mapEl = h("div", { class: "map small", id: "reg-map" });
  const go = async (params) => {
    const r = await api("GET", "/api/v1/registry/units?limit=50&" + params);
    results.replaceChildren();
    if (r.status !== 200) { results.append(h("li", { class: "error" }, r.json.error.message)); return; }
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
  map.on("click", e => go(`point=${e.latlng.lng},${e.latlng.lat}`));
  async function unit(code) {
    const [s, hi] = await Promise.all([api("GET", `/api/v1/registry/units/${code}`), api("GET", `/api/v1/registry/units/${code}/history`)]);
    if (s.status !== 200) { detail.replaceChildren(h("p", { class: "error" }, s.json.error.message)); return; }
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
        h("ul", { class: "timeline", id: "reg-history" }, (hi.status === 200 ? hi.json.events : []).map(ev => h("li", {}, h("b", {}, ev.effective), ` ${ev.type} — ${ev.reason || ""} `, h("span", { class: "muted" }, `#${ev.seq} ${ev.actor}`))))));
  }
};

/* ---- shell ---- */

function openLogin() {
  document.getElementById("login-error").textContent = "";
  const d = document.getElementById("login-dialog");
  if (!d.open) d.showModal();
}

async function route() {
  const page = (location.hash.replace(/^#\//, "") || "map").split("?")[0];
  document.querySelectorAll("header nav a").forEach(a => a.classList.toggle("active", a.dataset.page === page));
  const main = document.getElementById("main");
  main.replaceChildren();
  await (pages[page] || pages.map)(main);
}

document.getElementById("login-btn").addEventListener("click", openLogin);
document.getElementById("login-cancel").addEventListener("click", () => document.getElementById("login-dialog").close());
document.getElementById("login-form").addEventListener("submit", async e => {
  e.preventDefault();
  const r = await api("POST", "/api/v1/session", { username: document.getElementById("login-user").value, password: document.getElementById("login-pass").value });
  if (r.status !== 201) { document.getElementById("login-error").textContent = t("login.failed"); return; }
  setSession(r.json.token, r.json.user);
  document.getElementById("login-dialog").close();
  state.layers = null;
  route();
});
document.getElementById("logout-btn").addEventListener("click", async () => { await api("DELETE", "/api/v1/session"); setSession(null, null); route(); });
document.getElementById("lang-btn").addEventListener("click", () => {
  LANG = LANG === "zh" ? "en" : "zh";
  localStorage.setItem("ls.lang", LANG);
  applyI18n();
  route();
});
window.addEventListener("hashchange", route);
applyI18n();
renderWho();
if (state.token) api("GET", "/api/v1/session").then(r => { if (r.status !== 200) setSession(null, null); });
route();
