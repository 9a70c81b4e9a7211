// The map page on a county in headless Chromium: how long from a pan at zoom 15 until the
// survey patches of the new view are drawn, and how many were drawn, on a desktop window
// (1400 × 900) and on a phone (390 × 844). Beside each pan, the baseline of the same run: the
// server's answer to that layer request alone (when its response arrived), so the ratio
// drawn / answered is what the page adds. Prints one line per pan and the medians.
// Usage: node bench/web_map.mjs URL USER PASSWORD
import { createRequire } from "module";
const require = createRequire(import.meta.url + "/../../web/");
const { chromium } = require("playwright-core");
const [url, user, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const login = await (await fetch(url + "/api/v1/session", { method: "POST", body: JSON.stringify({ username: user, password }) })).json();
const layers = await (await fetch(url + "/api/v1/layers")).json();
const b = layers.layers.find(l => l.name === "county").bbox;
const median = a => [...a].sort((x, y) => x - y)[a.length >> 1];

for (const [label, opts] of [["desktop 1400×900", { viewport: { width: 1400, height: 900 } }],
                             ["phone 390×844", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }]]) {
  const page = await (await browser.newContext(opts)).newPage();
  await page.addInitScript(([t, u]) => { localStorage.setItem("ls.token", t); localStorage.setItem("ls.user", JSON.stringify(u)); }, [login.token, login.user]);
  await page.goto(url + "/#/map");
  await page.waitForSelector("input[data-layer=landuse_patch]", { state: "attached" });
  await page.evaluate(() => { const cb = document.querySelector("input[data-layer=landuse_patch]"); cb.checked = true; cb.dispatchEvent(new Event("change")); });
  const drawn = [], answered = [];
  let kept = 0;
  for (let i = 0; i < 8; i++) {
    const lon = b[0] + (0.3 + 0.05 * i) * (b[2] - b[0]), lat = b[1] + (0.35 + 0.04 * i) * (b[3] - b[1]);
    const t0 = Date.now();
    /* a view inside the box already loaded asks for nothing: then only the drawing counts */
    const resp = page.waitForResponse(r => r.url().includes("/layers/landuse_patch/features"), { timeout: 5000 }).catch(() => null);
    await page.evaluate(([la, lo]) => { window.__lsMap.setView([la, lo], 15, { animate: false }); }, [lat, lon]);
    const r = await resp;
    const ta = Date.now() - t0;
    const body = r ? await r.json() : null;
    await page.evaluate(() => new Promise(res => requestAnimationFrame(() => requestAnimationFrame(res))));
    const ms = Date.now() - t0;
    if (r) { drawn.push(ms); answered.push(ta); } else kept++;
    console.log(`${label} pan ${i + 1}: ` + (r ? `${body.numberReturned} patches answered in ${ta} ms, drawn in ${ms} ms` : "inside the loaded box: nothing asked, nothing to wait for"));
  }
  console.log(`${label}: median pan-to-drawn ${median(drawn)} ms over the ${drawn.length} pans that loaded (${kept} stayed inside the loaded box); median answer ${median(answered)} ms; drawn / answered ${(median(drawn) / Math.max(1, median(answered))).toFixed(2)}`);
}
await browser.close();
