// The map page on a county in headless Chromium: how long from a pan at zoom 15 until the
// survey patches of the new view are drawn, and how many were drawn. Prints one line per pan
// and the median. Usage: node bench/web_map.mjs URL USER PASSWORD
import { createRequire } from "module";
const require = createRequire(import.meta.url + "/../../web/");
const { chromium } = require("playwright-core");
const [url, user, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
const login = await (await fetch(url + "/api/v1/session", { method: "POST", body: JSON.stringify({ username: user, password }) })).json();
await page.addInitScript(([t, u]) => { localStorage.setItem("ls.token", t); localStorage.setItem("ls.user", JSON.stringify(u)); }, [login.token, login.user]);
await page.goto(url + "/#/map");
await page.waitForSelector("input[data-layer=landuse_patch]");
await page.check("input[data-layer=landuse_patch]");
const layers = await (await fetch(url + "/api/v1/layers")).json();
const b = layers.layers.find(l => l.name === "county").bbox;
const times = [];
for (let i = 0; i < 8; i++) {
  const lon = b[0] + (0.3 + 0.05 * i) * (b[2] - b[0]), lat = b[1] + (0.35 + 0.04 * i) * (b[3] - b[1]);
  const t0 = Date.now();
  const resp = page.waitForResponse(r => r.url().includes("/layers/landuse_patch/features"), { timeout: 60000 });
  await page.evaluate(([la, lo]) => { window.__lsMap.setView([la, lo], 15, { animate: false }); }, [lat, lon]);
  const r = await resp;
  const body = await r.json();
  await page.evaluate(() => new Promise(res => requestAnimationFrame(() => requestAnimationFrame(res))));
  const ms = Date.now() - t0;
  times.push(ms);
  console.log(`pan ${i + 1}: ${body.numberReturned} patches drawn in ${ms} ms (${(JSON.stringify(body).length / 1024).toFixed(0)} KiB)`);
}
times.sort((x, y) => x - y);
console.log(`median pan-to-drawn: ${times[times.length >> 1]} ms`);
await browser.close();
