/* The bundle page (组合标的, #/bundle[/ID]): the bundle builder — an accountant lists the
 * registered rights of one seller with their approved valuations, the whole's income and the
 * assets stripped, and the rule that reconciles them; 检查 shows, before anything is recorded,
 * the overlap check (every pair sharing ground, judged), the floor check (each component's share
 * against its legal floor) and the floor price below which the venue will not list it; 记录上链
 * records it; a reviewer approves another's, which publishes it and lets the venue list it. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, can, errorText, state } from "../session.js";

function refusal(r) {
  const e = r && r.json && r.json.error, m = e && /rule ([a-z_]+\.[a-z_]+)/.exec(e.message || "");
  if (!e || !m) return errorText(r);
  return `${t("bnd.refused")} ${m[1]}${LANG === "zh" ? "：" : ": "}${e.message.replace(/^.*?rule [a-z_.]+: /, "")}`;
}

function report(rep, onApprove) {
  const row = (k, v, id) => h("tr", {}, h("th", {}, t(k)), h("td", { id }, v));
  const floorOk = c => c.floor === null || c.allocated >= c.floor;
  const w = rep.whole;
  return h("div", { id: "bnd-report", "data-bundle": rep.bundle },
    h("table", { class: "fields" },
      row("bnd.id", rep.bundle), row("bnd.name", rep.name), row("bnd.date", rep.date), row("bnd.seller", rep.seller),
      row("bnd.sum", `¥${fmt(rep.sum_components)}`, "bnd-sum"),
      w ? row("bnd.whole", `¥${fmt(w.value)} − ¥${fmt(w.stripped)} = ¥${fmt(w.value_stripped)}`, "bnd-whole") : null,
      row("bnd.rule", `${t("bnd.rule." + rep.reconciliation.rule)}${rep.reconciliation.reason ? " — " + rep.reconciliation.reason : ""}`, "bnd-rule"),
      row("bnd.value", `¥${fmt(rep.value)}`, "bnd-value"),
      row("bnd.synergy", `¥${fmt(rep.synergy)}`, "bnd-synergy"),
      row("bnd.floorprice", `¥${fmt(rep.floor_price)}`, "bnd-floor-price"),
      rep.seq ? row("val.seq", `${rep.seq}${rep.actor ? " · " + rep.actor : ""}`) : null,
      rep.seq ? row("val.approval", rep.approved
        ? h("span", { class: "ok", id: "bnd-approved" }, `${t("val.approvedby")} ${rep.approved.by} · ${rep.approved.date}`)
        : h("span", { id: "bnd-approved" }, t("val.pending"), " ",
          onApprove && can("value.approve") ? h("button", { id: "bnd-approve", type: "button", onclick: () => onApprove(rep) }, t("val.approve")) : null)) : null),
    h("h4", {}, t("bnd.components")),
    h("table", { id: "bnd-floors" },
      h("tr", {}, h("th", {}, t("bnd.right")), h("th", {}, t("bnd.type")), h("th", {}, t("bnd.valuation")), h("th", {}, t("val.value")),
        h("th", {}, t("bnd.share")), h("th", {}, t("val.floor"))),
      rep.components.map(c => h("tr", { "data-right": c.right },
        h("td", { class: "code" }, c.right, c.role ? h("div", { class: "muted" }, c.role) : null), h("td", {}, c.label),
        h("td", {}, `${c.valuation} · ${c.method}`), h("td", { class: "num" }, `¥${fmt(c.value)}`),
        h("td", { class: "num" }, `¥${fmt(c.allocated)}`),
        h("td", { class: floorOk(c) ? "ok" : "error", "data-floor-met": String(floorOk(c)) },
          c.floor === null ? "—" : `¥${fmt(c.floor)} ${t(floorOk(c) ? "val.met" : "val.notmet")}`)))),
    h("h4", {}, t("bnd.overlaps")),
    rep.overlaps.length ? h("table", { id: "bnd-overlaps" },
      h("tr", {}, h("th", {}, t("bnd.pair")), h("th", {}, t("bnd.planm2")), h("th", {}, t("bnd.verdict"))),
      rep.overlaps.map(o => h("tr", { "data-verdict": o.verdict }, h("td", { class: "code" }, `${o.a} × ${o.b}`),
        h("td", { class: "num" }, fmt(o.plan_m2)), h("td", { class: "ok" }, t("bnd.verdict." + o.verdict)))))
      : h("p", { id: "bnd-overlaps", class: "ok" }, t("bnd.apart")),
    w && w.strip.length ? h("div", {}, h("h4", {}, t("bnd.strip")),
      h("table", { id: "bnd-strip" }, w.strip.map(s => h("tr", {}, h("td", {}, s.item), h("td", { class: "num" }, `¥${fmt(s.value)}`), h("td", { class: "muted" }, s.basis))))) : null);
}

export default async function bundlePage(main, wanted) {
  const result = h("div", { id: "bnd-result" }, h("p", { class: "muted" }, t("bnd.pick")));
  const listEl = h("div", { id: "bnd-list" });
  let form = null;
  if (can("value.write")) {
    const id = h("input", { id: "bnd-id", placeholder: "ECO-2024-02" });
    const name = h("input", { id: "bnd-name", placeholder: t("bnd.name") });
    const date = h("input", { id: "bnd-date", type: "date", value: "2024-06-30" });
    const seller = h("input", { id: "bnd-seller", placeholder: "LSCO" });
    const rows = h("tbody", { id: "bnd-rows" });
    const addRow = (c = {}) => {
      const tr = h("tr", { class: "bnd-row" },
        h("td", {}, h("input", { class: "bnd-right", value: c.right || "", placeholder: t("bnd.right") })),
        h("td", {}, h("input", { class: "bnd-valuation", value: c.valuation || "", placeholder: t("bnd.valuation") })),
        h("td", {}, h("input", { class: "bnd-role", value: c.role || "", placeholder: t("bnd.role") })),
        h("td", {}, h("button", { type: "button", class: "bnd-remove", onclick: () => tr.remove() }, "×")));
      rows.append(tr);
    };
    addRow(); addRow();
    const whole = h("textarea", { id: "bnd-wholejson", rows: 6, spellcheck: "false",
      placeholder: '{"method": "income_capitalisation", "inputs": {"a": 600000, "r": 0.06, "n": 30}, "strip": [{"item": "…", "value": 1200000, "basis": "…"}]}' });
    const rule = h("select", { id: "bnd-rulesel" }, ["whole_stripped", "sum", "weighted"].map(r => h("option", { value: r }, t("bnd.rule." + r))));
    const weight = h("input", { id: "bnd-weight", type: "number", step: "0.05", min: "0", max: "1", value: "0.5" });
    const reason = h("input", { id: "bnd-reason", placeholder: t("bnd.reason") });
    const msg = h("p", { id: "bnd-msg" });
    const request = () => {
      const body = { bundle: id.value.trim(), name: name.value.trim(), date: date.value, seller: seller.value.trim(),
        components: [...rows.querySelectorAll("tr")].map(tr => ({ right: tr.querySelector(".bnd-right").value.trim(),
          valuation: tr.querySelector(".bnd-valuation").value.trim(), role: tr.querySelector(".bnd-role").value.trim() }))
          .filter(c => c.right) };
      if (whole.value.trim()) body.whole = JSON.parse(whole.value);
      body.reconciliation = { rule: rule.value, reason: reason.value.trim() };
      if (rule.value === "weighted") body.reconciliation.weight_whole = Number(weight.value);
      /* without a whole the parts' sum is the only rule, and the report says so */
      if (!body.whole && rule.value === "sum") delete body.reconciliation;
      return body;
    };
    const send = async dry => {
      msg.className = ""; msg.textContent = "";
      let body;
      try { body = request(); } catch (e) { msg.className = "error"; msg.textContent = `${t("val.badjson")}: ${e.message}`; return; }
      const r = await api("POST", `/api/v1/bundles${dry ? "?dry_run=1" : ""}`, body);
      if (r.status !== (dry ? 200 : 201)) { msg.className = "error"; msg.textContent = refusal(r); return; }
      msg.className = "ok";
      msg.textContent = dry ? `✓ ${t("bnd.checked")}` : `✓ ${t("val.recorded")} ${r.json.bundle} (seq ${r.json.seq})`;
      result.replaceChildren(report(r.json));
      if (!dry) await list();
    };
    /* a recorded bundle's request back in the form, to build the next from it */
    const load = rep => {
      id.value = ""; name.value = rep.name; date.value = rep.date; seller.value = rep.seller;
      rows.replaceChildren(); rep.components.forEach(addRow);
      rule.value = rep.reconciliation.rule; reason.value = rep.reconciliation.reason || "";
      whole.value = "";
    };
    form = h("div", { class: "panel", id: "bnd-form" }, h("h3", {}, t("bnd.new")),
      h("label", {}, h("span", {}, t("bnd.id")), id), h("label", {}, h("span", {}, t("bnd.name")), name),
      h("label", {}, h("span", {}, t("bnd.date")), date), h("label", {}, h("span", {}, t("bnd.seller")), seller),
      h("h4", {}, t("bnd.components")),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, t("bnd.right")), h("th", {}, t("bnd.valuation")), h("th", {}, t("bnd.role")), h("th", {}))), rows),
      h("button", { id: "bnd-add", type: "button", onclick: () => addRow() }, t("bnd.add")),
      h("label", {}, h("span", {}, t("bnd.wholejson")), whole),
      h("label", {}, h("span", {}, t("bnd.rule")), rule), h("label", {}, h("span", {}, t("bnd.weight")), weight),
      h("label", {}, h("span", {}, t("bnd.reason")), reason),
      h("button", { id: "bnd-check", type: "button", onclick: () => send(true) }, t("bnd.check")), " ",
      h("button", { id: "bnd-record", class: "primary", type: "button", onclick: () => send(false) }, t("val.record")), msg);
    form.load = load;
  }
  const asOf = h("input", { id: "bnd-asof", type: "date" });
  async function approve(rep) {
    const today = new Date().toISOString().slice(0, 10);
    const r = await api("POST", `/api/v1/bundles/${encodeURIComponent(rep.bundle)}/approval`, { date: today > rep.date ? today : rep.date });
    if (r.status !== 201) { result.prepend(h("p", { class: "error", id: "bnd-approve-error" }, refusal(r))); return; }
    await open(rep.bundle);
    await list();
  }
  async function open(bid) {
    const r = await api("GET", `/api/v1/bundles/${encodeURIComponent(bid)}`);
    if (r.status !== 200) { result.replaceChildren(h("p", { class: "error", id: "bnd-missing" }, errorText(r))); return; }
    result.replaceChildren(report(r.json, approve),
      form ? h("button", { id: "bnd-load", type: "button", onclick: () => form.load(r.json) }, t("bnd.load")) : null);
  }
  async function list() {
    const q = new URLSearchParams();
    if (asOf.value) q.set("as_of", asOf.value);
    const r = await api("GET", `/api/v1/bundles?${q}`);
    if (r.status !== 200) { listEl.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const rows = r.json.bundles;
    listEl.replaceChildren(rows.length ? h("table", {},
      h("tr", {}, h("th", {}, t("bnd.id")), h("th", {}, t("bnd.name")), h("th", {}, t("bnd.date")), h("th", {}, t("bnd.components")),
        h("th", {}, t("bnd.value")), h("th", {}, t("bnd.synergy")), h("th", {}, t("val.approval"))),
      rows.map(b => h("tr", { "data-bundle": b.bundle, class: "clickable", onclick: () => { location.hash = `#/bundle/${encodeURIComponent(b.bundle)}`; } },
        h("td", {}, b.bundle), h("td", {}, b.name), h("td", {}, b.date), h("td", { class: "num" }, b.components),
        h("td", { class: "num" }, `¥${fmt(b.value)}`), h("td", { class: "num" }, `¥${fmt(b.synergy)}`),
        h("td", { "data-approved": String(!!b.approved) }, b.approved ? `✓ ${b.approved.by}` : t("val.pending")))))
      : h("p", { class: "muted" }, t(state.token ? "bnd.none" : "bnd.nonepublic")));
  }
  asOf.addEventListener("change", list);
  main.append(h("div", { class: "two" },
    h("div", {}, form),
    h("div", { class: "page" }, h("div", { class: "panel" }, result),
      h("div", { class: "panel" }, h("h3", {}, t("bnd.list")),
        h("label", {}, h("span", {}, t("val.asof")), asOf), listEl),
      h("div", { class: "panel muted" }, h("p", {}, t("bnd.about"))))));
  await list();
  if (wanted) await open(wanted);
}
