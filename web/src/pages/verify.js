/* Verification of a code printed on a paper opinion (#/verify/<code>): public, no login. The
 * server finds the ledger record the code names and says whether it still hashes to its hash. */
import { h } from "../dom.js";
import { label, LANG, t } from "../i18n.js";
import { api, errorText } from "../session.js";

export default async function verifyPage(main, code) {
  const input = h("input", { id: "verify-code", value: code || "", placeholder: "xxxx-xxxx-xxxx-xxxx", autocomplete: "off" });
  const out = h("div", { id: "verify-result" });
  const go = () => { if (input.value.trim()) location.hash = `#/verify/${encodeURIComponent(input.value.trim())}`; };
  main.append(h("div", { class: "panel wide" }, h("h3", {}, t("verify.title")), h("p", { class: "muted" }, t("verify.help")),
    h("form", { onsubmit: e => { e.preventDefault(); go(); } }, input, " ", h("button", { class: "primary", type: "submit" }, t("verify.go"))), out));
  if (!code) return;
  const r = await api("GET", `/api/v1/verification/${encodeURIComponent(code)}`);
  if (r.status !== 200) { out.append(h("p", { class: "error", id: "verify-error" }, errorText(r))); return; }
  const v = r.json, sep = LANG === "zh" ? "：" : ": ";
  const row = (k, x) => h("tr", {}, h("th", {}, t(k)), h("td", {}, x));
  out.append(
    h("p", { class: v.hash_ok ? "ok" : "error", id: "verify-state", "data-ok": String(v.hash_ok) }, t(v.hash_ok ? "verify.intact" : "verify.altered")),
    h("table", { class: "fields" },
      row("verify.seq", String(v.seq)), row("verify.type", label("ev", v.type)), row("verify.actor", v.actor),
      row("verify.recorded", v.recorded), row("verify.hash", h("span", { class: "code" }, v.hash))),
    v.opinion ? h("p", { id: "verify-opinion" }, `${t("op.heading")}${sep}${v.opinion.project.number} ${v.opinion.project.name} — `,
      h("span", { class: "verdict small " + v.opinion.verdict }, t("decision." + v.opinion.verdict)), ` (${v.opinion.date})`) : null);
}
