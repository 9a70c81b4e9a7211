/* The registry page: search by code, name, holder or a map click, a page at a time; a unit as
 * of a date with its rights by layer, restrictions and responsibilities; its history. */
import { fmt, h } from "../dom.js";
import { M2_PER_MU } from "../geodesy.js";
import { label, LANG, t } from "../i18n.js";
import { api, can, errorText, errorTitle, openLogin, state } from "../session.js";
import { countyMap, itemName } from "../map.js";

/* A unit's value card (价值卡): its GEP by item in the latest account attributed to the units,
 * its valuations, the bundles it is in and the contracts on it; filled when it answers. */
function valueCard(code) {
  const el = h("div", { class: "panel", id: "reg-value" }, h("h3", {}, t("reg.value")), h("p", { class: "muted" }, "…"));
  api("GET", `/api/v1/registry/units/${encodeURIComponent(code)}/value`).then(async r => {
    if (r.status !== 200) { el.replaceChildren(h("h3", {}, t("reg.value")), h("p", { class: "error" }, errorText(r))); return; }
    const v = r.json, g = v.gep;
    /* the items' names are the account's own */
    const acct = g ? await api("GET", `/api/v1/gep/accounts/gep-${g.year}`) : null;
    const name = k => acct && acct.status === 200 ? itemName(acct.json, k) : k;
    const link = (href, text) => h("a", { href }, text);
    el.replaceChildren(h("h3", {}, t("reg.value")),
      g ? h("table", { id: "reg-value-gep" },
        h("tr", {}, h("th", {}, `GEP ${g.year}`), h("th", { class: "num" }, t("reg.value.yuan"))),
        Object.entries(g.items).map(([k, x]) => h("tr", { "data-item": k }, h("td", {}, name(k)), h("td", { class: "num" }, fmt(x)))),
        g.statistics !== undefined ? h("tr", { "data-item": "statistics" }, h("td", {}, t("reg.value.statistics")), h("td", { class: "num" }, fmt(g.statistics))) : null,
        h("tr", { "data-item": "gep" }, h("th", {}, t("reg.value.gep")), h("th", { class: "num" }, fmt(g.gep))))
        : h("p", { class: "muted", id: "reg-value-nogep" }, t("reg.value.nogep")),
      h("p", { id: "reg-value-valuations" }, h("b", {}, t("reg.value.valuations")), " ",
        v.valuations.length ? v.valuations.flatMap(x => [link(`#/valuation/${encodeURIComponent(x.valuation)}`, `${x.valuation} ¥${fmt(x.value)}`), " "]) : "—"),
      h("p", { id: "reg-value-bundles" }, h("b", {}, t("reg.value.bundles")), " ",
        v.bundles.length ? v.bundles.flatMap(x => [link(`#/bundle/${encodeURIComponent(x.bundle)}`, `${x.bundle} (${x.right}: ¥${fmt(x.allocated)})`), " "]) : "—"),
      h("p", { id: "reg-value-contracts" }, h("b", {}, t("reg.value.contracts")), " ",
        v.contracts.length ? v.contracts.flatMap(x => [link(`#/contract/${encodeURIComponent(x.contract)}`, `${x.contract}${x.in_breach ? " ⚠" : ""}`), " "]) : "—"));
  });
  return el;
}

export default async function registryPage(main, wanted) {
  if (!state.user) { main.append(h("p", { class: "error" }, t("login.needed"))); openLogin(); return; }
  const q = h("input", { id: "reg-q", placeholder: t("reg.search"), size: 30 });
  /* the register as it stood on a date (empty: today) */
  const asOf = h("input", { id: "reg-asof", type: "date" });
  const more = h("p", { id: "reg-more" });
  let lastParams = "", current = null;
  const results = h("ul", { class: "results", id: "reg-results" });
  const detail = h("div", { id: "reg-detail" });
  const mapEl = h("div", { class: "map small", id: "reg-map" });
  const PAGE = 50;
  /* the server labels in Chinese; in English the UI names the codes itself */
  const named = (prefix, code, zh) => LANG === "zh" ? (zh || code) : label(prefix, code);
  const go = async (params, offset = 0) => {
    lastParams = params;
    const r = await api("GET", `/api/v1/registry/units?limit=${PAGE}&offset=${offset}&${params}${asOf.value ? "&as_of=" + asOf.value : ""}`);
    if (!offset) results.replaceChildren();
    more.replaceChildren();
    if (r.status !== 200) { results.append(h("li", { class: "error", title: errorTitle(r) }, errorText(r))); return; }
    if (!r.json.units.length && !offset) results.append(h("li", { class: "muted" }, t("reg.noresult")));
    for (const u of r.json.units) results.append(h("li", { onclick: () => unit(u.code) }, `${u.code} ${u.name}`));
    const shown = results.querySelectorAll("li:not(.muted):not(.error)").length;
    more.append(h("span", { class: "muted", id: "reg-count" }, t("reg.shown").replace("{n}", shown)));
    if (r.json.next) more.append(" ", h("button", { id: "reg-next", onclick: () => go(params, r.json.next.offset) }, t("reg.next")));
    if (r.json.units.length === 1 && !offset) unit(r.json.units[0].code);
  };
  main.append(h("div", { class: "two" },
    h("div", { class: "panel" }, h("h3", {}, t("reg.title")),
      h("form", { onsubmit: e => { e.preventDefault(); go("q=" + encodeURIComponent(q.value)); } }, q, " ", h("button", { class: "primary", id: "reg-find" }, t("reg.find"))),
      h("label", {}, h("span", {}, t("reg.asof")), asOf, " ", h("span", { class: "muted" }, t("reg.asof.help"))),
      h("p", { class: "muted" }, t("reg.click")), results, more,
      can("registry.write") ? h("p", {}, h("a", { href: "#/apply", class: "button", id: "reg-apply" }, t("apply.new"))) : null),
    h("div", { class: "page" }, mapEl, detail)));
  const { map } = await countyMap(mapEl, true);
  /* every click on this map is a point query, inside a township as much as outside */
  map.lsTool = "point";
  map.on("click", e => go(`point=${e.latlng.lng.toFixed(7)},${e.latlng.lat.toFixed(7)}`));
  if (wanted) await unit(wanted); /* #/registry/<unit code> */
  asOf.addEventListener("change", () => { if (current) unit(current); if (lastParams) go(lastParams); });
  async function unit(code) {
    current = code;
    history.replaceState(null, "", `#/registry/${encodeURIComponent(code)}`);
    const when = asOf.value ? `?as_of=${asOf.value}` : "";
    const [s, hi] = await Promise.all([api("GET", `/api/v1/registry/units/${encodeURIComponent(code)}${when}`), api("GET", `/api/v1/registry/units/${encodeURIComponent(code)}/history`)]);
    if (s.status !== 200) { detail.replaceChildren(h("p", { class: "error", title: errorTitle(s) }, errorText(s))); return; }
    const u = s.json.unit;
    const byLayer = {};
    for (const r of s.json.rights) { const k = named("layer", r.layer, r.layer_label); (byLayer[k] = byLayer[k] || []).push(r); }
    const write = can("registry.write") && !asOf.value; /* registrations act on the register as it is now */
    detail.replaceChildren(
      h("div", { class: "panel" }, h("h3", { id: "reg-unit" }, `${t("reg.unit")} ${u.code}`),
        h("p", { id: "reg-unit-line" }, `${u.name} · ${named("rtype", u.resource_type, u.resource_type_label)} · ${named("layer", u.layer, u.layer_label)} · ${t("reg.area")} `,
          u.area_m2 !== null ? `${fmt(u.area_m2)} m² · ${fmt(u.area_m2 / M2_PER_MU, 3)} ${t("unit.mu")} · ${fmt(u.area_m2 / 1e4, 4)} ${t("unit.ha")}` : "—",
          asOf.value ? h("span", { class: "muted", id: "reg-asof-note" }, ` (${t("reg.asof")} ${asOf.value}, ${t("reg.version")} ${u.version})`) : null),
        h("h3", {}, t("reg.rights")),
        h("table", { id: "reg-rights" }, h("tr", {}, h("th", {}, t("reg.layer")), h("th", {}, t("reg.type")), h("th", {}, t("reg.holders")), h("th", {}, t("reg.term")), h("th", {}, t("reg.cert")), write ? h("th", {}, t("reg.act")) : null),
          Object.entries(byLayer).flatMap(([layer, rs]) => rs.map(r => h("tr", {}, h("td", {}, layer + (r.z_min !== null ? ` (${r.z_min}…${r.z_max} m)` : "")), h("td", {}, named("rrr", r.type, r.type_label)),
            h("td", {}, (r.holders || []).map(x => `${x.name} ${x.share}`).join("，")), h("td", {}, `${r.term_start || ""} – ${r.term_end || ""}`), h("td", { class: "cert" }, r.certificate || "—"),
            write ? h("td", { class: "acts" }, ["transfer", "mortgage", "change", "seizure"].flatMap(ty => [h("a", { href: `#/apply/${ty}/${encodeURIComponent(r.id)}`, "data-apply": ty }, label("ev", "registry." + ty)), " "])) : null)))),
        write ? h("p", { id: "reg-unit-acts" }, ["objection", "cancel"].flatMap(ty => [h("a", { href: `#/apply/${ty}/${encodeURIComponent(u.code)}`, "data-apply": ty }, label("ev", "registry." + ty)), " "])) : null,
        (s.json.restrictions || []).length ? h("p", { id: "reg-restrictions" }, "⚠ " + s.json.restrictions.map(r => named("rrr", r.type, r.type_label) + (r.certificate ? `（${r.certificate}）` : "")).join(LANG === "zh" ? "，" : ", ")) : null,
        (s.json.responsibilities || []).length ? [h("h3", {}, t("reg.responsibilities")),
          h("ul", { id: "reg-responsibilities" }, s.json.responsibilities.map(r => h("li", {}, h("b", {}, named("rrr", r.type, r.type_label)), r.description ? ` — ${r.description}` : "",
            r.exercised_by ? h("span", { class: "muted" }, ` (${t("reg.exercised_by")} ${r.exercised_by})`) : null)))] : null),
      valueCard(code),
      h("div", { class: "panel" }, h("h3", {}, t("reg.history")),
        h("ul", { class: "timeline", id: "reg-history" }, (hi.status === 200 ? hi.json.events : []).map(ev => h("li", { "data-type": ev.type }, h("b", {}, ev.effective), ` ${label("ev", ev.type)}${ev.reason ? " — " + ev.reason : ""} `, h("span", { class: "muted" }, `#${ev.seq} ${ev.actor}`))))));
  }
}
