/* The damage page (自然资源资产损害, #/damage[/ID]): the cases — the closed ones for the public,
 * every one for a signed-in user — and one case: the changed area found between the survey years
 * (red) over the registry units it lies on (blue), with its classes before and after; its
 * timeline of actions by role; its valuations with every step; its documents by SHA-256; and,
 * for whoever holds the role the next action needs, that action with its documents (each
 * document's text is hashed by the server). */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, errorText, state } from "../session.js";
import { countyMap, mapAlive } from "../map.js";

const ROLE_COLOURS = { damage: "#d62728", unit: "#1f77b4" };

function refusal(r) {
  const e = r && r.json && r.json.error, m = e && /rule ([a-z_]+\.[a-z_]+)/.exec(e.message || "");
  if (!e || !m) return errorText(r);
  return `${t("dmg.refused")} ${m[1]}${LANG === "zh" ? "：" : ": "}${e.message.replace(/^.*?rule [a-z_.]+: /, "")}`;
}

export default async function damagePage(main, wanted) {
  const listEl = h("div", { id: "dmg-list" });
  const detailEl = h("div", { id: "dmg-detail" }, h("p", { class: "muted" }, t("dmg.pick")));
  const mapEl = h("div", { class: "map small", id: "dmg-map" });
  main.append(h("p", { class: "subtabs" }, h("a", { href: "#/compensation", class: "" }, t("nav.allocations")), " · ",
    h("a", { href: "#/damage", id: "to-damage", class: "active" }, t("nav.damage"))), h("div", { class: "two" },
    h("div", {}, h("div", { class: "panel" }, h("h3", {}, t("dmg.list")), listEl)),
    h("div", { class: "page" }, mapEl, h("div", { class: "panel" }, detailEl))));
  const { map } = await countyMap(mapEl, true);
  let drawn = null, current = null;

  async function draw(id) {
    if (drawn) { map.removeLayer(drawn); drawn = null; }
    mapEl.dataset.drawn = "";
    const r = await api("GET", `/api/v1/damage/cases/${encodeURIComponent(id)}?format=geojson`);
    if (!mapAlive(map) || current !== id || r.status !== 200) return;
    /* the units under the change first, the change on top */
    const fc = { type: "FeatureCollection", features: [...r.json.features].sort((a, b) => (a.properties.role === "damage") - (b.properties.role === "damage")) };
    drawn = L.geoJSON(fc, {
      style: f => ({ color: ROLE_COLOURS[f.properties.role], weight: f.properties.role === "damage" ? 3 : 2, fillOpacity: f.properties.role === "damage" ? 0.5 : 0.1 }),
      onEachFeature: (f, l) => l.bindTooltip(f.properties.role === "damage"
        ? `${t("dmg.kind." + f.properties.kind)} · ${f.properties.class_before} → ${f.properties.class_after} · ${fmt(f.properties.area_m2, 0)} m²`
        : `${f.properties.unit} · ${(f.properties.holders || []).map(x => x.name).join("、")}`),
    }).addTo(map);
    if (drawn.getBounds().isValid()) map.fitBounds(drawn.getBounds(), { maxZoom: 16 });
    mapEl.dataset.drawn = fc.features.map(f => `${f.properties.role}:${f.geometry ? f.geometry.type : "none"}`).join(",");
  }

  function actionForm(c) {
    const mine = (c.next || []).filter(n => state.user && state.user.role === n.role);
    if (!mine.length) return [];
    const pick = h("select", { id: "dmg-action" }, mine.map(n => h("option", { value: n.action }, `${t("dmg.action." + n.action)} → ${t("dmg.state." + n.to)}`)));
    const date = h("input", { id: "dmg-date", type: "date", value: new Date().toISOString().slice(0, 10) });
    const docsEl = h("div", { id: "dmg-docs" });
    const reason = h("input", { id: "dmg-reason", type: "text", size: 40 });
    const msg = h("p", { id: "dmg-msg" });
    const fill = () => {
      const n = mine.find(x => x.action === pick.value);
      docsEl.replaceChildren(...n.documents.map(d => h("label", {}, h("span", {}, `${LANG === "zh" ? d.name : d.kind}`),
        h("textarea", { rows: 2, "data-kind": d.kind, placeholder: t("dmg.doctext") }))));
    };
    pick.addEventListener("change", fill);
    fill();
    const submit = async () => {
      msg.className = ""; msg.textContent = "";
      const documents = [...docsEl.querySelectorAll("textarea")].filter(x => x.value.trim())
        .map(x => ({ kind: x.dataset.kind, file: `${x.dataset.kind}.txt`, content: x.value }));
      const r = await api("POST", `/api/v1/damage/cases/${encodeURIComponent(c.case)}/actions`, { action: pick.value, date: date.value, documents, reason: reason.value });
      if (r.status !== 201) { msg.className = "error"; msg.textContent = refusal(r); return; }
      await list(); await open(c.case);
    };
    return [h("div", { class: "panel", id: "dmg-act" }, h("h3", {}, t("dmg.act")),
      h("label", {}, h("span", {}, t("dmg.actionlabel")), pick), h("label", {}, h("span", {}, t("dmg.date")), date),
      docsEl, h("label", {}, h("span", {}, t("dmg.reason")), reason),
      h("button", { id: "dmg-act-btn", class: "primary", type: "button", onclick: submit }, t("dmg.submit")), msg)];
  }

  async function open(id) {
    current = id;
    history.replaceState(null, "", `#/damage/${encodeURIComponent(id)}`);
    const r = await api("GET", `/api/v1/damage/cases/${encodeURIComponent(id)}`);
    if (!mapAlive(map) || current !== id) return;
    if (r.status !== 200) { detailEl.replaceChildren(h("p", { class: "error", id: "dmg-missing" }, errorText(r))); return; }
    const c = r.json, lead = c.lead || {};
    detailEl.replaceChildren(h("div", { "data-case": c.case, "data-state": c.state },
      h("h3", { id: "dmg-title" }, `${c.case} · ${t("dmg.kind." + lead.kind)}`),
      h("p", { id: "dmg-state" }, `${t("dmg.state")} `, h("b", {}, t("dmg.state." + c.state)), ` · ${t("dmg.since")} ${c.state_since}`,
        c.deadline ? ` · ${t("dmg.deadline")} ${c.deadline}` : "", c.overdue ? h("span", { class: "error" }, ` (${t("dmg.overdue")})`) : ""),
      h("p", {}, `${t("dmg.source." + lead.source)} · ${fmt(lead.area_m2 || 0, 0)} m² · ${lead.class_before || "—"} → ${lead.class_after || "—"}`,
        (lead.zones || []).length ? ` · ${(lead.zones || []).map(z => t("dmg.zone." + z)).join("、")}` : ""),
      (lead.units || []).length ? h("p", { id: "dmg-units" }, `${t("dmg.units")}: `, lead.units.map(u => h("span", {},
        h("a", { href: `#/registry/${encodeURIComponent(u.unit)}` }, u.unit), ` (${[...new Set((u.holders || []).map(x => x.name))].join("、")}) `))) : "",
      h("h4", {}, t("dmg.history")),
      h("table", { id: "dmg-history" }, h("tr", {}, ["dmg.date", "dmg.actionlabel", "dmg.state", "dmg.actor"].map(k => h("th", {}, t(k)))),
        c.history.map(e => h("tr", { "data-action": e.action }, h("td", {}, e.date), h("td", {}, t("dmg.action." + e.action)), h("td", {}, t("dmg.state." + e.state)), h("td", {}, `${e.actor} (${e.role})`)))),
      h("h4", {}, t("dmg.valuations")),
      c.valuations.length ? h("table", { id: "dmg-valuations" }, h("tr", {}, h("th", {}, t("dmg.method")), h("th", { class: "num" }, t("dmg.value")), h("th", {}, t("dmg.steps"))),
        c.valuations.map(v => h("tr", { "data-method": v.method }, h("td", {}, LANG === "zh" ? v.method_zh : v.method), h("td", { class: "num" }, `¥${fmt(v.value_yuan, 2)}`),
          h("td", { class: "muted" }, v.steps.map(s => `${s.step} ${fmt(s.value, 2)}`).join("; ")))))
        : h("p", { class: "muted" }, t("dmg.novaluation")),
      h("h4", {}, t("dmg.documents")),
      c.documents.length ? h("table", { id: "dmg-documents" }, h("tr", {}, h("th", {}, t("dmg.doc")), h("th", {}, "SHA-256")),
        c.documents.map(d => h("tr", {}, h("td", {}, `${d.kind} ${d.file}`), h("td", { class: "code" }, d.sha256.slice(0, 16) + "…"))))
        : h("p", { class: "muted" }, t("dmg.nodocs")),
      ...actionForm(c)));
    await draw(id);
  }

  async function list() {
    const r = await api("GET", "/api/v1/damage/cases");
    if (r.status !== 200) { listEl.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const cases = r.json.cases;
    listEl.replaceChildren(cases.length ? h("table", {},
      h("tr", {}, ["dmg.case", "dmg.state", "dmg.kindlabel", "dmg.area"].map(k => h("th", {}, t(k)))),
      cases.map(c => h("tr", { "data-case": c.case, "data-state": c.state, class: "clickable", onclick: () => open(c.case) },
        h("td", {}, c.case), h("td", {}, t("dmg.state." + c.state)), h("td", {}, t("dmg.kind." + c.kind)), h("td", { class: "num" }, fmt(c.area_m2, 0)))))
      : h("p", { class: "muted", id: "dmg-none" }, t("dmg.none")));
  }

  await list();
  if (wanted) await open(wanted);
}
