// End-to-end test of the web UI in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): log in, check a footprint uploaded as a coordinate file and see the
// verdict and the map, switch to English, open the GEP account and download its
// spreadsheet. Prints TAP; screenshots go to ARTIFACTS. Usage: node ui.mjs URL COORDS ARTIFACTS
import { createRequire } from "module";
import fs from "fs";
const require = createRequire(import.meta.url + "/../../../web/");
const { chromium } = require("playwright-core");

const [url, coords, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
let n = 0, failed = 0;
const ok = (cond, name) => { n++; if (!cond) failed++; console.log(`${cond ? "ok" : "not ok"} ${n} - ${name}`); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
const errors = [];
page.on("pageerror", e => errors.push(String(e)));
// a Content-Security-Policy violation is reported on the console, not thrown
page.on("console", m => { if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text()); });
page.setDefaultTimeout(30000);
try {
  await page.goto(url + "/#/map");
  await page.waitForSelector("input[data-layer=eco_redline]");
  ok((await page.textContent("header nav")).includes("合规审查"), "the UI opens in Chinese with its map page");
  await page.screenshot({ path: `${artifacts}/1-map.png` });

  await page.click("#login-btn");
  await page.fill("#login-user", "rev1");
  await page.fill("#login-pass", "wrong-password");
  await page.click("#login-submit");
  await page.waitForFunction(() => document.getElementById("login-error").textContent.length > 0);
  ok((await page.textContent("#login-error")).includes("错误"), "a wrong password is refused in the dialog");
  await page.fill("#login-pass", "pw-rev1-secret");
  await page.click("#login-submit");
  await page.waitForFunction(() => document.getElementById("who").textContent.includes("reviewer"));
  ok(true, "logged in as the reviewer");

  await page.goto(url + "/#/check");
  await page.waitForSelector("#check-category option[value=industrial]", { state: "attached" });
  await page.selectOption("#check-category", "industrial");
  await page.setInputFiles("#check-file", coords);
  await page.click("#check-run");
  await page.waitForSelector("#check-verdict");
  const verdict = await page.getAttribute("#check-verdict", "data-verdict");
  ok(verdict === "prohibited", `the uploaded footprint's verdict: ${verdict} (${await page.textContent("#check-verdict")})`);
  const rows = await page.$$eval("#check-result table tr", r => r.length - 1);
  ok(rows >= 1, `its overlaps listed (${rows})`);
  /* the file holds two parcels: each listed, then the project total */
  const parcels = await page.$$eval("#check-parcels tr", r => r.map(x => x.textContent));
  ok(parcels.length === 4 && parcels[1].includes("DK01") && parcels[2].includes("DK02"),
    `each parcel and the project total listed (${parcels.length - 2} parcels)`);
  const drawn = await page.evaluate(() => document.querySelectorAll("#check-map canvas, #check-map svg path").length);
  ok(drawn > 0, "the footprint and the overlaps drawn on the map");
  await page.screenshot({ path: `${artifacts}/2-check.png` });

  await page.click("#lang-btn");
  await page.waitForFunction(() => document.querySelector("header nav").textContent.includes("Compliance"));
  ok((await page.textContent("#check-run")) === "Check", "switched to English");
  await page.waitForSelector("#check-verdict");
  ok((await page.textContent("#check-verdict")) === "Prohibited", "the verdict stays, now in English");
  await page.screenshot({ path: `${artifacts}/3-english.png` });

  await page.goto(url + "/#/gep");
  await page.waitForSelector("#gep-total");
  const total = await page.textContent("#gep-total");
  const api = await (await fetch(url + "/api/v1/gep/accounts/gep-2023")).json();
  const want = (api.totals.gep_yuan / 1e8).toLocaleString("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  ok(total === want, `the GEP account opens: ${total} × 100 M yuan, as the API says (${want})`);
  const items = await page.$$eval("#gep-table tr", r => r.length - 1);
  ok(items === api.items.length, `its table has every item (${items})`);
  await page.waitForFunction(() => document.querySelectorAll("#gep-pie canvas").length > 0);
  ok(true, "its charts drawn");
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#gep-xlsx")]);
  const file = `${artifacts}/gep-2023-account.xlsx`;
  await dl.saveAs(file);
  const head = fs.readFileSync(file).subarray(0, 2).toString();
  ok(head === "PK" && fs.statSync(file).size > 10000, `the spreadsheet downloads (${fs.statSync(file).size} bytes, ${dl.suggestedFilename()})`);
  await page.screenshot({ path: `${artifacts}/4-gep.png`, fullPage: true });
  ok(errors.length === 0, `no script error or blocked resource (CSP) on the pages${errors.length ? ": " + errors.join("; ") : ""}`);
} catch (e) {
  ok(false, "the walk-through ran: " + e);
  await page.screenshot({ path: `${artifacts}/failure.png` }).catch(() => {});
}
await browser.close();
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
