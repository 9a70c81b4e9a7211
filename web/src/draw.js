/*
 * Drawing a polygon on a map, as the compliance check and the registrar's first registration
 * both do: while drawing, the map's layers give their clicks to the map (map.lsTool, map.js),
 * each click adds a vertex (snapped, when asked, to the nearest loaded vertex within SNAP_PX),
 * vertices show as markers, the last can be undone, and the live area is given in m², 亩 and
 * 公顷 on the ellipsoid (geodesy.js). The element `live` carries the vertex count, the area
 * and the ring (lon/lat) as data attributes for the browser test.
 */
import { fmt, h } from "./dom.js";
import { M2_PER_MU, ringArea } from "./geodesy.js";
import { t } from "./i18n.js";

const SNAP_PX = 10; /* a click this close to a loaded vertex lands on it */

/* ids: the prefix of the controls' ids ("check" → #check-draw, #check-undo …);
 * snapGroups(): the layer groups whose vertices a click may snap to. */
export function drawTool(map, ids, snapGroups = () => []) {
  let pts = [], sketch = null, vertices = null;
  const live = h("p", { class: "live-area", id: `${ids}-live-area` });
  const snap = h("input", { type: "checkbox", id: `${ids}-snap` });
  const drawBtn = h("button", { type: "button", id: `${ids}-draw`, "aria-pressed": "false", onclick: start }, t("check.draw"));
  const undoBtn = h("button", { type: "button", id: `${ids}-undo`, onclick: () => { pts.pop(); redraw(); } }, t("check.undo"));
  const finishBtn = h("button", { type: "button", id: `${ids}-finish`, onclick: finish }, t("check.finish"));
  function clearSketch() {
    for (const l of [sketch, vertices]) if (l) map.removeLayer(l);
    sketch = vertices = null;
  }
  function start() {
    pts = [];
    clearSketch();
    map.lsTool = "draw"; /* the layers stop taking clicks (map.js) */
    map.getContainer().classList.add("drawing");
    drawBtn.setAttribute("aria-pressed", "true");
    redraw();
  }
  function stop() {
    map.lsTool = null;
    map.getContainer().classList.remove("drawing");
    drawBtn.setAttribute("aria-pressed", "false");
  }
  function finish() {
    stop();
    redraw();
  }
  function snapped(latlng) {
    if (!snap.checked) return latlng;
    const p = map.latLngToContainerPoint(latlng);
    let best = null, bestD = SNAP_PX;
    const visit = ll => {
      if (Array.isArray(ll)) { ll.forEach(visit); return; }
      const d = map.latLngToContainerPoint(ll).distanceTo(p);
      if (d <= bestD) { bestD = d; best = ll; }
    };
    for (const g of snapGroups()) g.eachLayer(l => { if (l.getLatLngs) visit(l.getLatLngs()); });
    return best ? L.latLng(best.lat, best.lng) : latlng;
  }
  function redraw() {
    clearSketch();
    const closed = !map.lsTool && pts.length >= 3;
    sketch = pts.length ? (closed ? L.polygon(pts, { color: "#0050b3" }) : L.polyline(pts, { color: "#0050b3", dashArray: "4 4" })).addTo(map) : null;
    vertices = L.layerGroup(pts.map(p => L.circleMarker(p, { radius: 4, color: "#0050b3", fillColor: "#fff", fillOpacity: 1, weight: 2, interactive: false }))).addTo(map);
    const a = ringArea(pts);
    live.replaceChildren(pts.length ? `${pts.length} ${t("check.vertices")}` + (pts.length >= 3 ?
      ` · ${t("check.livearea")} ${fmt(a, 1)} m² · ${fmt(a / M2_PER_MU, 2)} ${t("unit.mu")} · ${fmt(a / 1e4, 4)} ${t("unit.ha")}` : "") : "");
    live.dataset.vertices = String(pts.length);
    live.dataset.areaM2 = a.toFixed(3);
    live.dataset.ring = JSON.stringify(pts.map(p => [p.lng, p.lat]));
  }
  map.on("click", e => {
    if (map.lsTool !== "draw") return;
    pts.push(snapped(e.latlng));
    redraw();
  });
  return {
    buttons: [drawBtn, " ", undoBtn, " ", finishBtn],
    snapLabel: h("label", {}, snap, " ", t("check.snap")),
    live,
    drawing: () => map.lsTool === "draw",
    finish,
    /* the drawn ring, lon/lat, closed; null under three vertices */
    ring: () => pts.length >= 3 ? [...pts.map(p => [p.lng, p.lat]), [pts[0].lng, pts[0].lat]] : null,
    clear: () => { stop(); pts = []; redraw(); },
  };
}
