/* System work by role (#/admin): the ledger's verification for the auditor (and registrar),
 * accounts for the administrator (read-only for the auditor), and a GEP account run with its
 * progress for the accountant. Each section shows only when the role may do it. */
import { fmt, h } from "../dom.js";
import { label, t } from "../i18n.js";
import { api, can, errorText, errorTitle, openLogin, state } from "../session.js";

const ROLES = ["administrator", "registrar", "accountant", "reviewer", "centre", "trader", "auditor", "public"];

export default async function adminPage(main) {
  if (!state.user) { main.append(h("p", { class: "error" }, t("login.needed"))); openLogin(); return; }
  const sections = [];
  if (can("ledger.verify")) sections.push(ledgerSection());
  if (can("users.read")) sections.push(await usersSection());
  if (can("gep.run")) sections.push(gepRunSection());
  main.append(h("div", { class: "page" }, sections.length ? sections : h("p", { class: "muted", id: "admin-none" }, t("admin.none"))));
}

function ledgerSection() {
  const out = h("div", { id: "ledger-result" });
  const btn = h("button", { class: "primary", id: "ledger-verify", onclick: async () => {
    btn.disabled = true;
    out.replaceChildren(h("p", { class: "muted" }, t("ledger.running")));
    const r = await api("GET", "/api/v1/ledger/verification");
    btn.disabled = false;
    if (r.status !== 200) { out.replaceChildren(h("p", { class: "error", title: errorTitle(r) }, errorText(r))); return; }
    const v = r.json, yes = b => t(b ? "ledger.yes" : "ledger.no");
    const row = (k, x) => h("tr", {}, h("th", {}, t(k)), h("td", {}, x));
    out.replaceChildren(
      h("p", { class: v.ok ? "ok" : "error", id: "ledger-state", "data-ok": String(v.ok) }, t(v.ok ? "ledger.ok" : "ledger.broken"), v.ok ? "" : ` #${v.bad_seq}: ${v.why}`),
      h("table", { class: "fields" },
        row("ledger.events", fmt(v.events, 0)), row("ledger.algorithm", v.algorithm), row("ledger.head", h("span", { class: "code" }, v.head)),
        v.projections_identical !== undefined ? row("ledger.projections", yes(v.projections_identical)) : null,
        v.accounts_match !== undefined ? row("ledger.accounts", yes(v.accounts_match) + (v.accounts_why ? ` — ${v.accounts_why}` : "")) : null,
        (v.checkpoints || []).length ? row("ledger.checkpoints", `${v.checkpoints.filter(c => c.signature_ok && c.matches).length} / ${v.checkpoints.length}`) : null));
  } }, t("ledger.verify"));
  return h("div", { class: "panel wide", id: "ledger-panel" }, h("h3", {}, t("ledger.title")), h("p", { class: "muted" }, t("ledger.help")), btn, out);
}

async function usersSection() {
  const panel = h("div", { class: "panel wide", id: "users-panel" });
  const manage = can("users.manage");
  const msg = h("p", { id: "users-msg" });
  async function load() {
    const r = await api("GET", "/api/v1/users");
    if (r.status !== 200) { panel.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const roleSel = (u) => {
      const s = h("select", { "data-user": u.username, class: "user-role", onchange: () => change(u.username, { role: s.value }) }, ROLES.map(x => h("option", { value: x }, label("role", x))));
      s.value = u.role;
      return s;
    };
    panel.replaceChildren(h("h3", {}, t("users.title")),
      h("table", { id: "users-table" }, h("tr", {}, ["users.username", "users.display", "users.role", "users.state"].map(k => h("th", {}, t(k)))),
        r.json.users.map(u => h("tr", { "data-user": u.username }, h("td", {}, u.username), h("td", {}, u.display),
          h("td", {}, manage ? roleSel(u) : label("role", u.role)),
          h("td", {}, manage ? h("button", { class: "user-toggle", onclick: () => change(u.username, { disabled: !u.disabled }) }, t(u.disabled ? "users.enable" : "users.disable")) : t(u.disabled ? "users.disabled" : "users.enabled"))))),
      msg, manage ? addForm() : null);
  }
  async function change(username, body) {
    const r = await api("PATCH", `/api/v1/users/${encodeURIComponent(username)}`, body);
    if (r.status !== 200) { await load(); msg.className = "error"; msg.title = errorTitle(r); msg.textContent = errorText(r); return; }
    await load();
    msg.className = "ok"; msg.textContent = `${t("users.changed")} ${username}`;
  }
  function addForm() {
    const f = { username: h("input", { id: "user-new-name", required: "", autocomplete: "off" }), display: h("input", { id: "user-new-display" }),
      password: h("input", { id: "user-new-password", type: "password", minlength: "8", required: "", autocomplete: "new-password" }),
      role: h("select", { id: "user-new-role" }, ROLES.map(x => h("option", { value: x }, label("role", x)))) };
    f.role.value = "reviewer";
    return h("form", { id: "user-add", onsubmit: async e => {
      e.preventDefault();
      const r = await api("POST", "/api/v1/users", { username: f.username.value.trim(), display: f.display.value.trim(), password: f.password.value, role: f.role.value });
      f.password.value = "";
      if (r.status !== 201 && r.status !== 200) { msg.className = "error"; msg.title = errorTitle(r); msg.textContent = errorText(r); return; }
      const name = f.username.value.trim();
      await load();
      msg.className = "ok"; msg.textContent = `${t("users.added")} ${name}`;
    } }, h("h3", {}, t("users.add")),
      h("label", {}, h("span", {}, t("users.username")), f.username), h("label", {}, h("span", {}, t("users.display")), f.display),
      h("label", {}, h("span", {}, t("login.password")), f.password), h("label", {}, h("span", {}, t("users.role")), f.role),
      h("button", { class: "primary", type: "submit", id: "user-add-go" }, t("users.add.go")));
  }
  await load();
  return panel;
}

function gepRunSection() {
  const file = h("input", { id: "gep-run-account", value: "gep-account.json" });
  const bar = h("progress", { id: "gep-run-progress", max: "1", value: "0" });
  const status = h("p", { id: "gep-run-status", class: "muted" });
  const btn = h("button", { class: "primary", id: "gep-run-go", onclick: async () => {
    btn.disabled = true;
    const r = await api("POST", "/api/v1/gep/runs", { account: file.value.trim() });
    if (r.status !== 202) { btn.disabled = false; status.className = "error"; status.title = errorTitle(r); status.textContent = errorText(r); return; }
    const id = r.json.id;
    status.className = "muted";
    /* the job reports strips done of the current pass: the bar follows it until the end */
    for (;;) {
      const j = await api("GET", `/api/v1/jobs/${id}`);
      if (j.status !== 200) { status.className = "error"; status.textContent = errorText(j); break; }
      const p = j.json.progress || {};
      bar.value = j.json.state === "succeeded" ? 1 : (p.fraction || 0);
      status.textContent = `${t("gep.run.state." + j.json.state)} · ${t("gep.run.pass")} ${p.pass || 0} · ${p.strips_done || 0} / ${p.strips_total || 0}`;
      if (j.json.state !== "running") {
        if (j.json.state === "succeeded") status.replaceChildren(h("span", { class: "ok", id: "gep-run-done" }, t("gep.run.state.succeeded")), " ", h("a", { href: `#/gep/${id}` }, t("gep.run.open")));
        else status.className = "error";
        break;
      }
      if (!document.body.contains(bar)) break; /* the page was left */
      await new Promise(res => setTimeout(res, 500));
    }
    btn.disabled = false;
  } }, t("gep.run.go"));
  return h("div", { class: "panel wide", id: "gep-run-panel" }, h("h3", {}, t("gep.run.title")),
    h("label", {}, h("span", {}, t("gep.run.account")), file), btn, " ", bar, status);
}
