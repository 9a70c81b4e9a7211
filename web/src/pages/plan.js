/* The allocation-plan page (配置方案, #/plan[/ID]): the plans, every version for a signed-in user
 * and the approved ones for the public; a plan on the map — its allocation units (配置单元)
 * coloured by mode (划拨, 出让, 租赁, 作价出资) and outlined by their status against the contracts
 * signed on them as of a date (on time, late, pending, overdue) — with the units' table: reserve
 * area, class, use, timing, the control lines' constraints and the contract that allocated each.
 * A registrar records a version (a revision starts from the one shown); a reviewer approves
 * another's. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, can, errorText } from "../session.js";
import { countyMap, mapAlive } from "../map.js";

export const MODE_COLOURS = { allocation: "#1f77b4", transfer: "#d62728", lease: "#2ca02c", equity: "#9467bd" };
export const STATUS_STYLES = {
  on_time: { color: "#1b5e20", weight: 2, dashArray: null },
  late: { color: "#ef6c00", weight: 3, dashArray: null },
  pending: { color: "#616161", weight: 2, dashArray: "4 4" },
  overdue: { color: "#b71c1c", weight: 4, dashArray: "8 4" },
};

/* a plan to start from when none is shown: one reserve area, one unit */
const TEMPLATE = {
  plan: "PZ-2025-01", version: 1, name: "两山县 2025 年度自然资源资产配置方案", date: "2025-03-01",
  reserves: [{ id: "CB-01", name: "储备片区", units: ["331099104211GN00001W00000000"] }],
  units: [{ id: "PU-01", unit: "331099104211GN00001W00000000", reserve: "CB-01", class: "operating", use: "ecotourism_facility", mode: "lease", timing: "2025-09-30" }],
};

function refusal(r) {
  const e = r && r.json && r.json.error, m = e && /rule ([a-z_]+\.[a-z_]+)/.exec(e.message || "");
  if (!e || !m) return errorText(r);
  return `${t("pln.refused")} ${m[1]}${LANG === "zh" ? "：" : ": "}${e.message.replace(/^.*?rule [a-z_.]+: /, "")}`;
}

function legend() {
  const c = L.control({ position: "bottomleft" });
  c.onAdd = () => h("div", { class: "ls-legend", id: "pln-legend" },
    h("b", {}, t("pln.mode")),
    Object.entries(MODE_COLOURS).map(([m, colour]) => h("div", { "data-mode": m }, h("span", { class: "legend-swatch", style: `background:${colour}` }), t("pln.mode." + m))),
    h("b", {}, t("pln.status")),
    Object.entries(STATUS_STYLES).map(([s, st]) => h("div", { "data-status": s },
      h("span", { class: "legend-swatch", style: `background:transparent;border:${Math.min(st.weight, 3)}px ${st.dashArray ? "dashed" : "solid"} ${st.color}` }), t("pln.status." + s))));
  return c;
}

export default async function planPage(main, wanted) {
  const listEl = h("div", { id: "pln-list" });
  const detailEl = h("div", { id: "pln-detail" }, h("p", { class: "muted" }, t("pln.pick")));
  const mapEl = h("div", { class: "map small", id: "pln-map" });
  const asOf = h("input", { id: "pln-asof", type: "date", value: new Date().toISOString().slice(0, 10) });
  const mapNote = h("p", { id: "pln-map-note", class: "muted" });
  const cats = await api("GET", "/api/v1/checks/categories");
  const useName = id => { const c = cats.json && cats.json.categories.find(x => x.id === id); return LANG === "zh" && c ? c.zh : id.replace(/_/g, " "); };
  const forms = [];
  let text = null, current = null;
  if (can("plan.write")) {
    text = h("textarea", { id: "pln-json", rows: 14, spellcheck: "false" });
    text.value = JSON.stringify(TEMPLATE, null, 1);
    const msg = h("p", { id: "pln-record-msg" });
    const record = async () => {
      msg.className = ""; msg.textContent = "";
      let body;
      try { body = JSON.parse(text.value); } catch (e) { msg.className = "error"; msg.textContent = `${t("val.badjson")}: ${e.message}`; return; }
      const r = await api("POST", "/api/v1/plans", body);
      if (r.status !== 201) { msg.className = "error"; msg.textContent = refusal(r); return; }
      msg.className = "ok";
      msg.textContent = `✓ ${t("pln.recorded")} ${r.json.plan} v${r.json.version} (seq ${r.json.seq})`;
      await list();
      await open(r.json.plan);
    };
    forms.push(h("div", { class: "panel", id: "pln-record" }, h("h3", {}, t("pln.record")),
      h("label", {}, h("span", {}, t("pln.json")), text),
      h("button", { id: "pln-record-btn", class: "primary", type: "button", onclick: record }, t("pln.recordbtn")), msg));
  }
  main.append(h("div", { class: "two" },
    h("div", {}, h("div", { class: "panel" }, h("h3", {}, t("pln.list")), listEl), ...forms),
    h("div", { class: "page" }, mapEl,
      h("div", { class: "panel" }, h("label", {}, h("span", {}, t("pln.asof")), asOf), mapNote, detailEl))));
  const { map } = await countyMap(mapEl, true);
  legend().addTo(map);
  let drawn = null;
  const rows = {};
  const styleOf = p => ({ ...STATUS_STYLES[p.status] || STATUS_STYLES.pending, fillColor: MODE_COLOURS[p.mode] || "#999", fillOpacity: 0.45, opacity: 1 });

  /* the approved version in force on the date, its units drawn and given their status */
  async function track(id) {
    if (drawn) { map.removeLayer(drawn); drawn = null; }
    mapEl.dataset.drawn = "";
    const r = await api("GET", `/api/v1/plans/${encodeURIComponent(id)}/tracking?as_of=${asOf.value}&format=geojson`);
    if (!mapAlive(map) || current !== id) return;
    for (const tr of Object.values(rows)) { tr.querySelector(".pln-status").textContent = "—"; tr.dataset.status = ""; }
    if (r.status !== 200) { mapNote.className = "muted"; mapNote.textContent = `${t("pln.notrack")} ${asOf.value}`; return; }
    const fc = r.json;
    drawn = L.geoJSON(fc, {
      style: f => styleOf(f.properties),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        layer.bindTooltip(`${p.id} · ${t("pln.mode." + p.mode)} · ${t("pln.status." + p.status)}`);
        layer.on("click", () => { const tr = rows[p.id]; if (tr) { Object.values(rows).forEach(x => x.classList.remove("selected")); tr.classList.add("selected"); tr.scrollIntoView({ block: "nearest" }); } });
      },
    }).addTo(map);
    if (drawn.getBounds().isValid()) map.fitBounds(drawn.getBounds(), { maxZoom: 15 });
    /* what is drawn, each unit with its fill (the mode), for the browser test: the canvas has no DOM */
    mapEl.dataset.drawn = fc.features.map(f => `${f.properties.id}:${styleOf(f.properties).fillColor}`).join(",");
    for (const f of fc.features) {
      const tr = rows[f.properties.id];
      if (!tr) continue;
      tr.dataset.status = f.properties.status;
      tr.querySelector(".pln-status").replaceChildren(h("span", { class: f.properties.status === "overdue" ? "error" : f.properties.status === "on_time" ? "ok" : "" }, t("pln.status." + f.properties.status)),
        ...(f.properties.contract ? [" ", h("a", { href: `#/contract/${encodeURIComponent(f.properties.contract)}` }, f.properties.contract), ` (${f.properties.allocated})`] : []));
    }
    mapNote.className = "";
    mapNote.textContent = `${t("pln.inforce")} v${fc.version} · ${t("pln.asof")} ${fc.as_of}: ` +
      Object.entries(fc.counts).map(([k, n]) => `${n} ${t("pln.status." + k)}`).join(LANG === "zh" ? "，" : ", ");
  }

  async function open(id, version) {
    current = id;
    history.replaceState(null, "", `#/plan/${encodeURIComponent(id)}`);
    const r = await api("GET", `/api/v1/plans/${encodeURIComponent(id)}${version ? "?version=" + version : ""}`);
    if (r.status !== 200) { detailEl.replaceChildren(h("p", { class: "error", id: "pln-missing" }, errorText(r))); return; }
    const p = r.json;
    for (const k of Object.keys(rows)) delete rows[k];
    const reserveName = Object.fromEntries(p.reserves.map(x => [x.id, x.name]));
    const approveEl = [];
    if (!p.approved && can("plan.approve")) {
      const date = h("input", { id: "pln-approve-date", type: "date", value: p.date });
      const msg = h("span", { id: "pln-approve-msg" });
      approveEl.push(h("p", { id: "pln-approve" }, date, " ", h("button", { id: "pln-approve-btn", class: "primary", type: "button", onclick: async () => {
        const a = await api("POST", `/api/v1/plans/${encodeURIComponent(id)}/approval`, { version: p.version, date: date.value });
        if (a.status !== 201) { msg.className = "error"; msg.textContent = ` ${refusal(a)}`; return; }
        await list(); await open(id, p.version);
      } }, t("pln.approve")), msg));
    }
    const revise = text ? h("button", { id: "pln-revise", type: "button", onclick: () => {
      /* the version shown, as a request: without what the register added to it */
      const { seq, actor, approved, ...body } = p;
      body.version = p.version + 1;
      body.units = body.units.map(({ constraints, status, contract, allocated, ...u }) => u);
      text.value = JSON.stringify(body, null, 1);
      text.focus();
    } }, t("pln.revise")) : null;
    detailEl.replaceChildren(h("div", { "data-plan": p.plan, "data-version": String(p.version) },
      h("h3", { id: "pln-title" }, `${p.plan} v${p.version} · ${p.name}`),
      h("p", { id: "pln-state" }, `${t("pln.date")} ${p.date} · ${t("pln.recordedby")} ${p.actor} (seq ${p.seq}) · `,
        p.approved ? h("span", { class: "ok" }, `${t("pln.approvedby")} ${p.approved.by} ${p.approved.date}`) : h("span", { class: "muted" }, t("pln.awaiting")), " ", revise),
      ...approveEl,
      h("table", { id: "pln-units" },
        h("tr", {}, ["pln.unitid", "pln.unit", "pln.reserve", "pln.class", "pln.use", "pln.mode", "pln.timing", "pln.constraints", "pln.status"].map(k => h("th", {}, t(k)))),
        p.units.map(u => {
          const tr = h("tr", { "data-unit": u.id, "data-mode": u.mode },
            h("td", {}, u.id), h("td", { class: "code" }, h("a", { href: `#/registry/${encodeURIComponent(u.unit)}` }, u.unit)),
            h("td", {}, `${u.reserve} ${reserveName[u.reserve] || ""}`), h("td", {}, t("pln.class." + u.class)), h("td", {}, useName(u.use)),
            h("td", {}, h("span", { class: "legend-swatch", style: `background:${MODE_COLOURS[u.mode]}` }), t("pln.mode." + u.mode)),
            h("td", {}, u.timing), h("td", { title: (u.constraints && u.constraints.reasons || []).map(x => x.reason || x.zone || "").join("; ") }, u.constraints ? t("pln.decision." + u.constraints.decision) : "—"),
            h("td", { class: "pln-status" }, "—"));
          rows[u.id] = tr;
          return tr;
        }))));
    await track(id);
  }

  async function list() {
    const r = await api("GET", "/api/v1/plans");
    if (r.status !== 200) { listEl.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const plans = r.json.plans;
    listEl.replaceChildren(plans.length ? h("table", {},
      h("tr", {}, h("th", {}, t("pln.id")), h("th", {}, t("pln.version")), h("th", {}, t("pln.date")), h("th", {}, t("pln.units")), h("th", {}, t("pln.state"))),
      plans.map(p => h("tr", { "data-plan": p.plan, "data-version": String(p.version), class: "clickable", onclick: () => open(p.plan, p.version) },
        h("td", {}, `${p.plan} ${p.name}`), h("td", { class: "num" }, `v${p.version}`), h("td", {}, p.date), h("td", { class: "num" }, fmt(p.units, 0)),
        h("td", { class: p.approved ? "ok" : "muted" }, p.approved ? `${t("pln.approvedby")} ${p.approved.by}` : t("pln.awaiting")))))
      : h("p", { class: "muted", id: "pln-none" }, t("pln.none")));
  }

  asOf.addEventListener("change", () => { if (current) track(current); });
  await list();
  if (wanted) await open(wanted);
}
