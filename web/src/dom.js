/* DOM helpers shared by the pages: element building, number formatting, HTML escaping. */
import { LANG } from "./i18n.js";

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c.nodeType ? c : String(c));
  return el;
}

export const fmt = (x, d = 2) => (x === null || x === undefined || isNaN(x)) ? "" :
  Number(x).toLocaleString(LANG === "zh" ? "zh-CN" : "en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
export const esc = s => String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
