/*
 * Registration applications (登记申请) for the registrar: one form per registration type with
 * the fields docs/registry.md lists, in the words of the registry's own vocabulary
 * (/api/v1/registry/vocabulary). A first registration's footprint is drawn on the map (and
 * sent in the register's CGCS2000 zone) or pasted as WKT from a survey. 检查 runs every rule
 * and keeps nothing (?dry_run=1, 预审); 提交 records it and shows the ledger event and the
 * certificate numbers issued. A refusal is the server's own, in the user's language, with
 * the field it names marked. The registry page opens this for a right or unit:
 * #/apply/TYPE/TARGET.
 */
import { h } from "../dom.js";
import { drawTool } from "../draw.js";
import { toGKZone, zoneOfEpsg } from "../geodesy.js";
import { label, LANG, t } from "../i18n.js";
import { api, can, errorText, errorTitle, openLogin, state } from "../session.js";
import { countyMap, vectorLayer } from "../map.js";

export const APPLY_TYPES = ["first", "transfer", "change", "correct", "mortgage", "mortgage_release",
  "seizure", "release", "objection", "cancel", "party"];

/* the fields of each type: key (a path in the application), kind, required; the target a
 * registry page names fills "right" or "unit" */
const F = (k, kind = "text", req = false, extra = {}) => ({ k, kind, req, ...extra });
const FORMS = {
  party: [F("party.id", "text", true), F("party.name", "text", true), F("party.kind", "party_kind", true), F("party.id_code"), F("party.acts_for")],
  first: [F("unit.code", "text", true, { size: 30 }), F("unit.name", "text", true), F("unit.class", "unit_class", true), F("unit.resource_type", "natural_type"),
    F("unit.layer", "layer"), F("unit.quantity", "number"), F("unit.quantity_unit"), F("unit.quality"), F("unit.geometry", "geometry", true), F("rights", "rights", true)],
  transfer: [F("right", "text", true, { size: 34 }), F("holders", "holders", true)],
  change: [F("right", "text", false, { size: 34 }), F("unit", "text", false, { size: 30 }), F("fields.holders", "holders"), F("fields.term_start", "date"), F("fields.term_end", "date"),
    F("fields.name"), F("fields.quality"), F("fields.quantity", "number"), F("certificate")],
  correct: [F("right", "text", false, { size: 34 }), F("unit", "text", false, { size: 30 }), F("party"), F("fields.holders", "holders"), F("fields.term_start", "date"), F("fields.term_end", "date"),
    F("fields.name"), F("fields.description"), F("fields.source_doc"), F("certificate")],
  mortgage: [F("right", "text", true, { size: 34 }), F("mortgagee", "text", true), F("amount", "number", true), F("term_start", "date"), F("term_end", "date"), F("certificate")],
  mortgage_release: [F("right", "text", true, { size: 34 })],
  seizure: [F("right", "text", true, { size: 34 }), F("court", "text", true), F("term_end", "date")],
  release: [F("right", "text", true, { size: 34 })],
  objection: [F("unit", "text", true, { size: 30 }), F("objector", "text", true), F("description", "text", true, { size: 40 })],
  cancel: [F("unit", "text", false, { size: 30 }), F("right", "text", false, { size: 34 })],
};
const COMMON = [F("date", "date", true), F("reason", "text", false, { size: 40 }), F("source_doc", "text", false, { size: 40 })];

/* "H001:1/2; H002:1/2" → [{party, share}], the import's form (docs/registry.md) */
export function parseHolders(text) {
  return text.split(/[;；,，\s]+/).filter(Boolean).map(x => {
    const [party, share] = x.split(/[:：]/);
    return share ? { party, share } : { party };
  });
}

function setPath(o, path, v) {
  const ks = path.split(".");
  let cur = o;
  for (const k of ks.slice(0, -1)) cur = cur[k] = cur[k] || {};
  cur[ks[ks.length - 1]] = v;
}

const today = () => new Date().toISOString().slice(0, 10);

export default async function applyPage(main, rest) {
  if (!state.user) { main.append(h("p", { class: "error" }, t("login.needed"))); openLogin(); return; }
  if (!can("registry.write")) { main.append(h("p", { class: "error", id: "apply-forbidden" }, t("apply.forbidden"))); return; }
  const [wantType, ...targetParts] = (rest || "").split("/");
  const target = targetParts.join("/");
  const vocab = (await api("GET", "/api/v1/registry/vocabulary")).json;
  const named = (prefix, item) => LANG === "zh" ? item.label : label(prefix, item.id);
  const typeSel = h("select", { id: "apply-type" }, APPLY_TYPES.map(ty => h("option", { value: ty }, label("ev", "registry." + ty))));
  typeSel.value = APPLY_TYPES.includes(wantType) ? wantType : "first";
  const form = h("form", { id: "apply-form", class: "apply-form", novalidate: true });
  const out = h("div", { id: "apply-result" });
  const mapEl = h("div", { class: "map", id: "apply-map" });
  main.append(h("div", { class: "two" },
    h("div", { class: "panel" }, h("h3", {}, t("apply.title")), h("label", {}, h("span", {}, t("apply.type")), typeSel), form,
      h("div", { class: "apply-actions" },
        h("button", { type: "button", id: "apply-check", onclick: () => send(true) }, t("apply.check")), " ",
        h("button", { type: "button", class: "primary", id: "apply-submit", onclick: () => send(false) }, t("apply.submit"))), out),
    mapEl));
  const county = await countyMap(mapEl, true);
  const map = county.map;
  window.__lsApplyMap = map; /* for the browser test (drawing) */
  const snapGroups = [];
  for (const info of county.layers.filter(l => ["county", "village"].includes(l.name))) { const g = vectorLayer(map, info); g.addTo(map); snapGroups.push(g); }
  const draw = drawTool(map, "apply", () => snapGroups);
  const epsg = (county.layers.find(l => l.name === "county") || county.layers[0] || {}).epsg;
  const zone = zoneOfEpsg(epsg);
  let inputs = {}, rightRows = null;

  function control(f) {
    const id = "apply-" + f.k.replace(/\./g, "-");
    const field = f.k.split(".").pop();
    const opt = (items, prefix) => [h("option", { value: "" }, t("check.choose")), ...items.map(x => h("option", { value: x.id }, named(prefix, x)))];
    let el;
    if (f.kind === "party_kind") el = h("select", {}, opt(vocab.party_kinds.map(k => ({ id: k, label: label("partykind", k) })), "partykind"));
    else if (f.kind === "unit_class") el = h("select", {}, opt([{ id: "natural", label: "自然资源" }, { id: "real_estate", label: "不动产" }], "unitclass"));
    else if (f.kind === "natural_type") el = h("select", {}, opt(vocab.natural_types, "rtype"));
    else if (f.kind === "layer") el = h("select", {}, opt(vocab.layers, "layer"));
    else if (f.kind === "geometry") return geometryControl(f, id);
    else if (f.kind === "rights") return rightsControl(id);
    else el = h("input", { type: f.kind === "date" ? "date" : f.kind === "number" ? "number" : "text", size: f.size || 20, step: f.kind === "number" ? "any" : undefined,
      placeholder: f.kind === "holders" ? "H001:1/2; H002:1/2" : f.k === "certificate" ? t("apply.certificate.help") : "" });
    el.id = id;
    el.dataset.field = field;
    if (f.k === "date") el.value = today();
    inputs[f.k] = { f, el };
    return h("label", { class: f.req ? "req" : "" }, h("span", {}, t("apply.f." + f.k)), el);
  }
  function geometryControl(f, id) {
    const wkt = h("textarea", { id, rows: 2, cols: 34, placeholder: "POLYGON((X Y, …))", "data-field": "geometry" });
    inputs[f.k] = { f, el: wkt, geometry: true };
    return h("div", { class: "req" }, h("span", {}, t("apply.f." + f.k)),
      h("div", { class: "draw-tools" }, ...draw.buttons), draw.snapLabel, draw.live,
      h("div", { class: "muted" }, zone ? t("apply.geometry.help").replace("{zone}", `EPSG:${epsg}`) : t("apply.geometry.wkt")), wkt);
  }
  function rightsControl(id) {
    rightRows = h("tbody", { id });
    const add = () => {
      const ty = h("select", { "data-field": "type" }, vocab.rrr_types.filter(x => !["mortgage", "seizure", "objection"].includes(x.id)).map(x => h("option", { value: x.id }, named("rrr", x))));
      rightRows.append(h("tr", {}, h("td", {}, ty), h("td", {}, h("input", { size: 18, "data-field": "holders", placeholder: "H001:1/2; H002:1/2" })),
        h("td", {}, h("input", { type: "date", "data-field": "term_start" })), h("td", {}, h("input", { type: "date", "data-field": "term_end" })),
        h("td", {}, h("input", { size: 8, "data-field": "exercised_by" })),
        h("td", {}, h("input", { size: 16, "data-field": "certificate", placeholder: t("apply.certificate.help") }))));
    };
    add();
    return h("div", { class: "req" }, h("span", {}, t("apply.f.rights")),
      h("table", { class: "rights-form" }, h("thead", {}, h("tr", {}, ["reg.type", "reg.holders", "apply.f.term_start", "apply.f.term_end", "reg.exercised_by", "reg.cert"].map(k => h("th", {}, t(k))))), rightRows),
      h("button", { type: "button", id: "apply-add-right", onclick: add }, t("apply.addright")));
  }
  function render() {
    inputs = {};
    rightRows = null;
    draw.clear();
    out.replaceChildren();
    const fields = [...FORMS[typeSel.value], ...COMMON];
    form.replaceChildren(...fields.map(control));
    /* the registry page's unit or right fills its field */
    if (target) {
      const key = target.includes("/") ? "right" : "unit";
      if (inputs[key]) inputs[key].el.value = target;
    }
    map.getContainer().hidden = !inputs["unit.geometry"];
    if (!map.getContainer().hidden) map.invalidateSize();
  }
  /* the application as the API takes it; empty fields are left out */
  function build() {
    const app = { type: typeSel.value };
    for (const { f, el, geometry } of Object.values(inputs)) {
      if (geometry) {
        const ring = draw.ring();
        if (ring && zone) setPath(app, f.k, { type: "Polygon", coordinates: [ring.map(([lng, lat]) => toGKZone({ lng, lat }, zone).map(v => +v.toFixed(3)))] });
        else if (el.value.trim()) setPath(app, f.k, el.value.trim());
        continue;
      }
      const v = el.value.trim();
      if (!v) continue;
      setPath(app, f.k, f.kind === "number" ? Number(v) : f.kind === "holders" ? parseHolders(v) : v);
    }
    if (rightRows) app.rights = [...rightRows.querySelectorAll("tr")].map(tr => {
      const r = {};
      for (const el of tr.querySelectorAll("[data-field]")) if (el.value.trim()) r[el.dataset.field] = el.dataset.field === "holders" ? parseHolders(el.value) : el.value.trim();
      return r;
    });
    return app;
  }
  async function send(dry) {
    form.querySelectorAll(".invalid").forEach(e => e.classList.remove("invalid"));
    if (draw.drawing()) draw.finish();
    const r = await api("POST", `/api/v1/registry/applications${dry ? "?dry_run=1" : ""}`, build());
    if (r.status === 200 || r.status === 201) {
      const certs = Object.entries(r.json.certificates || {});
      out.replaceChildren(h("p", { class: "ok", id: "apply-ok", "data-dry": String(dry) },
        dry ? t("apply.checked") : `${t("apply.recorded")} #${r.json.recorded.join(", #")}`),
        certs.length ? h("ul", { id: "apply-certs" }, certs.map(([id, no]) => h("li", {}, `${id}: `, h("b", {}, no), dry ? h("span", { class: "muted" }, ` (${t("apply.wouldissue")})`) : ""))) : null,
        !dry && (inputs["unit.code"] || inputs.unit || inputs.right) ? h("p", {}, h("a", { href: `#/registry/${encodeURIComponent((inputs["unit.code"] || inputs.unit || inputs.right).el.value.split("/")[0])}`, id: "apply-open" }, t("apply.open"))) : null);
      return;
    }
    const e = r.json && r.json.error;
    /* the field the server names, marked where the user typed it */
    const bad = e && e.field ? form.querySelectorAll(`[data-field="${CSS.escape(e.field)}"]`) : [];
    bad.forEach(x => x.classList.add("invalid"));
    if (bad[0]) bad[0].focus();
    /* the field named as this form labels it (the server's "code" is the unit's code here) */
    const where = bad[0] ? fieldLabel(bad[0]) : "";
    out.replaceChildren(h("p", { class: "error", id: "apply-error", "data-code": e ? e.code : "", "data-field": e && e.field ? e.field : "", title: errorTitle(r) },
      where && e ? `${label("err", e.code)}（${where}）` : errorText(r), e && e.record ? recordText(e.record) : ""));
  }
  /* the record a refusal is about: "unit C right N" said in Chinese; other English left out */
  function recordText(rec) {
    if (LANG !== "zh") return ` — ${rec}`;
    const m = /^unit (\S+) right (\d+)$/.exec(rec);
    return m ? ` — 登记单元 ${m[1]} 第 ${m[2]} 项` : /^[\x00-\x7f]*$/.test(rec) && !/[a-z]{3}/.test(rec) ? ` — ${rec}` : "";
  }
  function fieldLabel(el) {
    const lab = el.closest("label");
    if (lab && lab.querySelector("span")) return lab.querySelector("span").textContent;
    const td = el.closest("td"), table = el.closest("table");
    if (td && table) return table.querySelectorAll("th")[td.cellIndex].textContent;
    const div = el.closest(".apply-form > div");
    return div && div.querySelector("span") ? div.querySelector("span").textContent : "";
  }
  typeSel.addEventListener("change", () => { history.replaceState(null, "", `#/apply/${typeSel.value}`); render(); });
  render();
}
