/* Saved review opinions (审查意见书): the list (#/checks) and one opinion (#/checks/<id>) with
 * its verdict, areas, reasons and the PDF the server renders; a deep link opens one directly. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, errorText, openLogin, state } from "../session.js";
import { M2_PER_MU } from "../geodesy.js";

export default async function opinionsPage(main, id) {
  if (!state.user) { main.append(h("p", { class: "error" }, t("login.needed"))); openLogin(); return; }
  if (id) return showOne(main, id);
  const r = await api("GET", "/api/v1/opinions");
  if (r.status !== 200) { main.append(h("p", { class: "error" }, errorText(r))); return; }
  const list = r.json.opinions;
  main.append(h("div", { class: "panel wide" },
    h("h3", {}, t("op.title")),
    h("p", { class: "muted" }, h("a", { href: "#/check" }, t("op.new")), " · ", h("a", { href: "#/verify" }, t("op.verify"))),
    list.length ? h("table", { id: "opinion-list" },
      h("tr", {}, ["op.no", "op.date", "op.number", "op.name", "check.verdict", "op.reviewer", "op.code"].map(k => h("th", {}, t(k)))),
      list.map(o => h("tr", {},
        h("td", {}, h("a", { href: `#/checks/${o.id}` }, String(o.id))), h("td", {}, o.date),
        h("td", {}, o.project.number), h("td", {}, h("a", { href: `#/checks/${o.id}` }, o.project.name)),
        h("td", {}, h("span", { class: "verdict small " + o.verdict }, t("decision." + o.verdict))),
        h("td", {}, o.reviewer), h("td", { class: "code" }, o.code)))) : h("p", { class: "muted" }, t("op.none"))));
}

async function showOne(main, id) {
  const r = await api("GET", `/api/v1/opinions/${encodeURIComponent(id)}`);
  if (r.status !== 200) { main.append(h("p", { class: "error", id: "opinion-error" }, errorText(r))); return; }
  const o = r.json, c = o.check, sep = LANG === "zh" ? "：" : ": ";
  const row = (k, v) => h("tr", {}, h("th", {}, t(k)), h("td", {}, v));
  main.append(h("div", { class: "panel wide", id: "opinion" },
    h("h3", {}, t("op.heading"), " ", h("span", { class: "muted" }, `${t("op.no")} ${o.id}`)),
    h("table", { class: "fields" },
      row("op.name", o.project.name), row("op.number", o.project.number),
      row("check.category", LANG === "zh" ? (c.category_zh || c.category) : c.category.replace(/_/g, " ")),
      row("check.total", c.length_m !== undefined ? `${fmt(c.length_m)} m` : `${fmt(c.ellipsoidal_area_m2)} m² · ${fmt(c.ellipsoidal_area_m2 / M2_PER_MU, 3)} ${t("unit.mu")}`),
      row("check.verdict", h("span", { class: "verdict " + c.verdict, id: "opinion-verdict" }, t("decision." + c.verdict))),
      row("op.reviewer", o.reviewer), row("op.date", o.date),
      row("op.code", h("span", { class: "code", id: "opinion-code" }, o.code))),
    h("h3", {}, t("check.overlaps")),
    h("table", {}, (c.overlaps || []).map(x => h("tr", {}, h("td", {}, LANG === "zh" ? (x.zh || x.zone) : x.zone.replace(/_/g, " ")),
      h("td", { class: "num" }, x.length_m !== undefined ? `${fmt(x.length_m)} m` : `${fmt(x.ellipsoidal_area_m2)} m²`)))),
    h("h3", {}, t("check.reasons")),
    h("ul", {}, (c.reasons || []).map(x => h("li", {}, h("span", { class: "verdict small " + x.decision }, t("decision." + x.decision)), " ", x.zone_zh || x.zone || "", sep, String(x.basis || "").replace(/\s*\[M\]\s*/g, " ")))),
    o.comment ? [h("h3", {}, t("op.comment")), h("p", { id: "opinion-comment" }, o.comment)] : null,
    h("p", { class: "actions" },
      h("a", { class: "button primary", id: "opinion-pdf", href: o.pdf, target: "_blank", rel: "noopener" }, t("op.pdf")), " ",
      h("a", { class: "button", href: `#/verify/${o.code}` }, t("op.verify")), " ",
      h("a", { class: "button", href: "#/checks" }, t("op.all")))));
}
