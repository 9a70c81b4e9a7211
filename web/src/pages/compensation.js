/* The compensation page (生态补偿, #/compensation[/ID]): the allocations — the published ones for
 * the public, every one for a signed-in user — and one allocation as a map of its regions
 * (a county's townships, or a region's counties: the outlines the server has for its codes)
 * coloured by their amount in five classes, beside its table: each region's factors,
 * share, reward or deduction, bound, exact amount and the 万元 published after largest-remainder
 * rounding (the one unit it gained marked). A reviewer publishes an allocation another recorded. */
import { fmt, h } from "../dom.js";
import { t } from "../i18n.js";
import { api, can, errorText } from "../session.js";
import { countyMap, mapAlive } from "../map.js";

export const AMOUNT_CLASSES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

/* five classes of equal count over the amounts, as the GEP map draws its townships */
export function classes(values) {
  const v = [...values].sort((a, b) => a - b);
  const n = Math.min(AMOUNT_CLASSES.length, v.length);
  const bounds = Array.from({ length: n + 1 }, (_, k) => v[Math.min(v.length - 1, Math.round(k * (v.length - 1) / n))]);
  return { n, bounds, of: x => { let k = 0; while (k < n - 1 && x > bounds[k + 1]) k++; return k; } };
}

export default async function compensationPage(main, wanted) {
  const listEl = h("div", { id: "cmp-list" });
  const detailEl = h("div", { id: "cmp-detail" }, h("p", { class: "muted" }, t("cmp.pick")));
  const mapEl = h("div", { class: "map small", id: "cmp-map" });
  main.append(h("p", { class: "subtabs" }, h("a", { href: "#/compensation", class: "active" }, t("nav.allocations")), " · ",
    h("a", { href: "#/damage", id: "to-damage", class: "" }, t("nav.damage"))), h("div", { class: "two" },
    h("div", {}, h("div", { class: "panel" }, h("h3", {}, t("cmp.list")), listEl)),
    h("div", { class: "page" }, mapEl, h("div", { class: "panel" }, detailEl))));
  const { map } = await countyMap(mapEl, true);
  let drawn = null, legend = null, current = null;

  function draw(a, shapes) {
    if (drawn) { map.removeLayer(drawn); drawn = null; }
    if (legend) { legend.remove(); legend = null; }
    mapEl.dataset.drawn = "";
    if (shapes.status !== 200) return;
    const byCode = Object.fromEntries(a.regions.map(r => [r.region, r]));
    const c = classes(a.regions.map(r => r.amount_wan));
    drawn = L.geoJSON(shapes.json, {
      filter: f => byCode[f.properties.XZQDM] !== undefined,
      style: f => ({ color: "#333", weight: 1, fillOpacity: 0.75, fillColor: AMOUNT_CLASSES[c.of(byCode[f.properties.XZQDM].amount_wan)] }),
      onEachFeature: (f, l) => {
        const r = byCode[f.properties.XZQDM];
        l.bindTooltip(`${r.name || r.region}<br>${fmt(r.amount_wan, 0)} ${t("cmp.wan")}`, { permanent: true, direction: "center", className: "ls-label" });
        l.on("click", () => { const tr = detailEl.querySelector(`tr[data-region="${r.region}"]`); if (tr) { detailEl.querySelectorAll("tr.selected").forEach(x => x.classList.remove("selected")); tr.classList.add("selected"); tr.scrollIntoView({ block: "nearest" }); } });
      },
    }).addTo(map);
    legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => h("div", { class: "ls-legend", id: "cmp-legend" }, h("b", {}, `${t("cmp.amount")} (${t("cmp.wan")})`),
      Array.from({ length: c.n }, (_, k) => h("div", {}, h("span", { class: "legend-swatch", style: `background:${AMOUNT_CLASSES[k]}` }), `${fmt(c.bounds[k], 0)} – ${fmt(c.bounds[k + 1], 0)}`)));
    legend.addTo(map);
    if (drawn.getBounds().isValid()) map.fitBounds(drawn.getBounds());
    /* what is drawn, each region with its fill, for the browser test: the canvas has no DOM */
    mapEl.dataset.drawn = a.regions.filter(r => shapes.json.features.some(f => f.properties.XZQDM === r.region))
      .map(r => `${r.region}:${r.amount_wan}:${AMOUNT_CLASSES[c.of(r.amount_wan)]}`).join(",");
  }

  async function open(id) {
    current = id;
    history.replaceState(null, "", `#/compensation/${encodeURIComponent(id)}`);
    const r = await api("GET", `/api/v1/compensation/allocations/${encodeURIComponent(id)}`);
    if (!mapAlive(map) || current !== id) return;
    if (r.status !== 200) { detailEl.replaceChildren(h("p", { class: "error", id: "cmp-missing" }, errorText(r))); return; }
    const a = r.json;
    const shapes = await api("GET", `/api/v1/compensation/allocations/${encodeURIComponent(id)}/map`);
    if (!mapAlive(map) || current !== id) return;
    const factorIds = Object.keys(a.regions[0] ? a.regions[0].factors : {});
    const publishEl = [];
    if (!a.published && can("compensation.publish")) {
      const date = h("input", { id: "cmp-publish-date", type: "date", value: `${a.year}-03-31` });
      const msg = h("span", { id: "cmp-publish-msg" });
      publishEl.push(h("p", { id: "cmp-publish" }, date, " ", h("button", { id: "cmp-publish-btn", class: "primary", type: "button", onclick: async () => {
        const p = await api("POST", `/api/v1/compensation/allocations/${encodeURIComponent(id)}/publication`, { date: date.value });
        if (p.status !== 201) { msg.className = "error"; msg.textContent = ` ${errorText(p)}`; return; }
        await list(); await open(id);
      } }, t("cmp.publish")), msg));
    }
    const sc = a.scheme;
    detailEl.replaceChildren(h("div", { "data-allocation": a.allocation },
      h("h3", { id: "cmp-title" }, `${a.allocation} · ${a.year} · ${sc.name || sc.scheme}`),
      h("p", { id: "cmp-state" }, `${t("cmp.scheme")} ${sc.scheme} ${sc.version}`,
        sc.verified ? "" : h("span", { class: "error" }, ` (${t("cmp.unverified")})`),
        ` · ${t("cmp.pool")} ${fmt(a.pool_wan, 0)} ${t("cmp.wan")} · ${t("cmp.total")} ${fmt(a.total_wan, 0)} ${t("cmp.wan")} · `,
        a.published ? h("span", { class: "ok" }, `${t("cmp.publishedby")} ${a.published.by} ${a.published.date}`) : h("span", { class: "muted" }, t("cmp.unpublished"))),
      ...publishEl,
      h("div", { class: "scroll" }, h("table", { id: "cmp-regions" },
        h("tr", {}, h("th", {}, t("cmp.region")), factorIds.map(f => h("th", { class: "num" }, f)),
          ["cmp.share", "cmp.adjust", "cmp.bound", "cmp.exact", "cmp.amount"].map(k => h("th", { class: "num" }, t(k)))),
        a.regions.map(x => h("tr", { "data-region": x.region, "data-amount": String(x.amount_wan) },
          h("td", {}, `${x.region} ${x.name}`), factorIds.map(f => h("td", { class: "num" }, fmt(x.factors[f], 4))),
          h("td", { class: "num" }, `${fmt(100 * x.share, 3)} %`),
          h("td", { class: "num" }, x.reward ? `+${fmt(x.reward, 0)}` : x.deduction ? `−${fmt(x.deduction, 0)}` : "—"),
          h("td", {}, x.bound ? t("cmp.bound." + x.bound) : ""),
          h("td", { class: "num" }, fmt(x.exact, 4)),
          h("td", { class: "num" }, h("b", {}, fmt(x.amount_wan, 0)), x.round_up ? h("span", { class: "muted", title: t("cmp.roundup") }, " +1") : ""))),
        h("tr", {}, h("td", {}, h("b", {}, t("cmp.total"))), factorIds.map(() => h("td", {})), h("td", {}), h("td", {}), h("td", {}), h("td", {}),
          h("td", { class: "num", id: "cmp-sum" }, h("b", {}, fmt(a.regions.reduce((s, x) => s + x.amount_wan, 0), 0))))),
      h("p", { class: "muted" }, t("cmp.note")))));
    draw(a, shapes);
  }

  async function list() {
    const r = await api("GET", "/api/v1/compensation/allocations");
    if (r.status !== 200) { listEl.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const all = r.json.allocations;
    listEl.replaceChildren(all.length ? h("table", {},
      h("tr", {}, ["cmp.id", "cmp.year", "cmp.scheme", "cmp.pool", "cmp.state"].map(k => h("th", {}, t(k)))),
      all.map(a => h("tr", { "data-allocation": a.allocation, class: "clickable", onclick: () => open(a.allocation) },
        h("td", {}, a.allocation), h("td", {}, String(a.year)), h("td", {}, `${a.scheme} ${a.version}`),
        h("td", { class: "num" }, `${fmt(a.total_wan, 0)} ${t("cmp.wan")}`),
        h("td", { class: a.published ? "ok" : "muted" }, t(a.published ? "cmp.published" : "cmp.unpublished")))))
      : h("p", { class: "muted", id: "cmp-none" }, t("cmp.none")));
  }

  await list();
  const first = wanted || (listEl.querySelector("tr[data-allocation]") || {}).dataset?.allocation;
  if (first) await open(first);
}
