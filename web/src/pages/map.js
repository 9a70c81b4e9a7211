/* The map page: the control lines, survey patches and GEP value overlays. */
import { h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, state } from "../session.js";
import { attributePanel } from "../attribute_table.js";
import { jumpControl, measureControl } from "../maptools.js";
import { CLASS_COLOURS, countyMap, DEFAULT_ON, gepOverlay, itemName, mapAlive, MIN_ZOOM, STYLES, vectorLayer } from "../map.js";

/* The land classes the patches are coloured by (CLASS_COLOURS), named from the survey's
 * classification as the server gives it (/api/v1/landclasses/survey). */
function classLegend() {
  const c = L.control({ position: "bottomleft" });
  c.onAdd = () => h("div", { class: "ls-legend", id: "class-legend" }, h("b", {}, t("map.classes")),
    Object.keys(CLASS_COLOURS).sort().map(code => { const colour = CLASS_COLOURS[code];
      const lc = (state.landclasses || {})[code];
      return h("div", { "data-code": code }, h("span", { class: "legend-swatch", style: `background:${colour}` }), `${code} ${lc ? (LANG === "zh" ? lc.zh : lc.en) : ""}`);
    }));
  return c;
}

export default async function mapPage(main) {
  const mapEl = h("div", { class: "map", id: "map-main" });
  const list = h("div", { class: "layers" });
  const gepSel = h("select", { id: "map-gep" }, h("option", { value: "" }, t("map.none")));
  main.append(h("div", { class: "two" },
    h("div", { class: "panel" }, h("h3", {}, t("map.layers")), list,
      h("h3", {}, t("map.gep")), gepSel, h("p", { class: "muted" }, t("map.identify"))),
    mapEl));
  const { map, layers } = await countyMap(mapEl, false);
  window.__lsMap = map; /* for the browser benchmark (bench/web_map.mjs) */
  jumpControl(map, layers).addTo(map);
  measureControl(map).addTo(map);
  const groups = {};
  for (const info of layers) {
    const g = vectorLayer(map, info);
    groups[info.name] = g;
    const cb = h("input", { type: "checkbox", "data-layer": info.name });
    cb.checked = DEFAULT_ON.includes(info.name);
    /* the survey patches bring the legend of their colours: the first-level land classes */
    const legend = info.name === "landuse_patch" ? classLegend() : null;
    cb.addEventListener("change", () => {
      if (cb.checked) { g.addTo(map); if (legend) legend.addTo(map); } else { map.removeLayer(g); if (legend) legend.remove(); }
    });
    if (cb.checked) g.addTo(map);
    const note = MIN_ZOOM[info.name] ? ` (${t("map.zoomin")} ≥ ${MIN_ZOOM[info.name]})` : "";
    list.append(h("label", {}, cb, h("span", { class: "legend-swatch", style: `background:${(STYLES[info.name] || {}).fillColor || (STYLES[info.name] || {}).color}` }),
      (LANG === "zh" ? info.zh : info.en) + note));
  }
  /* the attribute table of the layers the user may read */
  list.parentNode.append(attributePanel(map, groups, layers.filter(l => l.permission === "public" || state.token)));
  const acc = await api("GET", "/api/v1/gep/accounts/gep-2023");
  let overlay = null;
  if (acc.status === 200) for (const m of acc.json.maps) gepSel.append(h("option", { value: m }, itemName(acc.json, m)));
  gepSel.addEventListener("change", async () => {
    if (overlay) { map.removeLayer(overlay); overlay = null; }
    if (!gepSel.value) return;
    overlay = await gepOverlay("gep-2023", gepSel.value, acc.json);
    if (overlay && mapAlive(map)) overlay.addTo(map).bringToBack();
  });
}
