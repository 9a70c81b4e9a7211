/*
 * The session and the API: the logged-in user's token (kept in localStorage), every call to
 * /api/v1 with it, the header's "who" line and the login dialog. Pages share `state`.
 */
import { label, LANG, t } from "./i18n.js";

export const state = {
  token: localStorage.getItem("ls.token") || "",
  user: JSON.parse(localStorage.getItem("ls.user") || "null"),
  layers: null,
};

export async function api(method, path, body) {
  const headers = {};
  if (state.token) headers.Authorization = "Bearer " + state.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try { json = await res.json(); } catch (e) { json = null; }
  if (res.status === 401 && state.token && json && /token/.test(json.error && json.error.code)) setSession(null, null);
  return { status: res.status, json };
}

/* A file from the API saved under name: fetched with the token (a plain link cannot send
 * it), then handed to the browser as a download. The answer's status and, on error, JSON. */
export async function download(path, name) {
  const headers = state.token ? { Authorization: "Bearer " + state.token } : {};
  const res = await fetch(path, { headers });
  if (res.status !== 200) {
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    return { status: res.status, json };
  }
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  a.id = "download-link";
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  return { status: 200, json: null };
}

export function setSession(token, user) {
  state.token = token || "";
  state.user = user;
  if (token) { localStorage.setItem("ls.token", token); localStorage.setItem("ls.user", JSON.stringify(user)); }
  else { localStorage.removeItem("ls.token"); localStorage.removeItem("ls.user"); }
  renderWho();
}

export function renderWho() {
  document.getElementById("who").textContent = state.user ? (LANG === "zh" ? `${state.user.display}（${label("role", state.user.role)}）` : `${state.user.display} (${label("role", state.user.role)})`) : "";
  document.getElementById("who").dataset.role = state.user ? state.user.role : "";
  document.getElementById("login-btn").hidden = !!state.user;
  document.getElementById("logout-btn").hidden = !state.user;
}

export function openLogin() {
  document.getElementById("login-error").textContent = "";
  const d = document.getElementById("login-dialog");
  if (!d.open) d.showModal();
}

/* An API error as the user's language says it: the code and the field, never the server's
 * English sentence raw (that stays in the element's title, for whoever supports the user).
 * In English the server's own sentence is the more precise, so it follows the code. */
export function errorText(r) {
  const e = r && r.json && r.json.error;
  if (!e) return `HTTP ${r ? r.status : "?"}`;
  const what = label("err", e.code);
  const field = e.field ? label("field", e.field) : "";
  if (LANG === "zh") return what + (field ? `（${field}）` : "");
  return `${what}${field ? ` (${field})` : ""}: ${e.message}`;
}
/* a <p class="error"> holding errorText, with the server's message as its title */
export function errorTitle(r) { const e = r && r.json && r.json.error; return e ? e.message : ""; }
/* whether the logged-in user's role holds a permission (the server's list, GET /api/v1/session) */
export function can(permission) { return !!(state.user && (state.user.permissions || []).includes(permission)); }
