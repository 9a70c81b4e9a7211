/*
 * The county's maps (Leaflet): layer styles, a map fitted to the county, vector layers loaded
 * whole or by view box when zoomed in (GeoJSON in EPSG:4326 from the server, simplified to
 * the screen's resolution), and the GEP value overlays.
 *
 * Tools: while a map has a tool (map.lsTool: "draw", "point"…), clicks on its features go
 * to the map, not to the features' popups, so a vertex or a query lands where the user
 * clicked even inside the county. Maps are disposed of when their page is left
 * (disposeMaps), so an old map never asks for a box of zero size.
 */
import { loadLandClasses, propsTable } from "./attributes.js";
import { basemapControl, loadBasemaps, unitLabels } from "./basemap.js";
import { coordsControl, homeControl } from "./maptools.js";
import { esc, fmt, h } from "./dom.js";
import { LANG, t } from "./i18n.js";
import { api, state } from "./session.js";

export const STYLES = {
  county: { color: "#222", weight: 2, fill: false },
  township: { color: "#555", weight: 1, dashArray: "4 4", fill: false },
  village: { color: "#888", weight: 0.7, dashArray: "2 3", fill: false },
  landuse_patch: { color: "#8a8a8a", weight: 0.5, fillColor: "#c9d9c0", fillOpacity: 0.35 },
  basic_farmland: { color: "#c8a200", weight: 1, fillColor: "#f3d34a", fillOpacity: 0.45 },
  eco_redline: { color: "#d42020", weight: 1.5, fillColor: "#f08080", fillOpacity: 0.3 },
  core_zone: { color: "#7a0000", weight: 1.5, fillColor: "#a52a2a", fillOpacity: 0.4 },
  urban_boundary: { color: "#7b3fa0", weight: 2, fillColor: "#b48ad0", fillOpacity: 0.2 },
  river: { color: "#1e74c8", weight: 2 },
  shoreline: { color: "#0b3d91", weight: 2 },
};
/* survey patches coloured by the first two digits of the land class (DLBM, TD/T 1055—2019) */
export const CLASS_COLOURS = { "01": "#f5e08a", "02": "#e6c36a", "03": "#5aa469", "04": "#a8d08d", "05": "#d98c8c",
  "06": "#c77373", "07": "#e0a0a0", "08": "#d9b3b3", "09": "#c9a0a0", "10": "#b0b0b0", "11": "#7fb8e6", "12": "#cfcfcf" };
export function styleOf(name, f) {
  const base = STYLES[name] || {};
  if (name !== "landuse_patch") return base;
  const c = CLASS_COLOURS[String((f && f.properties && f.properties.DLBM) || "").slice(0, 2)];
  return c ? Object.assign({}, base, { fillColor: c, fillOpacity: 0.6 }) : base;
}
export const MIN_ZOOM = { landuse_patch: 15, basic_farmland: 13, village: 12 }; /* zoomed out, these are too many */
export const DEFAULT_ON = ["county", "township", "basic_farmland", "eco_redline", "core_zone", "urban_boundary"];

const liveMaps = new Set();

/* Leaflet 1.9.4: a canvas renderer removed with its map can still run the redraw frame its
 * paths asked for as they were removed, and draws on a context that is gone (the browser
 * test met it in one run of three, on leaving a page). Nothing is left to draw then. */
const canvasRedraw = L.Canvas.prototype._redraw;
L.Canvas.prototype._redraw = function () {
  if (this._ctx) canvasRedraw.call(this);
  else this._redrawRequest = null;
};

/* Thrown into a page whose view was left while it waited: the user has moved on. */
export class PageLeft extends Error {}
/* for a promise a page starts on its own (a select's change): a view left meanwhile is fine */
export const ignoreLeft = e => { if (!(e instanceof PageLeft)) throw e; };

export function newMap(el) {
  if (!el.isConnected) throw new PageLeft();
  /* no zoom animation: a map removed mid-animation makes Leaflet 1.9 draw on a canvas that
   * is gone; a GIS view that jumps to the new scale is what desktop GIS users expect anyway */
  const map = L.map(el, { preferCanvas: true, zoomControl: true, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false });
  map.setView([28.84, 121.34], 12);
  L.control.scale({ imperial: false }).addTo(map);
  map.lsTool = null;
  liveMaps.add(map);
  return map;
}

/* The paths first, then the map: a path removed after its canvas renderer asks for a redraw
 * of a canvas that is gone (Leaflet 1.9 then throws in a later animation frame); removed
 * while the renderer lives, the renderer's own removal cancels that redraw. */
function removeMap(m) {
  m.stop();
  m.eachLayer(l => { if (!(l instanceof L.Renderer)) m.removeLayer(l); });
  m.remove();
}

export function disposeMaps() {
  for (const m of liveMaps) removeMap(m);
  liveMaps.clear();
}
export const liveMapCount = () => liveMaps.size;
/* false once the map's page (or the account it showed) is gone: an answer that arrives later
 * must not draw on it */
export const mapAlive = m => liveMaps.has(m);

/* the server simplifies by at most 10 km (a phone's zoomed-out view asks for more) */
const MAX_SIMPLIFY_M = 10000;

/* A map fitted to the county, with the township boundaries when asked, a 全县 button, the
 * pointer's coordinates (maptools.js), the basemap and the townships' and villages' names
 * (unless the page labels the townships itself, as the GEP choropleth does). */
export async function countyMap(el, townships, { labels = true } = {}) {
  const map = newMap(el);
  const [layers, basemaps] = await Promise.all([loadLayers(), loadBasemaps()]);
  if (!liveMaps.has(map) || !el.isConnected) { disposeMap(map); throw new PageLeft(); }
  const b = countyBounds(layers);
  if (b) { map.fitBounds(b); homeControl(map, b).addTo(map); }
  coordsControl(map).addTo(map);
  basemapControl(map, basemaps).addTo(map);
  /* the names of townships and villages, as they come (a map without them still works) */
  for (const unit of labels ? ["township", "village"] : [])
    if (layers.some(l => l.name === unit)) unitLabels(map, unit, mapAlive).catch(() => {});
  const town = layers.find(l => l.name === "township");
  if (townships && town) vectorLayer(map, town).addTo(map);
  return { map, layers };
}

export async function loadLayers() {
  if (!state.layers) {
    const [r] = await Promise.all([api("GET", "/api/v1/layers"), loadLandClasses()]);
    state.layers = r.status === 200 ? r.json.layers : [];
  }
  return state.layers;
}

export function countyBounds(layers) {
  const c = layers.find(l => l.name === "county") || layers[0];
  return c && c.bbox ? L.latLngBounds([c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]) : null;
}

/* A vector layer of the county on a map: loaded whole once, or by view box when it is big. */
export function vectorLayer(map, info, onFeatureClick) {
  const group = L.geoJSON(null, {
    style: f => styleOf(info.name, f),
    onEachFeature: (f, l) => {
      l.on("click", e => {
        /* a tool is active, or a GEP layer answers clicks: the click is the map's */
        if (map.lsTool || map.lsProbe) return;
        L.DomEvent.stopPropagation(e);
        if (onFeatureClick) onFeatureClick(info, f, e);
        else l.bindPopup(`<b>${esc(LANG === "zh" ? info.zh : info.en)}</b>` + propsTable(f.properties)).openPopup(e.latlng);
      });
    },
  });
  let seq = 0, loaded = null; /* the box and zoom of what is drawn */
  const byBox = info.features > 2000 || MIN_ZOOM[info.name];
  async function refresh() {
    if (!map.hasLayer(group)) return;
    if (info.permission !== "public" && !state.token) return;
    const size = map.getSize();
    if (!size.x || !size.y) return; /* not laid out (yet): no box to ask for */
    const z = map.getZoom();
    if (byBox && z < (MIN_ZOOM[info.name] || 14)) { group.clearLayers(); loaded = null; return; }
    if (!byBox && group.getLayers().length) return;
    /* a popup's auto-pan or a small pan stays inside what was loaded: keep the features
     * (and the popup open on one of them) */
    if (byBox && loaded && loaded.zoom === z && loaded.bounds.contains(map.getBounds())) return;
    const mine = ++seq;
    const b = byBox ? map.getBounds().pad(0.5) : map.getBounds();
    const mpp = 40075016 * Math.cos(map.getCenter().lat * Math.PI / 180) / Math.pow(2, z + 8);
    let url = `/api/v1/layers/${info.name}/features?limit=5000&simplify=${Math.min(mpp / 2, MAX_SIMPLIFY_M).toFixed(2)}`;
    if (byBox) url += `&bbox=${b.getWest()},${b.getSouth()},${b.getEast()},${b.getNorth()}`;
    const r = await api("GET", url);
    if (mine !== seq || r.status !== 200 || !map.hasLayer(group)) return;
    group.clearLayers();
    group.addData(r.json);
    loaded = byBox ? { bounds: b, zoom: z } : null;
  }
  map.on("moveend", refresh);
  group.on("add", refresh);
  group.on("remove", () => { loaded = null; });
  group.refresh = refresh;
  return group;
}

export function itemName(account, id) {
  if (id === "gep_total") return t("gep.total_map"); /* the whole account's map (gep/total_map) */
  const it = (account.items || []).find(i => i.item === id);
  return it ? (LANG === "zh" ? it.name_zh : it.name_en) : id;
}

/* ?access=… for a draft account's files and maps: an <img> or <a> cannot send the token, so
 * the account's answer carries a short-lived signed link (server/links) */
export const accessQuery = account => account && account.access ? `?access=${encodeURIComponent(account.access)}` : "";

/* A GEP value layer: the picture the server renders, a legend of its ramp (the server's
 * colours, raster/render.c) with the range and unit, and a click that asks for the cells
 * under the point (…/maps/ITEM/value). While it is on the map, feature clicks give way to it. */
const RAMP = ["#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837"];
export async function gepOverlay(acc, item, account) {
  const m = await api("GET", `/api/v1/gep/accounts/${acc}/maps/${item}.json${accessQuery(account)}`);
  if (m.status !== 200) return null;
  const [w, s, e, n] = m.json.bounds;
  const image = L.imageOverlay(`/api/v1/gep/accounts/${acc}/maps/${item}.png${accessQuery(account)}`, [[s, w], [n, e]], { opacity: 0.85 });
  const it = ((account && account.items) || []).find(i => i.item === item);
  const name = account ? itemName(account, item) : item;
  const perCell = LANG === "zh" ? "元/像元" : "yuan per cell";
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => h("div", { class: "ls-legend", id: "gep-legend" }, h("b", {}, name),
    h("div", { class: "ramp", style: `background: linear-gradient(to right, ${RAMP.join(", ")})` }),
    h("div", { class: "ramp-labels" }, h("span", {}, fmt(m.json.range[0])), h("span", {}, `${fmt(m.json.range[1])} ${perCell}`)),
    h("div", { class: "muted" }, t("map.legend.pct")));
  async function probe(ev) {
    const map = this;
    if (map.lsTool) return;
    const r = await api("GET", `/api/v1/gep/accounts/${acc}/maps/${item}/value?lon=${ev.latlng.lng.toFixed(7)}&lat=${ev.latlng.lat.toFixed(7)}${account && account.access ? "&access=" + encodeURIComponent(account.access) : ""}`);
    if (r.status !== 200 || !mapAlive(map)) return;
    const v = r.json;
    const body = !v.inside ? t("map.probe.outside") : v.nodata ? t("map.probe.nodata") :
      `${fmt(v.value_yuan)} ${perCell} · ${fmt(v.value_yuan / v.cell_m2 * 1e4)} ${LANG === "zh" ? "元/公顷" : "yuan/ha"}` +
      (v.physical !== undefined && it ? ` · ${fmt(v.physical, 3)} ${it.unit}/${LANG === "zh" ? "像元" : "cell"}` : "");
    L.popup().setLatLng(ev.latlng).setContent(`<b>${esc(name)}</b><div id="gep-probe" data-value="${v.value_yuan}">${esc(body)}</div>`).openOn(map);
  }
  const Layer = L.LayerGroup.extend({
    onAdd(map) { L.LayerGroup.prototype.onAdd.call(this, map); legend.addTo(map); map.lsProbe = true; map.on("click", probe, map); },
    onRemove(map) { L.LayerGroup.prototype.onRemove.call(this, map); legend.remove(); map.lsProbe = false; map.off("click", probe, map); },
  });
  const layer = new Layer([image]);
  layer.bringToBack = () => { image.bringToBack(); return layer; };
  return layer;
}

/* One map taken off the page (the GEP page draws a new one per account). */
export function disposeMap(m) {
  if (!m || !liveMaps.has(m)) return;
  removeMap(m);
  liveMaps.delete(m);
}
