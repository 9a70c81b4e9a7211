/* The indicators page (指标, #/indicators[/PROJECT]): the county's totals per account with
 * every state apart (as of a date), the source projects on the map coloured by state, a
 * project's acceptance — every rule with its figures — its batches and where their units
 * are, the history of its serials, and the obligations with their fulfilment. Public; a
 * reviewer computes an acceptance, a registrar issues. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, can, errorText, errorTitle, state } from "../session.js";
import { countyMap } from "../map.js";

const STATE_COLOURS = { registered: "#8c8c8c", accepted: "#1677ff", rejected: "#cf1322", issued: "#389e0d", monitored: "#08979c", deducted: "#d46b08" };
const STATES = ["active", "locked", "retired", "cancelled", "deducted"];
const name = o => o ? (LANG === "zh" ? o.zh : o.en) : "";
/* a refusal names its rule (the register's message starts "rule retire.fulfilled: …") */
function refusal(r) {
  const e = r && r.json && r.json.error, m = e && /rule ([a-z_]+\.[a-z_]+)/.exec(e.message || "");
  if (!e || e.code !== "refused" || !m) return errorText(r);
  return LANG === "zh" ? `${t("ind.refused")}：${m[1]}` : `${t("ind.refused")} ${m[1]}: ${e.message.replace(/^.*?rule [a-z_.]+: /, "")}`;
}

export default async function indicatorsPage(main, wanted) {
  const asOf = h("input", { id: "ind-asof", type: "date" });
  const totals = h("div", { id: "ind-totals" });
  const list = h("ul", { class: "results", id: "ind-projects" });
  const obligations = h("div", { id: "ind-obligations" });
  const detail = h("div", { id: "ind-detail" });
  const mapEl = h("div", { class: "map small", id: "ind-map" });
  /* a holder's own account (an account acting for a registry party): balances and a form */
  const party = state.user && state.user.party;
  const mine = party ? h("div", { class: "panel", id: "ind-mine" }) : null;
  /* the totals are a wide table: they go above the map, the lists beside it */
  main.append(h("div", { class: "two" },
    h("div", {}, mine, h("div", { class: "panel" }, h("h3", {}, t("ind.projects")), list, h("h3", {}, t("ind.obligations")), obligations)),
    h("div", { class: "page" },
      h("div", { class: "panel" }, h("h3", {}, t("ind.title")),
        h("label", {}, h("span", {}, t("ind.asof")), asOf, " ", h("span", { class: "muted" }, t("reg.asof.help"))), totals),
      mapEl, detail)));
  const cls = await api("GET", "/api/v1/indicators/classes");
  const accounts = {}, classes = {};
  for (const c of (cls.json && cls.json.classes) || []) { classes[c.id] = c; for (const a of c.accounts) accounts[a.code] = { ...a, cls: c }; }
  const accName = code => accounts[code] ? `${name(accounts[code].cls)} · ${name(accounts[code])}` : code;
  const unitOf = code => accounts[code] ? accounts[code].unit.replace("m2", "m²") : "";

  async function loadTotals() {
    const r = await api("GET", `/api/v1/indicators/report${asOf.value ? "?as_of=" + asOf.value : ""}`);
    if (r.status !== 200) { totals.replaceChildren(h("p", { class: "error", title: errorTitle(r) }, errorText(r))); return; }
    const rows = [];
    for (const [county, c] of Object.entries(r.json.counties)) for (const [code, a] of Object.entries(c.accounts))
      rows.push(h("tr", { "data-account": code }, h("td", {}, county), h("td", {}, accName(code)), h("td", {}, unitOf(code)),
        h("td", { class: "num" }, fmt(a.issued, 0)), STATES.map(s => h("td", { class: "num", "data-state": s }, fmt(a[s], 0)))));
    totals.replaceChildren(rows.length ? h("table", { id: "ind-totals-table" },
      h("tr", {}, h("th", {}, t("ind.county")), h("th", {}, t("ind.account")), h("th", {}, t("ind.unit")), h("th", {}, t("ind.issued")), STATES.map(s => h("th", {}, t("ind.st." + s)))), rows)
      : h("p", { class: "muted" }, t("ind.none")));
  }

  const { map } = await countyMap(mapEl, true);
  const layers = {};
  async function loadProjects() {
    const r = await api("GET", "/api/v1/indicators/projects");
    list.replaceChildren();
    if (r.status !== 200) { list.append(h("li", { class: "error", title: errorTitle(r) }, errorText(r))); return; }
    if (!r.json.projects.length) list.append(h("li", { class: "muted" }, t("ind.none")));
    for (const p of r.json.projects)
      list.append(h("li", { "data-project": p.project, "data-state": p.state, onclick: () => show(p.project) },
        h("span", { class: "badge", style: `background:${STATE_COLOURS[p.state] || "#888"}` }, t("ind.pstate." + p.state)), ` ${p.project} ${p.name}`));
    /* every footprint on the map, coloured by its state */
    await Promise.all(r.json.projects.map(async p => {
      const d = await api("GET", `/api/v1/indicators/projects/${encodeURIComponent(p.project)}`);
      if (d.status !== 200 || !d.json.footprint || !window.L) return;
      if (layers[p.project]) map.removeLayer(layers[p.project]);
      const colour = STATE_COLOURS[p.state] || "#888";
      layers[p.project] = L.geoJSON(d.json.footprint, { style: { color: colour, weight: 3, fillOpacity: 0.35 } })
        .on("click", () => show(p.project)).addTo(map);
    }));
    mapEl.dataset.drawn = String(Object.keys(layers).length); /* the footprints on the map */
  }

  async function loadObligations() {
    const r = await api("GET", "/api/v1/indicators/obligations");
    if (r.status !== 200) { obligations.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    obligations.replaceChildren(r.json.obligations.length ? h("table", { id: "ind-obligations-table" },
      h("tr", {}, h("th", {}, t("ind.obligation")), h("th", {}, t("ind.source")), h("th", {}, t("ind.required")), h("th", {}, t("ind.st.retired")), h("th", {}, t("ind.state"))),
      r.json.obligations.map(o => h("tr", { "data-obligation": o.obligation, "data-state": o.state },
        h("td", {}, o.obligation), h("td", {}, o.source),
        h("td", {}, o.requirements.map(q => `${accName(q.account)} ${fmt(q.required, 0)} ${unitOf(q.account)}`).join("；")),
        h("td", {}, o.requirements.map(q => fmt(q.retired, 0)).join(" / ")),
        h("td", {}, t("ind.ob." + o.state), o.flagged ? h("span", { class: "error" }, ` ${t("ind.flagged")}`) : null))))
      : h("p", { class: "muted" }, t("ind.none")));
  }

  async function show(no) {
    history.replaceState(null, "", `#/indicators/${encodeURIComponent(no)}`);
    const [d, hi] = await Promise.all([api("GET", `/api/v1/indicators/projects/${encodeURIComponent(no)}`),
      api("GET", `/api/v1/indicators/history/${encodeURIComponent(no)}`)]);
    if (d.status !== 200) { detail.replaceChildren(h("p", { class: "error", title: errorTitle(d) }, errorText(d))); return; }
    const p = d.json, acc = p.acceptance, check = acc && acc.check;
    if (layers[no]) try { map.fitBounds(layers[no].getBounds(), { maxZoom: 16 }); } catch (e) { /* empty footprint */ }
    const acts = [];
    if (p.state === "registered" && can("indicator.review"))
      acts.push(h("button", { class: "primary", id: "ind-accept", onclick: () => accept(no) }, t("ind.accept")));
    if (p.state === "accepted" && can("indicator.write"))
      acts.push(h("button", { class: "primary", id: "ind-issue", onclick: () => issue(no) }, t("ind.issue")));
    detail.replaceChildren(
      h("div", { class: "panel" }, h("h3", { id: "ind-project" }, `${t("ind.project")} ${p.project}`),
        h("p", { id: "ind-project-line" }, `${p.name} · ${name(classes[p.class])} · ${t("ind.owner")} ${p.owner} · `,
          h("b", { "data-state": p.state }, t("ind.pstate." + p.state)), p.accept_date ? ` · ${p.accept_date}` : ""),
        h("p", { class: "muted", id: "ind-evidence" }, `${t("ind.evidence")}: `, (p.evidence || []).map(e => `${e.name} (SHA-256 ${e.sha256.slice(0, 16)}…)`).join("，")),
        acts.length ? h("p", { id: "ind-acts" }, acts) : null, h("div", { id: "ind-result" }),
        check ? [h("h3", {}, t("ind.acceptance")), rulesTable(check)] : null,
        p.batches.length ? [h("h3", {}, t("ind.batches")), h("table", { id: "ind-batches" },
          h("tr", {}, h("th", {}, t("ind.batch")), h("th", {}, t("ind.account")), h("th", {}, t("ind.issued")), STATES.map(s => h("th", {}, t("ind.st." + s)))),
          p.batches.map(b => h("tr", { "data-batch": b.batch }, h("td", { class: "serial" }, `${b.batch}-1-${b.units}`), h("td", {}, accName(b.account)),
            h("td", { class: "num" }, `${fmt(b.units, 0)} ${unitOf(b.account)}`), STATES.map(s => h("td", { class: "num" }, fmt(b.states[s], 0))))))] : null),
      h("div", { class: "panel" }, h("h3", {}, t("ind.history")),
        h("ul", { class: "timeline", id: "ind-history" }, (hi.status === 200 ? hi.json.events : []).map(ev => h("li", { "data-type": ev.type },
          h("b", {}, ev.date), ` ${t("ind.ev." + ev.type.replace("indicator.", ""))}`, ev.reason ? ` — ${ev.reason}` : "",
          (ev.moves || []).length ? h("span", {}, " · ", ev.moves.map(m => `${m.batch}-${m.first}-${m.last} ${m.from}→${m.to} (${t("ind.st." + m.to_state)})`).join("；")) : "",
          " ", h("span", { class: "muted" }, `#${ev.seq} ${ev.actor}`))))));
  }

  function rulesTable(check) {
    return h("table", { id: "ind-rules" }, h("tr", {}, h("th", {}, t("ind.rule")), h("th", {}, t("ind.result")), h("th", {}, t("ind.figures"))),
      check.rules.map(r => h("tr", { "data-rule": r.rule, "data-passed": String(r.passed) }, h("td", {}, LANG === "zh" ? r.zh : r.en),
        h("td", { class: r.passed ? "" : "error" }, r.passed ? `✓ ${t("ind.passed")}` : `✗ ${t("ind.failed")}`),
        h("td", { class: "muted" }, Object.entries(r.figures || {}).map(([k, v]) => `${k} ${typeof v === "number" ? fmt(v, k === "share" ? 3 : 2) : Array.isArray(v) ? v.join(",") : v}`).join(" · ")))));
  }

  async function accept(no) {
    const r = await api("POST", `/api/v1/indicators/projects/${encodeURIComponent(no)}/acceptance`, {});
    const out = document.getElementById("ind-result");
    if (r.status === 201) { await refresh(); await show(no); document.getElementById("ind-result").replaceChildren(h("p", { id: "ind-ok" }, t("ind.accepted"))); return; }
    out.replaceChildren(h("p", { class: "error", id: "ind-error", title: errorTitle(r) }, refusal(r)), r.json && r.json.rules ? rulesTable(r.json) : "");
  }
  async function issue(no) {
    const today = new Date().toISOString().slice(0, 10);
    const r = await api("POST", "/api/v1/indicators/requests", { type: "issue", date: today, project: no });
    if (r.status !== 201) { document.getElementById("ind-result").replaceChildren(h("p", { class: "error", id: "ind-error", title: errorTitle(r) }, refusal(r))); return; }
    await refresh(); await show(no);
    document.getElementById("ind-result").replaceChildren(h("p", { id: "ind-ok" }, t("ind.issued.ok")));
  }
  async function loadMine() {
    if (!mine) return;
    const r = await api("GET", `/api/v1/indicators/holdings/${encodeURIComponent(party)}`);
    if (r.status !== 200) { mine.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const type = h("select", { id: "mine-type" }, ["transfer", "retire", "lock", "unlock"].map(x => h("option", { value: x }, t("ind.ev." + x))));
    const acct = h("select", { id: "mine-account" }, Object.keys(accounts).map(c => h("option", { value: c }, accName(c))));
    const units = h("input", { id: "mine-units", type: "number", min: 1, step: 1, size: 10 });
    const to = h("input", { id: "mine-to", placeholder: t("ind.mine.to"), size: 16 });
    const ob = h("input", { id: "mine-obligation", placeholder: t("ind.obligation"), size: 14 });
    const msg = h("p", { id: "mine-msg" });
    const send = async e => {
      e.preventDefault();
      const req = { type: type.value, date: new Date().toISOString().slice(0, 10), units: { [acct.value]: Number(units.value) } };
      if (type.value === "transfer") { req.from = party; req.to = to.value.trim(); } else req.holder = party;
      if (type.value === "retire") req.obligation = ob.value.trim();
      if (type.value === "lock") req.reason = t("ind.mine.listing");
      const a = await api("POST", `/api/v1/indicators/holdings/${encodeURIComponent(party)}/requests`, req);
      if (a.status !== 201) { msg.className = "error"; msg.title = errorTitle(a); msg.textContent = refusal(a); return; }
      await refresh();
      document.getElementById("mine-msg").replaceChildren(`✓ ${t("ind.mine.done")} #${a.json.recorded.join(", #")}`);
    };
    const rows = Object.entries(r.json.accounts).map(([code, st]) => h("tr", { "data-account": code }, h("td", {}, accName(code)),
      STATES.map(x => h("td", { class: "num", "data-state": x }, fmt(st[x], 0)))));
    mine.replaceChildren(h("h3", {}, `${t("ind.mine")} (${party})`),
      rows.length ? h("table", { id: "mine-balances" }, h("tr", {}, h("th", {}, t("ind.account")), STATES.map(x => h("th", {}, t("ind.st." + x)))), rows)
        : h("p", { class: "muted" }, t("ind.none")),
      h("form", { id: "mine-form", onsubmit: send }, type, " ", acct, " ", units, " ", to, " ", ob, " ", h("button", { class: "primary", id: "mine-go" }, t("ind.mine.go"))), msg);
  }
  async function refresh() { await Promise.all([loadTotals(), loadProjects(), loadObligations(), loadMine()]); }
  asOf.addEventListener("change", loadTotals);
  await refresh();
  if (wanted) await show(wanted);
}
