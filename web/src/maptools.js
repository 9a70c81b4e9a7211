/*
 * The map's bearings, as Leaflet controls: 全县 (back to the whole county), the pointer's
 * coordinates in lon/lat and CGCS2000 3° Gauss–Krüger, a jump to coordinates (lon/lat or
 * X/Y), a place (township, village) or a unit code, and measuring distance and area on the
 * ellipsoid. A measuring map has map.lsTool = "measure", so clicks on features go to the tool
 * (map.js), not to their popups.
 */
import { h } from "./dom.js";
import { LANG, t } from "./i18n.js";
import { api } from "./session.js";
import { fromGK, M2_PER_MU, pathLength, ringArea, toGK } from "./geodesy.js";

const fmtN = (x, d) => Number(x).toLocaleString(LANG === "zh" ? "zh-CN" : "en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

function control(position, build) {
  const C = L.Control.extend({ onAdd: () => { const el = build(); L.DomEvent.disableClickPropagation(el); L.DomEvent.disableScrollPropagation(el); return el; } });
  return new C({ position });
}

export function homeControl(map, bounds) {
  return control("topleft", () => h("div", { class: "leaflet-bar ls-home" },
    h("a", { href: "#", role: "button", id: "map-home", title: t("map.home"), onclick: e => { e.preventDefault(); map.fitBounds(bounds); } }, t("map.home.short"))));
}

export function coordsControl(map) {
  const out = h("div", { class: "ls-coords", id: "map-coords" }, t("map.coords.help"));
  map.on("mousemove", e => {
    const p = e.latlng, g = toGK(p);
    out.dataset.lat = p.lat; out.dataset.lng = p.lng; out.dataset.x = g.x; out.dataset.y = g.y; out.dataset.zone = g.zone;
    out.textContent = `${fmtN(p.lng, 6)}°E ${fmtN(p.lat, 6)}°N · CGCS2000 3° ${t("map.zone").replace("{n}", g.zone)} X ${g.x.toFixed(2)} Y ${g.y.toFixed(2)}`;
  });
  return control("bottomright", () => out);
}

/* What a jump's text names: two numbers are lon/lat (degrees) or X/Y (Gauss–Krüger with the
 * zone number in Y, 8 digits before the point), in either order; 28 characters are a unit
 * code; anything else a place name. */
export function parseJump(text) {
  const s = text.trim();
  const nums = s.split(/[\s,，;；]+/).filter(Boolean).map(Number);
  if (nums.length === 2 && nums.every(n => Number.isFinite(n))) {
    const [a, b] = nums;
    if (Math.abs(a) <= 180 && Math.abs(b) <= 90) return { kind: "lonlat", lat: b, lng: a };
    if (Math.abs(b) <= 180 && Math.abs(a) <= 90) return { kind: "lonlat", lat: a, lng: b };
    const y = Math.max(a, b), x = Math.min(a, b);
    if (y >= 13e6 && y < 46e6 && x > 0 && x < 1e7) return { kind: "gk", ...fromGK(x, y) };
    return { kind: "bad" };
  }
  if (/^[0-9A-Z]{28}$/.test(s)) return { kind: "unit", code: s };
  return s ? { kind: "place", name: s } : { kind: "bad" };
}

export function jumpControl(map, layers) {
  const input = h("input", { id: "map-jump", placeholder: t("map.jump.help"), size: 26 });
  const msg = h("span", { class: "ls-jump-msg", id: "map-jump-msg" });
  let marker = null;
  async function go(e) {
    e.preventDefault();
    msg.textContent = "";
    const j = parseJump(input.value);
    if (marker) { map.removeLayer(marker); marker = null; }
    if (j.kind === "lonlat" || j.kind === "gk") {
      map.setView([j.lat, j.lng], Math.max(map.getZoom(), 16));
      marker = L.circleMarker([j.lat, j.lng], { radius: 7, color: "#d4380d", weight: 3, fill: false }).addTo(map);
    } else if (j.kind === "unit") {
      location.hash = `#/registry/${j.code}`;
    } else if (j.kind === "place") {
      /* townships carry XZQMC; a name is found in the township and county layers */
      for (const name of ["township", "county"]) {
        if (!layers.some(l => l.name === name)) continue;
        const r = await api("GET", `/api/v1/layers/${name}/features?limit=500`);
        const f = r.status === 200 && r.json.features.find(x => String((x.properties || {}).XZQMC || "").includes(j.name));
        if (f) { map.fitBounds(L.geoJSON(f).getBounds()); return; }
      }
      msg.textContent = t("map.jump.none");
    } else {
      msg.textContent = t("map.jump.bad");
    }
  }
  return control("topright", () => h("form", { class: "ls-jump", onsubmit: go }, input, h("button", { type: "submit", id: "map-jump-go" }, t("map.jump")), msg));
}

export function measureControl(map) {
  let mode = null, pts = [], line = null, dots = null;
  const out = h("span", { id: "map-measure-result" });
  const clear = () => { for (const l of [line, dots]) if (l) map.removeLayer(l); line = dots = null; pts = []; out.textContent = ""; };
  function redraw() {
    for (const l of [line, dots]) if (l) map.removeLayer(l);
    dots = L.layerGroup(pts.map(p => L.circleMarker(p, { radius: 3, color: "#d4380d" }))).addTo(map);
    out.dataset.points = JSON.stringify(pts.map(p => [p.lat, p.lng])); /* what was measured, for a reader to check */
    line = (mode === "area" && pts.length >= 3 ? L.polygon(pts, { color: "#d4380d", weight: 2 }) : L.polyline(pts, { color: "#d4380d", weight: 2, dashArray: "4 4" })).addTo(map);
    if (mode === "distance") {
      const m = pathLength(pts);
      out.dataset.m = m;
      out.textContent = m >= 1000 ? `${fmtN(m / 1000, 3)} km` : `${fmtN(m, 2)} m`;
    } else {
      const a = ringArea(pts);
      out.dataset.m2 = a;
      out.textContent = `${fmtN(a, 2)} m² · ${fmtN(a / M2_PER_MU, 3)} ${t("unit.mu")} · ${fmtN(a / 1e4, 4)} ${t("unit.ha")}`;
    }
  }
  function onClick(e) { if (mode) { pts.push(e.latlng); redraw(); } }
  function start(m) {
    clear();
    mode = mode === m ? null : m;
    map.lsTool = mode ? "measure" : null;
    map.getContainer().classList.toggle("drawing", !!mode);
    bDist.setAttribute("aria-pressed", String(mode === "distance"));
    bArea.setAttribute("aria-pressed", String(mode === "area"));
  }
  map.on("click", onClick);
  const bDist = h("button", { type: "button", id: "map-measure-distance", "aria-pressed": "false", onclick: () => start("distance") }, t("map.measure.distance"));
  const bArea = h("button", { type: "button", id: "map-measure-area", "aria-pressed": "false", onclick: () => start("area") }, t("map.measure.area"));
  return control("topright", () => h("div", { class: "ls-measure draw-tools" }, bDist, " ", bArea, " ",
    h("button", { type: "button", id: "map-measure-clear", onclick: clear }, t("check.clear")), " ", out));
}
