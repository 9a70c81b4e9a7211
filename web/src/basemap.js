/*
 * The map's bearings: the basemap under the county's layers — the configured online service
 * (天地图 with the bureau's key, or an intranet WMTS/XYZ) or, without network, the county's
 * own terrain-and-land-cover tiles the server draws (/api/v1/basemaps) — chosen in a control
 * and remembered; and the names of townships and villages as labels that appear as one
 * zooms in (/api/v1/layers/{layer}/labels: points inside each unit).
 */
import { esc } from "./dom.js";
import { LANG, t } from "./i18n.js";
import { api, state } from "./session.js";

export const LABEL_ZOOM = { township: 10, village: 13 };

export async function loadBasemaps() {
  if (!state.basemaps) {
    const r = await api("GET", "/api/v1/basemaps");
    state.basemaps = r.status === 200 ? r.json : { basemaps: [], default: null };
  }
  return state.basemaps;
}

/* The basemaps as Leaflet base layers (one group of tile layers each: a base and its
 * annotation) with "no basemap", the remembered or the server's default one on the map. */
export function basemapControl(map, bm) {
  const bases = {};
  const ids = bm.basemaps.map(b => b.id);
  const saved = localStorage.getItem("ls.basemap");
  const chosen = saved === "none" || ids.includes(saved) ? saved : (bm.default || "none");
  for (const b of bm.basemaps) {
    const g = L.layerGroup(b.urls.map(u => L.tileLayer(u, {
      subdomains: b.subdomains || "abc", maxZoom: 20, maxNativeZoom: b.max_zoom,
      attribution: esc(b.attribution || ""), className: `basemap-${b.id}`,
    })));
    g.lsBasemap = b.id;
    bases[LANG === "zh" ? b.zh : b.en] = g;
    if (b.id === chosen) g.addTo(map);
  }
  const none = L.layerGroup();
  none.lsBasemap = "none";
  bases[t("map.basemap.none")] = none;
  if (chosen === "none" || !bm.basemaps.length) none.addTo(map);
  map.on("baselayerchange", e => { if (e.layer.lsBasemap) localStorage.setItem("ls.basemap", e.layer.lsBasemap); });
  return L.control.layers(bases, null, { position: "topright" });
}

/* Labels of a unit layer, shown from its zoom on; clicks pass through them to the map. */
export async function unitLabels(map, layer, alive) {
  const r = await api("GET", `/api/v1/layers/${layer}/labels`);
  if (r.status !== 200 || !alive(map)) return null;
  const group = L.layerGroup(r.json.features.map(f => L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
    interactive: false, keyboard: false,
    icon: L.divIcon({ className: `ls-label ls-label-${layer}`, html: `<span>${esc(f.properties.name)}</span>`, iconSize: null }),
  })));
  const show = () => {
    const on = map.getZoom() >= LABEL_ZOOM[layer];
    if (on && !map.hasLayer(group)) group.addTo(map);
    if (!on && map.hasLayer(group)) map.removeLayer(group);
  };
  map.on("zoomend", show);
  show();
  return group;
}
