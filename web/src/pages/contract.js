/* The contracts page (合同, #/contract[/ID]): the paid-use contracts (有偿使用合同) and supervision
 * agreements (监管协议) signed, published with their parties, price and conditions; a contract's
 * rights (and which passed with it), its payment schedule, each use condition with its state,
 * every check with the evidence it rests on, and its breaches. A registrar signs one (the
 * rights pass with it); a reviewer holds a survey year or a GEP account of the county's data
 * against every contract in force. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, can, errorText } from "../session.js";

/* a supervision agreement to start from: a restoration duty on a unit */
const TEMPLATE = {
  contract: "JG-2025-001", kind: "supervision", date: "2025-01-15", grantor: "ZJ-NR", grantee: "E03",
  subject: { rights: ["CK-2020-0001"] }, term_start: "2025-01-15", term_end: "2030-06-30",
  conditions: [{ id: "C1", kind: "land_class_min", unit: "331099ZR0009", classes: ["0301"], min_share: 0.7, deadline: "2027-12-31" }],
  remedies: "逾期未完成修复的, 由监管部门代为修复, 费用由矿业权人承担",
};

function refusal(r) {
  const e = r && r.json && r.json.error, m = e && /rule ([a-z_]+\.[a-z_]+)/.exec(e.message || "");
  if (!e || !m) return errorText(r);
  return `${t("con.refused")} ${m[1]}${LANG === "zh" ? "：" : ": "}${e.message.replace(/^.*?rule [a-z_.]+: /, "")}`;
}

const target = c => c.basis === "share" ? `${fmt(c.target * 100, 1)} %` : c.basis === "yuan" ? `¥${fmt(c.target)}` : `${fmt(c.target)} m²`;
const figure = (c, x) => c.basis === "share" ? `${fmt(x * 100, 1)} %` : c.basis === "yuan" ? `¥${fmt(x)}` : `${fmt(x)} m²`;

function detail(c) {
  const row = (k, v, id) => h("tr", {}, h("th", {}, t(k)), h("td", { id }, v));
  const byId = Object.fromEntries(c.conditions.map(x => [x.id, x]));
  return h("div", { id: "con-detail", "data-contract": c.contract },
    h("table", { class: "fields" },
      row("con.id", c.contract), row("con.kind", t("con.kind." + c.kind)), row("con.date", c.date),
      row("con.parties", `${c.grantor} → ${c.grantee}`), row("con.term", `${c.term_start} – ${c.term_end}`),
      row("con.price", `¥${fmt(c.price.total)}`, "con-price"), row("con.bond", `¥${fmt(c.bond)}`),
      c.use ? row("con.use", c.use) : null, c.valuation ? row("con.valuation", c.valuation) : null,
      c.remedies ? row("con.remedies", c.remedies) : null, row("val.seq", `${c.seq} · ${c.actor || ""}`)),
    h("h4", {}, t("con.rights")),
    h("table", { id: "con-rights" }, c.rights.map(x => h("tr", {}, h("td", { class: "code" }, x.right), h("td", { class: "code muted" }, x.unit),
      h("td", {}, t(x.transfer ? "con.transferred" : "con.held"))))),
    c.price.schedule ? h("div", {}, h("h4", {}, t("con.schedule")),
      h("table", { id: "con-schedule" }, c.price.schedule.map(p => h("tr", {}, h("td", {}, p.due), h("td", { class: "num" }, `¥${fmt(p.amount)}`))))) : null,
    h("h4", {}, t("con.conditions")),
    h("table", { id: "con-conditions" },
      h("tr", {}, h("th", {}, t("con.condition")), h("th", {}, t("con.unit")), h("th", {}, t("con.target")), h("th", {}, t("con.deadline")), h("th", {}, t("con.state"))),
      c.conditions.map(x => h("tr", { "data-condition": x.id, "data-state": x.state },
        h("td", {}, `${x.id} · ${t("con.ckind." + x.kind)}${x.classes ? " (" + x.classes.join(", ") + ")" : ""}${x.item && x.kind === "gep_min" ? " (" + x.item + ")" : ""}`),
        h("td", { class: "code" }, x.unit), h("td", { class: "num" }, target(x)), h("td", {}, x.deadline || "—"),
        h("td", { class: x.state === "breach" ? "error" : x.state === "met" ? "ok" : "" }, t("con.state." + x.state))))),
    h("h4", {}, t("con.checks")),
    c.checks.length ? h("table", { id: "con-checks" },
      h("tr", {}, h("th", {}, t("con.date")), h("th", {}, t("con.condition")), h("th", {}, t("con.evidence")), h("th", {}, t("con.figure")), h("th", {}, t("con.state"))),
      c.checks.map(k => h("tr", { "data-outcome": k.outcome },
        h("td", {}, k.date), h("td", {}, k.condition),
        h("td", {}, `${k.evidence.file}${k.evidence.year ? " (" + k.evidence.year + ")" : ""} `, h("span", { class: "code muted", title: k.evidence.sha256 }, k.evidence.sha256.slice(0, 12))),
        h("td", { class: "num" }, byId[k.condition] ? figure(byId[k.condition], k.figure) : fmt(k.figure)),
        h("td", { class: k.outcome === "breach" ? "error" : k.outcome === "met" ? "ok" : "" }, t("con.state." + k.outcome)))))
      : h("p", { class: "muted" }, t("con.nochecks")));
}

export default async function contractPage(main, wanted) {
  const listEl = h("div", { id: "con-list" });
  const result = h("div", { id: "con-result" }, h("p", { class: "muted" }, t("con.pick")));
  const forms = [];
  if (can("contract.write")) {
    const text = h("textarea", { id: "con-json", rows: 14, spellcheck: "false" });
    text.value = JSON.stringify(TEMPLATE, null, 1);
    const msg = h("p", { id: "con-sign-msg" });
    const sign = async () => {
      msg.className = ""; msg.textContent = "";
      let body;
      try { body = JSON.parse(text.value); } catch (e) { msg.className = "error"; msg.textContent = `${t("val.badjson")}: ${e.message}`; return; }
      const r = await api("POST", "/api/v1/contracts", body);
      if (r.status !== 201) { msg.className = "error"; msg.textContent = refusal(r); return; }
      msg.className = "ok";
      msg.textContent = `✓ ${t("con.signed")} ${r.json.contract} (seq ${r.json.seq})`;
      await list();
      await open(r.json.contract);
    };
    forms.push(h("div", { class: "panel", id: "con-sign" }, h("h3", {}, t("con.sign")), h("label", {}, h("span", {}, t("con.json")), text),
      h("button", { id: "con-sign-btn", class: "primary", type: "button", onclick: sign }, t("con.signbtn")), msg));
  }
  if (can("contract.check")) {
    const date = h("input", { id: "con-check-date", type: "date", value: "2023-12-31" });
    const kind = h("select", { id: "con-check-kind" }, h("option", { value: "survey" }, t("con.survey")), h("option", { value: "gep" }, t("con.gep")));
    const name = h("input", { id: "con-check-name", value: "county.gpkg" });
    const year = h("input", { id: "con-check-year", type: "number", value: "2023" });
    kind.addEventListener("change", () => { name.value = kind.value === "survey" ? "county.gpkg" : "gep-2023"; });
    const msg = h("p", { id: "con-check-msg" });
    const check = async () => {
      msg.className = ""; msg.textContent = "";
      const body = kind.value === "survey" ? { date: date.value, survey: name.value.trim(), year: Number(year.value) } : { date: date.value, gep: name.value.trim() };
      const r = await api("POST", "/api/v1/contracts/checks", body);
      if (r.status !== 201) { msg.className = "error"; msg.textContent = refusal(r); return; }
      const n = r.json.checks.reduce((a, c) => a + c.results.length, 0);
      msg.className = r.json.breaches ? "error" : "ok";
      msg.textContent = `✓ ${t("con.checked")}: ${n} ${t("con.conditionsn")}, ${r.json.breaches} ${t("con.breaches")}${r.json.already.length ? ` (${r.json.already.length} ${t("con.already")})` : ""}`;
      await list();
    };
    forms.push(h("div", { class: "panel", id: "con-check" }, h("h3", {}, t("con.check")),
      h("label", {}, h("span", {}, t("con.date")), date), h("label", {}, h("span", {}, t("con.evidence")), kind),
      h("label", {}, h("span", {}, t("con.name")), name), h("label", {}, h("span", {}, t("con.year")), year),
      h("button", { id: "con-check-btn", type: "button", onclick: check }, t("con.checkbtn")), msg));
  }
  async function open(id) {
    const r = await api("GET", `/api/v1/contracts/${encodeURIComponent(id)}`);
    result.replaceChildren(r.status === 200 ? detail(r.json) : h("p", { class: "error", id: "con-missing" }, errorText(r)));
  }
  async function list() {
    const r = await api("GET", "/api/v1/contracts");
    if (r.status !== 200) { listEl.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const rows = r.json.contracts;
    listEl.replaceChildren(rows.length ? h("table", {},
      h("tr", {}, h("th", {}, t("con.id")), h("th", {}, t("con.kind")), h("th", {}, t("con.date")), h("th", {}, t("con.parties")),
        h("th", {}, t("con.price")), h("th", {}, t("con.conditions")), h("th", {}, t("con.breaches"))),
      rows.map(c => h("tr", { "data-contract": c.contract, class: "clickable", onclick: () => { location.hash = `#/contract/${encodeURIComponent(c.contract)}`; } },
        h("td", {}, c.contract), h("td", {}, t("con.kind." + c.kind)), h("td", {}, c.date), h("td", {}, `${c.grantor} → ${c.grantee}`),
        h("td", { class: "num" }, `¥${fmt(c.price)}`), h("td", { class: "num" }, c.conditions),
        h("td", { class: c.in_breach ? "error num" : "num", "data-breaches": String(c.in_breach) }, c.in_breach))))
      : h("p", { class: "muted" }, t("con.none")));
  }
  main.append(h("div", { class: "two" },
    h("div", {}, ...forms),
    h("div", { class: "page" }, h("div", { class: "panel" }, result),
      h("div", { class: "panel" }, h("h3", {}, t("con.list")), listEl))));
  await list();
  if (wanted) await open(wanted);
}
