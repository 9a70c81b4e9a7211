/*
 * Liangshan web UI: one page per task (map, compliance check, GEP, registry), each a module of
 * its own in pages/, routed by the URL hash; native ES modules, no bundler. Leaflet draws the
 * maps and ECharts the charts (loaded as classic scripts before this module).
 */
import { applyI18n, LANG, setLang, t } from "./i18n.js";
import { api, openLogin, renderWho, setSession, state } from "./session.js";
import mapPage from "./pages/map.js";
import checkPage from "./pages/check.js";
import gepPage from "./pages/gep.js";
import registryPage from "./pages/registry.js";
import opinionsPage from "./pages/opinions.js";
import verifyPage from "./pages/verify.js";
import adminPage from "./pages/admin.js";
import applyPage from "./pages/apply.js";
import indicatorsPage from "./pages/indicators.js";
import marketPage from "./pages/market.js";
import valuationPage from "./pages/valuation.js";
import bundlePage from "./pages/bundle.js";
import contractPage from "./pages/contract.js";
import planPage from "./pages/plan.js";
import compensationPage from "./pages/compensation.js";
import damagePage from "./pages/damage.js";
import { disposeMaps, liveMapCount, PageLeft } from "./map.js";

const pages = { map: mapPage, check: checkPage, gep: gepPage, registry: registryPage, checks: opinionsPage, verify: verifyPage, admin: adminPage, apply: applyPage, indicators: indicatorsPage, market: marketPage, valuation: valuationPage, bundle: bundlePage, contract: contractPage, plan: planPage, compensation: compensationPage, damage: damagePage };

async function route() {
  /* #/page/rest: a deep link names a record (#/checks/12, #/verify/1a2b-…) */
  const path = (location.hash.replace(/^#\//, "") || "map").split("?")[0];
  const page = path.split("/")[0];
  let rest = path.slice(page.length + 1);
  try { rest = decodeURIComponent(rest); } catch (e) { /* a malformed escape: taken as typed */ }
  /* the registrar's applications are registry work, damage claims compensation work: their
   * tab stays lit */
  const tab = page === "apply" ? "registry" : page === "damage" ? "compensation" : page;
  document.querySelectorAll("header nav a").forEach(a => a.classList.toggle("active", a.dataset.page === tab));
  const main = document.getElementById("main");
  disposeMaps();
  /* each visit draws into a view of its own: a page still awaiting an answer when the user
   * moves on writes into a detached view, and its map is refused (PageLeft) */
  const view = document.createElement("div");
  main.replaceChildren(view);
  document.body.classList.remove("menu-open");
  try {
    await (pages[page] || pages.map)(view, rest);
  } catch (e) {
    if (!(e instanceof PageLeft)) throw e; /* another page was opened meanwhile */
  }
}

document.getElementById("login-btn").addEventListener("click", openLogin);
document.getElementById("login-cancel").addEventListener("click", () => document.getElementById("login-dialog").close());
document.getElementById("login-form").addEventListener("submit", async e => {
  e.preventDefault();
  const r = await api("POST", "/api/v1/session", { username: document.getElementById("login-user").value, password: document.getElementById("login-pass").value });
  if (r.status !== 201) { document.getElementById("login-error").textContent = t("login.failed"); return; }
  setSession(r.json.token, r.json.user);
  document.getElementById("login-dialog").close();
  state.layers = null;
  route();
});
document.getElementById("logout-btn").addEventListener("click", async () => { await api("DELETE", "/api/v1/session"); setSession(null, null); route(); });
document.getElementById("lang-btn").addEventListener("click", () => {
  setLang(LANG === "zh" ? "en" : "zh");
  applyI18n();
  renderWho();
  route();
});
window.addEventListener("hashchange", route);
window.__lsLiveMaps = liveMapCount; /* for the browser test: maps of pages left are gone */
/* phones: the menu folds behind one button */
document.getElementById("menu-btn").addEventListener("click", () => document.body.classList.toggle("menu-open"));
applyI18n();
renderWho();
/* the session as the server sees it now: its role's permissions decide the work shown */
if (state.token) api("GET", "/api/v1/session").then(r => { if (r.status !== 200) setSession(null, null); else setSession(state.token, r.json.user); });
route();

