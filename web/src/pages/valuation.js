/* The valuation page (估价, #/valuation[/ID]): the methods of TD/T 1061's five paths and the
 * resource methods, with the rules' scheme; an accountant fills a request — the method's
 * worked example to start from — runs it without recording (试算) and records it on the
 * ledger; a reviewer approves another's (审核通过), which publishes it; the public reads the
 * approved valuations and a signed-in user every one, a unit's as of a date, and opens a
 * report: every input, each step with its formula, the result and the floor check. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, can, errorText, state } from "../session.js";

/* each method's worked example (docs/valuation.md), the form's starting inputs */
const EXAMPLES = {
  income_capitalisation: { a: 100, r: 0.06, n: 40 },
  market_comparison: { comparables: [
    { price: 1000, date: "2023-01-10", term: { r: 0.06, m: 40, n: 50 } },
    { price: 1100, date: "2022-09-01", B: 1.02, C: 0.98, D: 0.95 },
    { price: 900, date: "2024-03-01", D: 1.1 }] },
  residual: { completed_value: 10000000, construction: 3000000, fees: 300000, sales_taxes: 600000, interest_rate: 0.05, period_years: 2, profit_rate: 0.2 },
  cost_approach: { acquisition: 100, development: 80, taxes: 10, interest_rate: 0.05, period_years: 2, profit_rate: 0.1, value_added_rate: 0.15 },
  benchmark_coefficient: { benchmark: 1200, K_i: [0.05, -0.02, 0.03], K_j: [1.02, 0.98], D: -40 },
  farmland_grade: { use_index: 1606, province: "41" },
  forest_stand: { age_class: "middle", K: 0.9, A_u: 60000, thinnings: [{ age: 16, income: 3000 }], P: 0.06, V: 150, u: 26, n: 14 },
  forest_land: { A: 300, P: 0.05 },
  sea_fee: { use: "permeable_structure", class: 3, area_ha: 2, years: 10 },
  mining_dcf: { stage: "mining", cash_flows: [{ CI: 0, CO: 5000000 }, { CI: 4000000, CO: 1000000 }, { CI: 4000000, CO: 1000000 }] },
  mining_income_share: { stage: "exploration_detailed_survey", K: 0.04, sales: [10000000, 10000000, 12000000] },
};

/* a refusal names its rule ("rule input.rate: …") */
function refusal(r) {
  const e = r && r.json && r.json.error, m = e && /rule ([a-z_]+\.[a-z_]+)/.exec(e.message || "");
  if (!e || !m) return errorText(r);
  return `${t("val.refused")} ${m[1]}${LANG === "zh" ? "：" : ": "}${e.message.replace(/^.*?rule [a-z_.]+: /, "")}`;
}

function report(rep, onApprove) {
  const row = (k, v, id) => h("tr", {}, h("th", {}, t(k)), h("td", { id }, v));
  const floor = rep.floor;
  return h("div", { id: "val-report", "data-valuation": rep.valuation || "" },
    h("table", { class: "fields" },
      rep.valuation ? row("val.id", rep.valuation) : null,
      row("val.date", rep.date), row("val.method", `${rep.method_zh} · ${rep.method}`), row("val.standard", rep.standard),
      rep.subject && rep.subject.unit ? row("val.unit", rep.subject.unit) : null,
      row("val.unitvalue", `${fmt(rep.unit_value)} ${rep.basis}`, "val-unit-value"),
      row("val.quantity", fmt(rep.quantity, 4)), row("val.value", `¥${fmt(rep.value)}`, "val-value"),
      floor ? row("val.floor", h("span", { class: floor.met ? "ok" : "error", id: "val-floor", "data-met": String(floor.met) },
        `¥${fmt(floor.amount)} — ${t(floor.met ? "val.met" : "val.notmet")}`)) : null,
      row("val.scheme", `${rep.scheme.id} ${rep.scheme.version}`), row("val.sha", h("span", { class: "code" }, rep.request_sha256)),
      rep.seq ? row("val.seq", `${rep.seq}${rep.actor ? " · " + rep.actor : ""}`) : null,
      rep.seq ? row("val.approval", rep.approved
        ? h("span", { class: "ok", id: "val-approved" }, `${t("val.approvedby")} ${rep.approved.by} · ${rep.approved.date}`)
        : h("span", { id: "val-approved" }, t("val.pending"), " ",
          onApprove && can("value.approve") ? h("button", { id: "val-approve", type: "button", onclick: () => onApprove(rep) }, t("val.approve")) : null)) : null),
    h("h4", {}, t("val.steps")),
    h("table", { id: "val-steps" }, h("tr", {}, h("th", {}, t("val.step")), h("th", {}, t("val.formula")), h("th", {}, t("val.stepvalue"))),
      rep.steps.map(s => h("tr", {}, h("td", {}, s.step), h("td", { class: "code" }, s.formula), h("td", { class: "num" }, fmt(s.value, 4))))));
}

export default async function valuationPage(main, wanted) {
  const result = h("div", { id: "val-result" }, h("p", { class: "muted" }, t("val.pick")));
  const listEl = h("div", { id: "val-list" });
  const cat = await api("GET", "/api/v1/valuations/methods");
  const methods = (cat.json && cat.json.methods) || [];
  const name = m => LANG === "zh" ? m.zh : m.en;
  const methodTable = h("table", { id: "val-methods" },
    h("tr", {}, h("th", {}, t("val.method")), h("th", {}, t("val.family")), h("th", {}, t("val.basis")), h("th", {}, t("val.standard"))),
    methods.map(m => h("tr", { "data-method": m.id }, h("td", {}, `${name(m)} `, h("span", { class: "muted code" }, m.id)),
      h("td", {}, t("val.family." + m.family)), h("td", {}, m.basis), h("td", { class: "muted" }, m.standard))));
  const schemes = ((cat.json && cat.json.schemes) || []).map(s => `${s.id} ${s.version}`).join("; ");
  let form = null;
  if (can("value.write")) {
    const sel = h("select", { id: "val-method" }, methods.map(m => h("option", { value: m.id }, `${name(m)} (${m.id})`)));
    const inputs = h("textarea", { id: "val-inputs", rows: 9, spellcheck: "false" });
    const floor = h("textarea", { id: "val-floorjson", rows: 2, spellcheck: "false", placeholder: '{"basis": "amount", "amount": 1500000, "source": "…"}' });
    const id = h("input", { id: "val-id", placeholder: "V-2024-001" });
    const date = h("input", { id: "val-date", type: "date", value: "2024-06-30" });
    const unit = h("input", { id: "val-unit", placeholder: "331099…" });
    const qty = h("input", { id: "val-qty", type: "number", step: "any", value: "1" });
    const msg = h("p", { id: "val-msg" });
    sel.addEventListener("change", () => { inputs.value = JSON.stringify(EXAMPLES[sel.value] || {}, null, 1); });
    /* the reference's first worked example to start from */
    if (methods.some(m => m.id === "income_capitalisation")) sel.value = "income_capitalisation";
    inputs.value = JSON.stringify(EXAMPLES[sel.value] || {}, null, 1);
    const request = () => {
      const body = { date: date.value, method: sel.value, quantity: Number(qty.value) || 1 };
      body.inputs = JSON.parse(inputs.value);
      if (floor.value.trim()) body.floor = JSON.parse(floor.value);
      if (id.value.trim()) body.valuation = id.value.trim();
      if (unit.value.trim()) body.subject = { unit: unit.value.trim() };
      return body;
    };
    const send = async dry => {
      msg.className = ""; msg.textContent = "";
      let body;
      try { body = request(); } catch (e) { msg.className = "error"; msg.textContent = `${t("val.badjson")}: ${e.message}`; return; }
      const r = await api("POST", `/api/v1/valuations${dry ? "?dry_run=1" : ""}`, body);
      if (r.status !== (dry ? 200 : 201)) { msg.className = "error"; msg.textContent = refusal(r); return; }
      msg.className = "ok";
      msg.textContent = dry ? `✓ ${t("val.tried")}` : `✓ ${t("val.recorded")} ${r.json.valuation} (seq ${r.json.seq})`;
      result.replaceChildren(report(r.json));
      if (!dry) await list();
    };
    form = h("div", { class: "panel", id: "val-form" }, h("h3", {}, t("val.new")),
      h("label", {}, h("span", {}, t("val.method")), sel), h("label", {}, h("span", {}, t("val.date")), date),
      h("label", {}, h("span", {}, t("val.id")), id), h("label", {}, h("span", {}, t("val.unit")), unit),
      h("label", {}, h("span", {}, t("val.quantity")), qty),
      h("label", {}, h("span", {}, t("val.inputs")), inputs), h("label", {}, h("span", {}, t("val.floorjson")), floor),
      h("button", { id: "val-try", type: "button", onclick: () => send(true) }, t("val.try")), " ",
      h("button", { id: "val-record", class: "primary", type: "button", onclick: () => send(false) }, t("val.record")), msg);
  }
  const unitFilter = h("input", { id: "val-unit-filter", placeholder: t("val.unit") });
  const asOf = h("input", { id: "val-asof", type: "date" });
  /* a reviewer approves on the report's date or today, whichever is later */
  async function approve(rep) {
    const today = new Date().toISOString().slice(0, 10);
    const r = await api("POST", `/api/v1/valuations/${encodeURIComponent(rep.valuation)}/approval`, { date: today > rep.date ? today : rep.date });
    if (r.status !== 201) { result.prepend(h("p", { class: "error", id: "val-approve-error" }, refusal(r))); return; }
    await open(rep.valuation);
    await list();
  }
  async function open(id) {
    const r = await api("GET", `/api/v1/valuations/${encodeURIComponent(id)}`);
    result.replaceChildren(r.status === 200 ? report(r.json, approve) : h("p", { class: "error", id: "val-missing" }, errorText(r)));
  }
  async function list() {
    const q = new URLSearchParams();
    if (unitFilter.value.trim()) q.set("unit", unitFilter.value.trim());
    if (asOf.value) q.set("as_of", asOf.value);
    const r = await api("GET", `/api/v1/valuations?${q}`);
    if (r.status !== 200) { listEl.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const rows = r.json.valuations;
    listEl.replaceChildren(rows.length ? h("table", {},
      h("tr", {}, h("th", {}, t("val.id")), h("th", {}, t("val.date")), h("th", {}, t("val.unit")), h("th", {}, t("val.method")), h("th", {}, t("val.value")), h("th", {}, t("val.floor")), h("th", {}, t("val.approval"))),
      rows.map(v => h("tr", { "data-valuation": v.valuation, class: "clickable", onclick: () => { location.hash = `#/valuation/${encodeURIComponent(v.valuation)}`; } },
        h("td", {}, v.valuation), h("td", {}, v.date), h("td", { class: "code" }, v.unit), h("td", {}, v.method),
        h("td", { class: "num" }, `¥${fmt(v.value)}`), h("td", {}, v.floor_met === null ? "—" : t(v.floor_met ? "val.met" : "val.notmet")),
        h("td", { "data-approved": String(!!v.approved) }, v.approved ? `✓ ${v.approved.by}` : t("val.pending")))))
      : h("p", { class: "muted" }, t(state.token ? "val.none" : "val.nonepublic")));
  }
  unitFilter.addEventListener("change", list);
  asOf.addEventListener("change", list);
  /* the form beside the wide tables: a report, the recorded valuations, the methods */
  main.append(h("div", { class: "two" },
    h("div", {}, form),
    h("div", { class: "page" }, h("div", { class: "panel" }, result),
      h("div", { class: "panel" }, h("h3", {}, t("val.recordedlist")),
        h("label", {}, h("span", {}, t("val.unit")), unitFilter), " ", h("label", {}, h("span", {}, t("val.asof")), asOf), listEl),
      h("div", { class: "panel" }, h("h3", {}, t("val.title")), h("p", { class: "muted" }, `${t("val.scheme")}: ${schemes}`), methodTable))));
  await list();
  if (wanted) await open(wanted);
}
