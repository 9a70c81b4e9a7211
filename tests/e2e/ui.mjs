// End-to-end test of the web UI in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): log in, check a footprint uploaded as a coordinate file and see the
// verdict and the map, switch to English, open the GEP account and download its
// spreadsheet. Prints TAP; screenshots go to ARTIFACTS. Usage: node ui.mjs URL COORDS ARTIFACTS
import { createRequire } from "module";
import fs from "fs";
import { execFileSync } from "child_process";
const require = createRequire(import.meta.url + "/../../../web/");
const { chromium } = require("playwright-core");

const [url, coords, artifacts, gepTif] = process.argv.slice(2);
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
/* each error with the check it followed and its stack (all in ARTIFACTS/errors.txt) */
page.on("pageerror", e => errors.push(`[after check ${n}] ${e.stack || e}`));
// a Content-Security-Policy violation is reported on the console, not thrown
page.on("console", m => { if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text()); });
page.setDefaultTimeout(30000);
/* every UI string in both languages: the dictionary read from the source, as the UI has it
 * (English-only keys name codes the server labels in Chinese already: mfz, rtype, rrr, layer) */
{
  const src = fs.readFileSync(new URL("../../web/src/i18n.js", import.meta.url), "utf8");
  const dict = (0, eval)("(" + src.match(/const I18N = (\{[\s\S]*?\n\});/)[1] + ")");
  const zhOnly = Object.keys(dict.zh).filter(k => !(k in dict.en));
  const enOnly = Object.keys(dict.en).filter(k => !(k in dict.zh) && !/^(mfz|rtype|rrr|layer)\./.test(k));
  ok(zhOnly.length === 0 && enOnly.length === 0 && Object.keys(dict.zh).length > 200,
     `every one of the ${Object.keys(dict.zh).length} UI strings is in Chinese and English${zhOnly.length || enOnly.length ? ": missing " + [...zhOnly, ...enOnly].join(" ") : ""}`);
}
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
  await page.waitForFunction(() => document.getElementById("who").dataset.role === "reviewer");
  ok((await page.textContent("#who")).includes("审查员"), `logged in as the reviewer, the role in Chinese: ${await page.textContent("#who")}`);

  await page.goto(url + "/#/check");
  await page.waitForSelector("#check-category option[value=industrial]", { state: "attached" });
  ok((await page.inputValue("#check-category")) === "", "the category starts empty (请选择), never a silent default");
  await page.setInputFiles("#check-file", coords);
  await page.click("#check-run");
  await page.waitForSelector("#check-error");
  ok((await page.textContent("#check-error")).includes("请选择项目类别"), "checking without a category asks for one");
  await page.selectOption("#check-category", "industrial");
  /* a server error in the Chinese UI: its code and field in Chinese, the server's English
   * sentence only in the title */
  await page.setInputFiles("#check-file", { name: "bad.geojson", mimeType: "application/json", buffer: Buffer.from("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\"}]}") });
  await page.click("#check-run");
  await page.waitForFunction(() => { const e = document.getElementById("check-error"); return e && e.dataset.code; });
  const errText = await page.textContent("#check-error"), errTitle = await page.getAttribute("#check-error", "title");
  ok(/[\u4e00-\u9fff]/.test(errText) && !/[A-Za-z]{3,}/.test(errText) && errTitle.length > 10,
    `a server error reads in Chinese (${errText}; the server said: ${errTitle.slice(0, 60)})`);
  await page.setInputFiles("#check-file", coords);
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
  /* the whole answer: the footprint's area in three units, its townships and main function
   * zone, the zone each reason is about, the legend of the pieces */
  ok(/m² · .* 亩 · .* 公顷/.test(await page.textContent("#check-total")), `the footprint's area: ${await page.textContent("#check-total")}`);
  ok(/主体功能区/.test(await page.textContent("#check-regions")), `its townships and main function zone: ${await page.textContent("#check-regions")}`);
  const reasonZones = await page.$$eval("#check-reasons li b", b => b.map(x => x.textContent));
  ok(reasonZones.length >= 1 && reasonZones.every(z => z.length > 1), `each reason names its zone (${reasonZones.join(" ")})`);
  const pieceColours = await page.evaluate(() => { const c = new Set(); window.__lsCheckMap.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.zone && l.options.fillColor) c.add(l.options.fillColor); }); return [...c]; });
  ok(await page.isVisible("#check-legend") && pieceColours.length >= 2 && !pieceColours.includes("#999"),
    `the pieces are coloured by zone (${pieceColours.join(" ")}) with a legend`);
  /* a rule whose approval the table marks [M]: shown as 依据待核实, never as "[M]" */
  await page.selectOption("#check-category", "border_works");
  await page.click("#check-run");
  await page.waitForFunction(() => document.querySelector("#check-verdict") && document.querySelector("#check-verdict").dataset.verdict === "approval");
  const reasons = await page.textContent("#check-reasons");
  ok(reasons.includes("审批机关") && reasons.includes("省级人民政府出具认定意见") && reasons.includes("依据待核实") && !reasons.includes("[M]"),
    "须经批准 names the approval authority, and a basis marked [M] reads 依据待核实");
  await page.selectOption("#check-category", "industrial");

  /* drawing inside the county: the clicks land on the county and control-line polygons, and
   * must add vertices, not open popups */
  await page.click("#check-clear");
  await page.click("#check-draw");
  const box = await page.locator("#check-map").boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  for (const [dx, dy] of [[-60, -40], [60, -40], [80, 50], [20, 30]]) await page.mouse.click(cx + dx, cy + dy);
  ok((await page.getAttribute("#check-live-area", "data-vertices")) === "4" &&
     (await page.$$(".leaflet-popup")).length === 0, "four clicks inside the county draw four vertices and open no popup");
  await page.click("#check-undo");
  ok((await page.getAttribute("#check-live-area", "data-vertices")) === "3", "undo takes the last vertex back");
  await page.mouse.click(cx - 40, cy + 60);
  const liveText = await page.textContent("#check-live-area");
  ok(/m² · .* 亩 · .* 公顷/.test(liveText), `the live area in m², 亩 and 公顷: ${liveText}`);
  const liveArea = Number(await page.getAttribute("#check-live-area", "data-area-m2"));
  const ring = JSON.parse(await page.getAttribute("#check-live-area", "data-ring"));
  await page.click("#check-finish");
  await page.click("#check-run");
  await page.waitForFunction(() => document.getElementById("check-verdict"));
  /* the server's ellipsoidal area of the same ring is the independent truth */
  const token = await page.evaluate(() => localStorage.getItem("ls.token"));
  const exact = await (await fetch(url + "/api/v1/checks", { method: "POST", headers: { Authorization: "Bearer " + token },
    body: JSON.stringify({ category: "industrial", geometry: { type: "Polygon", coordinates: [[...ring, ring[0]]] } }) })).json();
  const rel = Math.abs(liveArea - exact.ellipsoidal_area_m2) / exact.ellipsoidal_area_m2;
  ok(rel < 1e-4, `the live area ${liveArea.toFixed(1)} m² (GeographicLib, on the ellipsoid) is within 0.01 % of the server's ellipsoidal ${exact.ellipsoidal_area_m2.toFixed(1)} m² (${(rel * 100).toFixed(3)} %)`);
  ok(await page.getAttribute("#check-verdict", "data-verdict") === exact.verdict, `the drawn footprint is checked: ${exact.verdict}`);
  ok(!(await page.textContent("#check-result")).includes("null"), "the answer of a one-parcel footprint prints no \"null\"");
  await page.screenshot({ path: `${artifacts}/2b-drawn.png` });
  /* the answer kept as a review opinion: saved, its PDF by the signed link, printable */
  await page.fill("#save-name", "端到端测试项目");
  await page.fill("#save-number", "E2E-2026-1");
  await page.fill("#save-comment", "同意，按规定补充耕地。");
  await page.click("#save-run");
  await page.waitForSelector("#save-done");
  const opCode = (await page.textContent("#save-done .code")).trim();
  ok(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/.test(opCode), `the opinion is saved with its verification code ${opCode}`);
  const pdfHref = await page.getAttribute("#save-pdf", "href");
  const pdfResp = await page.request.get(url + pdfHref); /* no token: the link's signature opens it */
  const pdfBody = await pdfResp.body();
  ok(pdfResp.status() === 200 && pdfResp.headers()["content-type"] === "application/pdf" && pdfBody.slice(0, 5).toString() === "%PDF-",
     `its PDF opens from the page's link (${pdfResp.status()}, ${pdfBody.length} bytes)`);
  await page.emulateMedia({ media: "print" });
  ok(!(await page.isVisible("header")) && !(await page.isVisible("#save-form")) && await page.isVisible("#check-verdict"),
     "printing the page shows the answer without the header and the forms");
  await page.emulateMedia({ media: "screen" });
  await page.goto(url + "/#/checks");
  await page.waitForSelector("#opinion-list");
  ok((await page.textContent("#opinion-list")).includes("E2E-2026-1"), "the saved opinions are listed");
  const opId = await page.evaluate(() => document.querySelector("#opinion-list tr:nth-child(2) a").textContent);
  await page.goto(`${url}/#/checks/${opId}`);
  await page.waitForSelector("#opinion-code");
  ok((await page.textContent("#opinion-code")) === opCode && (await page.textContent("#opinion-comment")).includes("补充耕地"),
     `a deep link #/checks/${opId} opens the opinion with its code and comment`);
  {
    const anon = await browser.newContext();
    const ap = await anon.newPage();
    await ap.goto(`${url}/#/verify/${opCode.toUpperCase()}`);
    await ap.waitForSelector("#verify-state");
    ok((await ap.getAttribute("#verify-state", "data-ok")) === "true" && (await ap.textContent("#verify-opinion")).includes("E2E-2026-1"),
       `anyone, logged out, verifies the printed code: ${(await ap.textContent("#verify-state")).trim()}`);
    await ap.goto(`${url}/#/verify/0000-0000-0000-0000`);
    await ap.waitForSelector("#verify-error");
    ok((await ap.textContent("#verify-error")).includes("未找到") && (await ap.textContent("#verify-error")).includes("核验码"), `an unknown code is said in Chinese: ${await ap.textContent("#verify-error")}`);
    await anon.close();
  }
  await page.goto(url + "/#/check");
  await page.waitForSelector("#check-run");
  /* snapping: a click 3 px from a vertex of a loaded feature lands exactly on it */
  await page.click("#check-clear");
  await page.check("#check-snap");
  await page.click("#check-draw");
  /* waited for: the layers load after the page (slowly under the sanitizers) */
  const vtx = await (await page.waitForFunction(() => {
    const map = window.__lsCheckMap;
    if (!map) return null;
    const size = map.getSize();
    let found = null;
    const visit = ll => {
      if (found) return;
      if (Array.isArray(ll)) { ll.forEach(visit); return; }
      const p = map.latLngToContainerPoint(ll);
      if (p.x > 40 && p.y > 40 && p.x < size.x - 40 && p.y < size.y - 40) found = { lat: ll.lat, lng: ll.lng, x: p.x, y: p.y };
    };
    map.eachLayer(l => { if (l.feature && l.getLatLngs) visit(l.getLatLngs()); });
    return found;
  })).jsonValue();
  const mb = await page.locator("#check-map").boundingBox();
  await page.mouse.click(mb.x + vtx.x + 3, mb.y + vtx.y + 2);
  const snappedRing = JSON.parse(await page.getAttribute("#check-live-area", "data-ring"));
  ok(snappedRing.length === 1 && snappedRing[0][0] === vtx.lng && snappedRing[0][1] === vtx.lat,
    `with snapping on, a click 3 px off a feature's vertex lands on it (${snappedRing[0]})`);
  await page.uncheck("#check-snap");
  await page.mouse.click(mb.x + vtx.x + 3, mb.y + vtx.y + 2);
  const free = JSON.parse(await page.getAttribute("#check-live-area", "data-ring"));
  ok(free.length === 2 && free[1][0] !== vtx.lng, "with snapping off, the same click lands where it was made");
  await page.click("#check-clear");

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
  const items = await page.$$eval("#gep-table tr[data-item], #gep-excluded tr[data-item]", r => r.length);
  ok(items === api.items.length, `its tables have every item (${items})`);
  /* as a published account: lead figures from the account, subtotals adding up to the total
   * row, items left out with their reason, the change on last year from change.json */
  const en2 = x => x.toLocaleString("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  ok((await page.textContent("#gep-gdp")) === en2(api.totals.gep_gdp_ratio) && (await page.textContent("#gep-regshare")).startsWith((api.totals.regulating_share * 100).toFixed(1)),
     `GEP/GDP ${await page.textContent("#gep-gdp")} and the regulating share ${await page.textContent("#gep-regshare")} as the account says`);
  const subs = await page.$$eval("#gep-table tr.subtotal", c => c.map(x => Number(x.querySelector("th.num").textContent.replace(/,/g, ""))));
  const totalRow = Number((await page.$eval("#gep-total-row th.num", c => c.textContent)).replace(/,/g, ""));
  ok(subs.length === 3 && Math.abs(subs.reduce((s, x) => s + x, 0) - totalRow) < 0.05 && Math.abs(totalRow - api.totals.gep_yuan / 1e4) < 0.01,
     `three subtotals (${subs.join(" + ")}) add up to the total row ${totalRow} (10 k yuan)`);
  const excl = await page.$$eval("#gep-excluded tr[data-item]", r => r.map(x => [x.dataset.item, x.querySelector(".reason").textContent]));
  ok(excl.length === api.items.filter(i => !i.in_total).length && excl.every(([, r]) => r.startsWith("not counted") && r.length > 20) && (await page.$$eval("#gep-table td.num", c => c.every(x => !x.textContent.startsWith("(")))),
     `items not counted are listed apart with their reasons, no parenthesised values (${excl.map(x => x[0]).join(", ")})`);
  const chg = await (await fetch(url + "/api/v1/gep/accounts/gep-2023/files/change.json")).json();
  ok((await page.textContent("#gep-change")).startsWith((chg.totals.gep_yuan_change_pct >= 0 ? "+" : "") + chg.totals.gep_yuan_change_pct.toFixed(2)),
     `the change on last year: ${await page.textContent("#gep-change")}`);
  const rep = await fetch(url + "/api/v1/gep/accounts/gep-2023/files/report.html");
  ok(rep.status === 200 && /text\/html/.test(rep.headers.get("content-type")) && await page.isVisible("#gep-file-report-html"), "the account's report is linked and opens as a page");
  /* the townships' choropleth first: each labelled with the value per km² the account gives */
  await page.waitForSelector("#gep-choropleth-legend");
  const labels = await page.$$eval("#gep-map .ls-label", l => l.map(x => x.innerText.split("\n")));
  const perKm2 = Object.fromEntries(api.regions.filter(r => r.area_m2 > 0).map(r => [r.region, Math.round(r.gep_yuan / 1e4 / (r.area_m2 / 1e6))]));
  ok(labels.length === Object.keys(perKm2).length && labels.every(([name, v]) => Number(v.replace(/,/g, "")) === perKm2[name]),
     `the township choropleth labels each township with its GEP per km² (${labels.map(x => x.join(" ")).join("; ").slice(0, 100)})`);
  ok(/county-wide/.test(await page.textContent("#gep-county-level")), `the county-level amount is said: ${await page.textContent("#gep-county-level")}`);
  {
    /* … and the townships' GEP in 亿元 */
    await page.selectOption("#gep-item", "townships-yi");
    /* the old layer's legend goes before the new one comes: wait for the new one, null-safe */
    await page.waitForFunction(() => { const e = document.getElementById("gep-choropleth-legend"); return e && /100 M yuan|亿元/.test(e.textContent); });
    const yl = await page.$$eval("#gep-map .ls-label", l => l.map(x => x.innerText.split("\n")));
    const yi = Object.fromEntries(api.regions.filter(r => r.area_m2 > 0).map(r => [r.region, (r.gep_yuan / 1e8).toFixed(2)]));
    ok(yl.length === Object.keys(yi).length && yl.every(([name, v]) => v === yi[name]),
       `the township choropleth in 亿元 labels each township with its GEP (${yl.map(x => x.join(" ")).join("; ").slice(0, 90)})`);
    await page.selectOption("#gep-item", "");
  }
  const charts = await page.waitForFunction(() => document.querySelectorAll("#gep-pie canvas").length > 0, null, { timeout: 15000 }).then(() => true, () => false);
  ok(charts, "its charts drawn");
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#gep-xlsx")]);
  const file = `${artifacts}/gep-2023-account.xlsx`;
  await dl.saveAs(file);
  const head = fs.readFileSync(file).subarray(0, 2).toString();
  ok(head === "PK" && fs.statSync(file).size > 10000, `the spreadsheet downloads (${fs.statSync(file).size} bytes, ${dl.suggestedFilename()})`);
  await page.screenshot({ path: `${artifacts}/4-gep.png`, fullPage: true });

  /* a draft account: marked, out of the year chart, its map and downloads open through the
   * signed link (an <img> or <a> sends no token) */
  const draftLabel = await page.$eval("#gep-account option[value=run-1]", o => o.textContent);
  ok(/draft/.test(draftLabel), `the draft is marked in the list: ${draftLabel}`);
  const yearsPublished = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById("gep-trend")).getOption().xAxis[0].data);
  await page.selectOption("#gep-account", "run-1");
  await page.waitForSelector("#gep-draft");
  const yearsDraft = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById("gep-trend")).getOption().xAxis[0].data);
  ok(JSON.stringify(yearsDraft) === JSON.stringify(yearsPublished) && new Set(yearsDraft).size === yearsDraft.length,
    `the year chart leaves the draft out (${yearsDraft.join(", ")})`);
  await page.selectOption("#gep-item", await page.$eval("#gep-item", s => [...s.options].map(o => o.value).find(v => v && v !== "townships-yi")));
  const drawnImg = await page.waitForFunction(() => { const i = document.querySelector("#gep-map img.leaflet-image-layer"); return i && i.complete && i.naturalWidth > 0; }, null, { timeout: 15000 }).then(() => true, () => false);
  ok(drawnImg, "the draft's value map is drawn (the image loads)");
  const hrefs = await page.evaluate(() => [document.getElementById("gep-xlsx").href, document.getElementById("gep-tif").href]);
  const codes = [];
  for (const hr of hrefs) codes.push((await fetch(hr)).status);
  ok(codes.every(c => c === 200) && hrefs.every(x => x.includes("access=")), `its .xlsx and GeoTIFF links download without a token (${codes.join(", ")})`);

  /* the registry: a click inside a township runs the point search, no township popup */
  await page.goto(url + "/#/registry");
  await page.waitForSelector("#reg-map .leaflet-interactive, #reg-map canvas");
  await page.waitForTimeout(500);
  const rbox = await page.locator("#reg-map").boundingBox();
  await page.mouse.click(rbox.x + rbox.width / 2, rbox.y + rbox.height / 2);
  await page.waitForFunction(() => document.querySelectorAll("#reg-results li").length > 0);
  await page.waitForFunction(() => document.querySelectorAll("#reg-history li").length > 0);
  const hist = await page.$$eval("#reg-history li", l => l.map(x => [x.dataset.type, x.textContent]));
  ok(hist.every(([ty, tx]) => !tx.includes(ty)) && hist.some(([ty, tx]) => ty === "registry.first" && tx.includes("First registration")),
    `history events are named, not coded (${hist.map(x => x[1].split(" ").slice(1, 3).join(" ")).join("; ").slice(0, 120)})`);
  ok((await page.textContent("#who")).endsWith("(reviewer)"), `in English the role is English: ${await page.textContent("#who")}`);
  ok((await page.$$(".leaflet-popup")).length === 0, `a map click on the registry runs the point search (${await page.$$eval("#reg-results li", l => l.length)} results), no popup`);
  /* paging and the register as of a date */
  await page.fill("#reg-q", "331099");
  await page.click("#reg-find");
  await page.waitForSelector("#reg-next");
  const firstPage = await page.$$eval("#reg-results li", l => l.length);
  await page.click("#reg-next");
  await page.waitForFunction(n => document.querySelectorAll("#reg-results li").length > n, firstPage);
  ok(firstPage === 50 && (await page.$$eval("#reg-results li", l => l.length)) === 100 && /100/.test(await page.textContent("#reg-count")),
     `search results come a page of 50 at a time (${await page.textContent("#reg-count")})`);
  await page.click("#reg-results li:first-child");
  await page.waitForSelector("#reg-unit-line");
  ok(/ · [A-Z][a-z][^·\u4e00-\u9fff]* · [A-Z][a-z][^·\u4e00-\u9fff]* · Area .* m² · .* mu · .* ha/.test(await page.textContent("#reg-unit-line")) &&
     (await page.$$eval("#reg-rights td:nth-child(2)", c => c.every(x => !/[\u4e00-\u9fff]/.test(x.textContent)))),
     `a unit in English, its type, layer and rights named, its area in m², mu and ha: ${await page.textContent("#reg-unit-line")}`);
  await page.fill("#reg-asof", "2020-06-30");
  await page.dispatchEvent("#reg-asof", "change");
  await page.waitForSelector("#reg-asof-note");
  ok((await page.textContent("#reg-asof-note")).includes("2020-06-30"), `the unit as of a date: ${await page.textContent("#reg-asof-note")}`);
  await page.fill("#reg-asof", "");
  await page.dispatchEvent("#reg-asof", "change");
  await page.waitForFunction(() => !document.getElementById("reg-asof-note"));
  {
    /* a certificate number (不动产权证号) is shown with the right, and finds its unit */
    const certs = await page.$$eval("#reg-rights td.cert", c => c.map(x => x.textContent));
    const cert = certs.find(c => /^浙\(\d{4}\)两山县不动产权第\d{7}号$/.test(c));
    const code = (await page.textContent("#reg-unit")).trim().split(" ").pop();
    await page.fill("#reg-q", cert || "none");
    await page.click("#reg-find");
    await page.waitForFunction(c => [...document.querySelectorAll("#reg-results li")].some(l => l.textContent.includes(c)), code);
    ok(!!cert, `a right shows its certificate number (${certs.join(", ")}), and searching for it finds unit ${code}`);
    await page.click("#reg-results li:first-child");
    await page.waitForSelector("#reg-unit-line");
  }
  /* deep links: the URL names the unit and the account shown, and opens them */
  const unitUrl = page.url(), unitShown = (await page.textContent("#reg-unit")).trim();
  await page.goto(url + "/#/map");
  /* a link opened as a user opens it: a fresh load of the page at that address (a hash change
   * within the open page raced the map page's own loading once, on a loaded machine) */
  await page.goto("about:blank");
  await page.goto(unitUrl);
  await page.waitForSelector("#reg-unit");
  ok(/#\/registry\/.{28}$/.test(unitUrl) && (await page.textContent("#reg-unit")).trim() === unitShown, `a link to a unit (${unitUrl.split("#")[1]}) opens it`);
  {
    /* the indicators page (指标): the county's totals with every state apart, the projects by
     * state on the map, an accepted project's rules and batches, a rejected one's failed rule,
     * the history of its units, and a reviewer's acceptance refused with the rule marked */
    await page.goto(url + "/#/indicators");
    await page.waitForSelector("#ind-projects li[data-project]");
    await page.waitForSelector("#ind-totals-table tr[data-account=CRQ]");
    const crq = await page.$$eval("#ind-totals-table tr[data-account=CRQ] td.num", c => c.map(x => Number(x.textContent.replace(/,/g, ""))));
    const rep = await (await fetch(`${url}/api/v1/indicators/report`)).json();
    const a = rep.counties["331099"].accounts.CRQ;
    ok(crq.length === 6 && crq[0] === a.issued && crq[0] === crq.slice(1).reduce((x, y) => x + y, 0) && crq[3] === a.retired,
       `indicators: the totals as the API reports them, issued ${crq[0]} = ${crq.slice(1).join(" + ")} (active, locked, retired, cancelled, deducted)`);
    const states = await page.$$eval("#ind-projects li[data-project]", l => l.map(x => x.dataset.state));
    await page.waitForFunction(n => { const m = document.getElementById("ind-map"); return m && Number(m.dataset.drawn || 0) >= n; }, states.length);
    ok(states.filter(x => x === "issued").length >= 3 && states.filter(x => x === "rejected").length >= 3,
       `its projects listed and drawn on the map by state (${states.filter(x => x === "issued").length} issued, ${states.filter(x => x === "rejected").length} rejected)`);
    await page.click("#ind-projects li[data-state=issued]");
    await page.waitForSelector("#ind-rules tr[data-rule]");
    const rules = await page.$$eval("#ind-rules tr[data-rule]", r => r.map(x => [x.dataset.rule, x.dataset.passed]));
    const batches = await page.$$eval("#ind-batches tr[data-batch] td.serial", c => c.map(x => x.textContent));
    const hist = await page.$$eval("#ind-history li", l => l.map(x => x.dataset.type));
    await page.screenshot({ path: `${artifacts}/7-indicators.png` });
    ok(rules.length >= 4 && rules.every(r => r[1] === "true") && rules.some(r => r[0] === "accept.counted_once") &&
       batches.length >= 1 && batches.every(b => /^LS-[A-Z]{3}-331099-[A-Z0-9]+-\d{8}-1-1-\d+$/.test(b)) &&
       hist[0] === "indicator.project" && hist.includes("indicator.issue"),
       `an issued project: every rule passed (${rules.map(r => r[0]).join(", ")}), its batches by serial (${batches[0]}), its history (${hist.join(", ")})`);
    await page.click("#ind-projects li[data-state=rejected]");
    await page.waitForFunction(() => document.querySelector("#ind-rules tr[data-passed=false]"));
    const failed = await page.$$eval("#ind-rules tr[data-passed=false] td:first-child", c => c.map(x => x.textContent));
    ok(failed.length >= 1 && failed.every(x => !/[\u4e00-\u9fff]/.test(x)), `a rejected project shows the rule it failed, in English (${failed.join("; ")})`);
    /* a new project on an issued parcel, registered by the registrar, then checked by the reviewer */
    const reg = await (await fetch(`${url}/api/v1/session`, { method: "POST", body: JSON.stringify({ username: "reg1", password: "pw-reg1-secret" }) })).json();
    const first = await (await fetch(`${url}/api/v1/indicators/projects/${states.length ? (await page.$eval("#ind-projects li[data-state=issued]", x => x.dataset.project)) : ""}`)).json();
    const proj = await fetch(`${url}/api/v1/indicators/requests`, { method: "POST", headers: { Authorization: "Bearer " + reg.token, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "project", date: "2024-03-01", project: "E2E0001", class: first.class, name: "重复申报", county: "331099", owner: first.owner,
        evidence: [{ name: "x.pdf", sha256: "0".repeat(64) }], footprint: first.footprint }) });
    await page.goto(url + "/#/indicators/E2E0001");
    await page.waitForSelector("#ind-accept");
    await page.click("#ind-accept");
    await page.waitForSelector("#ind-error");
    const marked = await page.$$eval("#ind-result tr[data-passed=false]", r => r.map(x => x.dataset.rule));
    ok(proj.status === 201 && marked.includes("accept.counted_once"),
       `the registrar registers a second project on an issued parcel (${proj.status}); the reviewer's acceptance is refused, the rule marked (${marked.join(", ")}): ${(await page.textContent("#ind-error")).slice(0, 90)}`);
  }
  await page.goto(url + "/#/gep/run-1");
  await page.waitForSelector("#gep-draft");
  ok((await page.inputValue("#gep-account")) === "run-1", "a link to a GEP account (#/gep/run-1) opens that account");

  /* pages left keep no map alive */
  for (let i = 0; i < 12; i++) {
    await page.goto(url + (i % 2 ? "/#/map" : "/#/check"));
    await page.waitForSelector(".leaflet-container");
  }
  ok(await page.evaluate(() => window.__lsLiveMaps()) === 1, `after 12 page switches one map is alive (${await page.evaluate(() => window.__lsLiveMaps())})`);

  /* identify on a by-box layer (basic farmland at zoom 16): the popup stays open after its auto-pan */
  await page.goto(url + "/#/map");
  await page.waitForFunction(() => window.__lsMap && document.querySelector("#map-main canvas"));
  const fl = await page.evaluate(() => { const b = window.__lsMap.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; });
  const farm = await (await fetch(`${url}/api/v1/layers/basic_farmland/features?limit=1&bbox=${fl[1]},${fl[0]},${fl[3]},${fl[2]}`)).json();
  const f0 = farm.features && farm.features[0];
  ok(!!f0, "a basic-farmland parcel in view");
  if (f0) {
    const ringF = f0.geometry.type === "MultiPolygon" ? f0.geometry.coordinates[0][0] : f0.geometry.coordinates[0];
    const lat = ringF.reduce((a, p) => a + p[1], 0) / ringF.length, lng = ringF.reduce((a, p) => a + p[0], 0) / ringF.length;
    /* the parcel's layer loads by box at the new view: wait for its answer, not a fixed time
     * (a loaded machine answers later than 1.5 s) */
    const farmLoaded = page.waitForResponse(r => r.url().includes("/api/v1/layers/basic_farmland/features"), { timeout: 30000 }).catch(() => null);
    await page.evaluate(([la, ln]) => { window.__lsMap.setView([la, ln], 17, { animate: false }); }, [lat, lng]);
    await farmLoaded;
    await page.waitForTimeout(500);
    /* a point inside the parcel: the centre of its first ring's bounding box may not be, so ask the map */
    const pt = await page.evaluate(([la, ln]) => { const p = window.__lsMap.latLngToContainerPoint([la, ln]); return [p.x, p.y]; }, [lat, lng]);
    const mbox = await page.locator("#map-main").boundingBox();
    await page.mouse.click(mbox.x + pt[0], mbox.y + pt[1]);
    await page.waitForTimeout(1500);
    const popups = await page.$$(".leaflet-popup");
    ok(popups.length === 1, `an identify popup on a by-box layer stays open after its auto-pan (${popups.length} open)`);
    /* the popup speaks the survey's field names and names the land class (TD/T 1055-2019) */
    const popText = popups.length ? await popups[0].innerText() : "";
    const code = f0.properties.DLBM;
    /* the page is in English here (the language switch above) */
    const names = { "0101": "Paddy field", "0102": "Irrigated land", "0103": "Dry land" };
    ok(popText.includes("Land-class code") && !popText.includes("DLBM") && !popText.includes("BSM") &&
       (!names[code] || popText.includes(`${code} ${names[code]}`)),
       `the identify popup names its fields and the land class ${code} (${popText.replace(/\s+/g, " ").slice(0, 80)})`);
    await page.screenshot({ path: `${artifacts}/5-identify.png` });
  }
  /* the map's bearings: coordinates against PROJ's cs2cs, distance and area against
   * GeographicLib's GeodSolve/Planimeter, the jump, the 全县 button */
  {
  await page.goto(url + "/#/map");
  await page.waitForFunction(() => window.__lsMap && document.querySelector("#map-main canvas"));
  const mapBox = await page.locator("#map-main").boundingBox();
  await page.mouse.move(mapBox.x + mapBox.width * 0.4, mapBox.y + mapBox.height * 0.6);
  const cd = await page.$eval("#map-coords", el => ({ ...el.dataset }));
  const [wantX, wantY] = execFileSync("cs2cs", ["-f", "%.3f", "EPSG:4490", `EPSG:${4488 + Number(cd.zone)}`], { input: `${cd.lat} ${cd.lng}\n` }).toString().trim().split(/\s+/).map(Number);
  ok(Math.abs(wantX - Number(cd.x)) < 0.01 && Math.abs(wantY - Number(cd.y)) < 0.01,
     `the pointer's CGCS2000 3° zone ${cd.zone} X ${Number(cd.x).toFixed(3)} Y ${Number(cd.y).toFixed(3)} equal PROJ's (${wantX} ${wantY})`);
  await page.fill("#map-jump", `${wantX.toFixed(2)} ${wantY.toFixed(2)}`);
  await page.click("#map-jump-go");
  await page.waitForTimeout(300);
  const cen = await page.evaluate(() => { const c = window.__lsMap.getCenter(); return [c.lat, c.lng]; });
  ok(Math.abs(cen[0] - Number(cd.lat)) < 1e-7 && Math.abs(cen[1] - Number(cd.lng)) < 1e-7, `a jump to X Y lands on the point they name (${cen.map(v => v.toFixed(7)).join(", ")})`);
  const town = (await (await fetch(`${url}/api/v1/layers/township/features?limit=1`)).json()).features[0];
  await page.fill("#map-jump", town.properties.XZQMC);
  await page.click("#map-jump-go");
  await page.waitForTimeout(500);
  const inTown = await page.evaluate(g => window.__lsMap.getBounds().contains(L.geoJSON(g).getBounds().getCenter()), town.geometry);
  ok(inTown, `a jump to a place name (${town.properties.XZQMC}) shows it`);
  await page.fill("#map-jump", "nonsense place");
  await page.click("#map-jump-go");
  await page.waitForFunction(() => document.getElementById("map-jump-msg").textContent.length > 0);
  ok((await page.textContent("#map-jump-msg")).length > 0, `an unknown place is said: ${await page.textContent("#map-jump-msg")}`);
  /* measure: three clicks; the path's length and the triangle's area against GeographicLib's tools */
  await page.click("#map-measure-distance");
  const clicks = [[0.3, 0.3], [0.6, 0.35], [0.5, 0.7]];
  for (const [fx, fy] of clicks) await page.mouse.click(mapBox.x + mapBox.width * fx, mapBox.y + mapBox.height * fy);
  const lls = JSON.parse(await page.getAttribute("#map-measure-result", "data-points"));
  const dist = Number(await page.getAttribute("#map-measure-result", "data-m"));
  let want = 0;
  for (let i = 1; i < lls.length; i++)
    want += Number(execFileSync("GeodSolve", ["-i", "-e", "6378137", "1/298.257222101", "-p", "6"], { input: `${lls[i - 1].join(" ")} ${lls[i].join(" ")}\n` }).toString().trim().split(/\s+/)[2]);
  ok(lls.length === 3 && Math.abs(dist - want) < 0.01, `measured distance ${dist.toFixed(3)} m equals GeodSolve's ${want.toFixed(3)} m`);
  ok((await page.$$(".leaflet-popup")).length === 0, "measuring clicks open no feature popup");
  await page.click("#map-measure-area");
  for (const [fx, fy] of clicks) await page.mouse.click(mapBox.x + mapBox.width * fx, mapBox.y + mapBox.height * fy);
  const area = Number(await page.getAttribute("#map-measure-result", "data-m2"));
  const llsA = JSON.parse(await page.getAttribute("#map-measure-result", "data-points"));
  const plan = execFileSync("Planimeter", ["-e", "6378137", "1/298.257222101", "-p", "9"], { input: llsA.map(p => p.join(" ")).join("\n") + "\n" }).toString().trim().split(/\s+/);
  ok(Math.abs(area - Math.abs(Number(plan[2]))) < 0.01, `measured area ${area.toFixed(2)} m² equals Planimeter's ${Math.abs(Number(plan[2])).toFixed(2)} m²`);
  await page.click("#map-measure-area"); /* the tool off */
  /* the survey patches' legend names their first-level classes (TD/T 1055-2019) */
  await page.check("input[data-layer=landuse_patch]");
  await page.waitForSelector("#class-legend");
  const cl = await page.$$eval("#class-legend div[data-code]", d => Object.fromEntries(d.map(x => [x.dataset.code, x.textContent])));
  ok(cl["01"] === "01 Cropland" && cl["03"] === "03 Woodland" && cl["11"].includes("Water"), `the patches' legend names the classes (${Object.values(cl).slice(0, 4).join("; ")})`);
  await page.uncheck("input[data-layer=landuse_patch]");
  ok(!(await page.$("#class-legend")), "... and goes with the layer");
  /* a GEP layer: its legend, and a click gives the cell's value as the API reads it */
  await page.selectOption("#map-gep", "carbon_sequestration");
  await page.waitForSelector("#gep-legend");
  const legendText = await page.textContent("#gep-legend");
  await page.evaluate(() => { window.__lsMap.setView([28.84, 121.34], 14, { animate: false }); });
  await page.waitForTimeout(300);
  /* the map's box and the point are read together, after the view settled: a legend or a
   * wrapped header above the map moves it between an earlier reading and the click */
  const gepBox = await page.locator("#map-main").boundingBox();
  const cpt = await page.evaluate(() => { const p = window.__lsMap.latLngToContainerPoint([28.84, 121.34]); return [p.x, p.y]; });
  await page.mouse.click(gepBox.x + cpt[0], gepBox.y + cpt[1]);
  await page.waitForSelector("#gep-probe");
  const probeVal = Number(await page.getAttribute("#gep-probe", "data-value"));
  const ll = await page.evaluate(([x, y]) => { const p = window.__lsMap.containerPointToLatLng([x, y]); return [p.lng, p.lat]; }, cpt);
  const wantCell = execFileSync("gdallocationinfo", ["-valonly", "-wgs84", gepTif, String(ll[0]), String(ll[1])]).toString().trim();
  ok(/yuan per cell/.test(legendText) && Math.abs(probeVal - Number(wantCell)) < 1e-3,
     `a GEP layer has its legend (${legendText.replace(/\s+/g, " ").slice(0, 60)}) and a click reads the cell: ${probeVal.toFixed(4)} yuan, gdallocationinfo ${wantCell}`);
  await page.keyboard.press("Escape");
  await page.selectOption("#map-gep", "");
  ok(!(await page.$("#gep-legend")), "the legend goes with the layer");
  {
    /* the whole account on one map (gep/total_map) */
    await page.selectOption("#map-gep", "gep_total");
    await page.waitForSelector("#gep-legend");
    const lt = await page.textContent("#gep-legend");
    ok(/GEP/.test(lt) && /yuan per cell|元\/像元/.test(lt), `the total-GEP map is offered with its legend (${lt.replace(/\s+/g, " ").slice(0, 70)})`);
    await page.selectOption("#map-gep", "");
  }
  await page.evaluate(() => { window.__lsMap.setView([0, 0], 3); });
  await page.click("#map-home");
  const home = await page.evaluate(() => window.__lsMap.getBounds().contains(window.__lsMap.getCenter()) && window.__lsMap.getZoom() > 8);
  ok(home, "the 全县 button brings the whole county back");
  /* the attribute table of the features in view, and its CSV against the API's features */
  await page.selectOption("#attr-layer", "township");
  await page.click("#attr-show");
  await page.waitForSelector("#attr-count");
  const apiTowns = (await (await fetch(`${url}/api/v1/layers/township/features`)).json()).features;
  const shownRows = await page.$$eval("#attr-table tr[data-id]", r => r.length);
  const heads = await page.$$eval("#attr-table th", c => c.map(x => x.textContent));
  ok(shownRows === apiTowns.length && heads.includes("Division") && heads.includes("Main function zone"),
     `the attribute table lists the ${shownRows} townships in view with named fields (${heads.join(", ")})`);
  const [csvDl] = await Promise.all([page.waitForEvent("download"), page.click("#attr-export")]);
  const csvPath = `${artifacts}/township-in-view.csv`;
  await csvDl.saveAs(csvPath);
  const csv = fs.readFileSync(csvPath, "utf8");
  const csvLines = csv.replace(/^\ufeff/, "").trim().split(/\r\n/);
  const col = csvLines[0].split(",").findIndex(h => h.endsWith("[XZQMC]"));
  const csvNames = csvLines.slice(1).map(l => l.split(",")[col]).sort();
  ok(csv.startsWith("\ufeff") && col > 0 && JSON.stringify(csvNames) === JSON.stringify(apiTowns.map(f => f.properties.XZQMC).sort()),
     `its CSV (UTF-8 with BOM) has the same ${csvNames.length} townships as the API (${csvNames.join(" ")})`);
  {
    /* … and the features in view as a GeoPackage the server writes (county CRS, every field) */
    await page.selectOption("#attr-layer", "basic_farmland");
    const [gpDl] = await Promise.all([page.waitForEvent("download"), page.click("#attr-gpkg")]);
    const gpPath = `${artifacts}/basic_farmland-in-view.gpkg`;
    await gpDl.saveAs(gpPath);
    const srs = execFileSync("sqlite3", [gpPath, "SELECT srs_id FROM gpkg_contents"]).toString().trim();
    const rows = Number(execFileSync("sqlite3", [gpPath, "SELECT count(*) FROM basic_farmland"]).toString().trim());
    ok(srs === "4528" && rows > 0 && gpDl.suggestedFilename() === "basic_farmland-in-view.gpkg",
       `the GeoPackage export downloads the basic farmland in view (${rows} features, EPSG:${srs})`);
  }
  {
    /* the county's own basemap under the layers, switchable off and back; the names of
     * townships, and of villages once zoomed in */
    const tiles = await page.$$eval(".basemap-county img", im => im.filter(i => i.complete && i.naturalWidth === 256 && i.src.includes("/api/v1/basemap/tiles/")).length);
    const bases = await page.$$eval(".leaflet-control-layers-base label", l => l.map(x => x.textContent.trim()));
    await page.evaluate(() => { const i = [...document.querySelectorAll(".leaflet-control-layers-base label")].find(l => /No basemap|无底图/.test(l.textContent)).querySelector("input"); i.click(); });
    await page.waitForTimeout(200);
    const after = await page.$$eval(".basemap-county", e => e.length);
    const saved = await page.evaluate(() => localStorage.getItem("ls.basemap"));
    await page.evaluate(() => { const i = [...document.querySelectorAll(".leaflet-control-layers-base label")].find(l => /County terrain|县域地形/.test(l.textContent)).querySelector("input"); i.click(); });
    ok(tiles > 0 && bases.length === 2 && after === 0 && saved === "none",
       `the county basemap draws (${tiles} tiles), and the basemap control (${bases.join(" / ")}) turns it off and remembers it`);
    await page.evaluate(() => { window.__lsMap.setView([28.86, 121.30], 11); });
    await page.waitForTimeout(300);
    const far = await page.evaluate(() => [document.querySelectorAll(".ls-label-township").length, document.querySelectorAll(".ls-label-village").length]);
    await page.evaluate(() => { window.__lsMap.setView([28.86, 121.30], 13); });
    await page.waitForTimeout(300);
    const near = await page.evaluate(() => [document.querySelectorAll(".ls-label-township").length, document.querySelectorAll(".ls-label-village").length]);
    const vname = await page.textContent(".ls-label-village");
    ok(far[0] === 6 && far[1] === 0 && near[1] > 20 && /村$/.test(vname.trim()),
       `township labels at zoom 11 (${far[0]}), village labels from zoom 13 (${near[1]}, e.g. ${vname.trim()})`);
  }
  }
  ok(errors.length === 0, `no script error or blocked resource (CSP) on the pages${errors.length ? ": " + errors.map(x => x.split("\n")[0]).join("; ") : ""}`);

  /* work by role (#/admin): each role sees the sections its permissions allow */
  async function loginAs(user) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p = await ctx.newPage();
    p.setDefaultTimeout(30000);
    p.on("pageerror", e => errors.push(`[${user}] ${e.stack || e}`));
    await p.goto(url + "/#/admin");
    await p.click("#login-btn").catch(() => {});
    await p.fill("#login-user", user);
    await p.fill("#login-pass", `pw-${user}-secret`);
    await p.click("#login-form button[type=submit]");
    await p.waitForFunction(() => document.getElementById("who") && document.getElementById("who").textContent.length > 0);
    return { ctx, p };
  }
  {
    const { ctx, p } = await loginAs("rev1");
    await p.waitForSelector("#admin-none");
    ok(!(await p.$("#ledger-panel")) && !(await p.$("#users-panel")), "a reviewer has no administration section");
    await ctx.close();
  }
  {
    const { ctx, p } = await loginAs("aud1");
    await p.waitForSelector("#users-table");
    ok(!(await p.$("#user-add")) && !(await p.$(".user-role")) && !(await p.$("#gep-run-panel")), "an auditor reads the accounts, changes none, runs no GEP");
    await p.click("#ledger-verify");
    await p.waitForSelector("#ledger-state");
    ok((await p.getAttribute("#ledger-state", "data-ok")) === "true" && /账本完整/.test(await p.textContent("#ledger-state")),
       `the auditor verifies the ledger: ${(await p.textContent("#ledger-result")).replace(/\s+/g, " ").slice(0, 90)}`);
    await ctx.close();
  }
  {
    const { ctx, p } = await loginAs("adm1");
    await p.waitForSelector("#user-add");
    await p.fill("#user-new-name", "trader9");
    await p.fill("#user-new-display", "交易员九");
    await p.fill("#user-new-password", "short");
    await p.click("#user-add-go");
    await p.waitForTimeout(300);
    ok(!(await p.$("tr[data-user=trader9]")), "a password under 8 characters is stopped before it is sent");
    await p.fill("#user-new-password", "trader9-password");
    await p.selectOption("#user-new-role", "trader");
    await p.click("#user-add-go");
    await p.waitForSelector("tr[data-user=trader9]");
    ok((await p.inputValue("tr[data-user=trader9] select")) === "trader", "the administrator adds a trader");
    await p.selectOption("tr[data-user=trader9] select", "auditor");
    await p.waitForFunction(() => /已修改/.test(document.getElementById("users-msg").textContent));
    await p.click("tr[data-user=trader9] .user-toggle");
    await p.waitForFunction(() => document.querySelector("tr[data-user=trader9] .user-toggle").textContent === "启用");
    const apiUsers = await (await p.request.get(url + "/api/v1/users", { headers: { Authorization: "Bearer " + await p.evaluate(() => localStorage.getItem("ls.token")) } })).json();
    const t9 = apiUsers.users.find(u => u.username === "trader9");
    ok(t9 && t9.role === "auditor" && t9.disabled === true, `... changes the role and disables the account, as the API then says (${JSON.stringify(t9)})`);
    await p.selectOption("tr[data-user=adm1] select", "reviewer");
    await p.waitForSelector("#users-msg.error");
    ok(/输入有误（角色）/.test(await p.textContent("#users-msg")) && (await p.inputValue("tr[data-user=adm1] select")) === "administrator",
       `the last administrator cannot be demoted, said in Chinese: ${await p.textContent("#users-msg")}`);
    await ctx.close();
  }
  {
    const { ctx, p } = await loginAs("acc1");
    await p.waitForSelector("#gep-run-go");
    await p.click("#gep-run-go");
    await p.waitForSelector("#gep-run-done", { timeout: 120000 });
    const href = await p.getAttribute("#gep-run-done + a", "href");
    ok((await p.evaluate(() => document.getElementById("gep-run-progress").value)) === 1 && /^#\/gep\/run-\d+$/.test(href),
       `the accountant runs the GEP account with a progress bar to the end, and opens the result (${href})`);
    await ctx.close();
  }

  {
    /* the registrar: a first registration drawn on the map, refused with the field marked,
     * pre-reviewed (nothing recorded), recorded; its area against the drawn ring's */
    const { ctx, p } = await loginAs("reg1");
    const head = async () => (await (await p.request.get(`${url}/api/v1/ledger/head`, { headers: { Authorization: "Bearer " + await p.evaluate(() => localStorage.getItem("ls.token")) } })).json()).events;
    await p.goto(url + "/#/apply/first");
    await p.waitForSelector("#apply-unit-code");
    await p.waitForFunction(() => window.__lsApplyMap && document.querySelector("#apply-map canvas"));
    await p.fill("#apply-unit-code", "331099ZR9001");
    await p.fill("#apply-unit-name", "测试湿地");
    await p.selectOption("#apply-unit-class", "natural");
    await p.selectOption("#apply-unit-resource_type", "wetland");
    await p.selectOption("#apply-rights tr select", "ownership_state");
    await p.fill('#apply-rights tr input[data-field="holders"]', "CN");
    await p.evaluate(() => { window.__lsApplyMap.setView([28.88, 121.30], 16); });
    await p.waitForTimeout(300);
    const box = await (await p.$("#apply-map")).boundingBox();
    await p.click("#apply-draw");
    for (const [dx, dy] of [[-60, -60], [60, -60], [60, 60], [-60, 60]]) await p.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
    await p.click("#apply-finish");
    const drawn = Number(await p.getAttribute("#apply-live-area", "data-area-m2"));
    const e0 = await head();
    await p.click("#apply-check");
    await p.waitForSelector("#apply-error");
    const errField = await p.getAttribute("#apply-error", "data-field");
    const marked = await p.$$eval(".invalid", l => l.map(x => x.dataset.field));
    const errText = await p.textContent("#apply-error");
    ok(errField === "exercised_by" && marked.includes("exercised_by") && /^登记规则不允许（(代表)?行使主体）/.test(errText),
       `a refusal names and marks the field, in Chinese: ${errText.slice(0, 80)} [${marked}]`);
    await p.fill('#apply-rights tr input[data-field="exercised_by"]', "ZJ-NR");
    await p.click("#apply-check");
    await p.waitForSelector("#apply-ok[data-dry=true]");
    const e1 = await head();
    await p.click("#apply-submit");
    await p.waitForSelector("#apply-ok[data-dry=false]");
    const e2 = await head();
    const unitR = await p.request.get(`${url}/api/v1/registry/units/331099ZR9001`, { headers: { Authorization: "Bearer " + await p.evaluate(() => localStorage.getItem("ls.token")) } });
    const unitJ = unitR.status() === 200 ? await unitR.json() : {};
    const area = unitJ.unit ? unitJ.unit.area_m2 : 0;
    ok(e1 === e0 && e2 === e0 + 1 && Math.abs(area - drawn) / drawn < 1e-3,
       `the pre-review records nothing (${e0} → ${e1}), the submission one event (→ ${e2}); the unit's registered area ${area.toFixed(1)} m² is the drawn ring's ${drawn.toFixed(1)} m² (geodesic, GeographicLib) within 0.1 %`);
    /* a transfer from the unit's page: the right is filled in, a new certificate is issued */
    const someUnit = (await (await p.request.get(`${url}/api/v1/registry/units?q=331099001&limit=1`, { headers: { Authorization: "Bearer " + await p.evaluate(() => localStorage.getItem("ls.token")) } })).json()).units[0].code;
    await p.goto(`${url}/#/registry/${someUnit}`);
    await p.waitForSelector("#reg-rights [data-apply=transfer]");
    await p.click("#reg-rights [data-apply=transfer]");
    await p.waitForSelector("#apply-right");
    const rightId = await p.inputValue("#apply-right");
    await p.fill("#apply-holders", "ZJ-NR");
    await p.click("#apply-submit");
    await p.waitForSelector("#apply-ok, #apply-error");
    const certs = await p.$$eval("#apply-certs li", l => l.map(x => x.textContent));
    ok(rightId.startsWith(someUnit) && certs.length === 1 && /不动产权第\d{7}号/.test(certs[0]),
       `the unit page's 转移登记 opens the form for ${rightId}; recorded, it issues ${certs[0] || (await p.textContent("#apply-result"))}`);
    await ctx.close();
  }

  {
    /* a trader acting for E03 moves its own units from the indicators page, after the
     * county reserve allocated it some; a transfer over its balance is refused by its rule */
    const reg = await (await fetch(`${url}/api/v1/session`, { method: "POST", body: JSON.stringify({ username: "reg1", password: "pw-reg1-secret" }) })).json();
    const alloc = await fetch(`${url}/api/v1/indicators/requests`, { method: "POST", headers: { Authorization: "Bearer " + reg.token, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "transfer", date: "2024-04-01", from: "reserve:331099", to: "E03", units: { CRQ: 100 } }) });
    const { ctx, p } = await loginAs("trd1");
    await p.goto(url + "/#/indicators");
    await p.waitForSelector("#mine-balances tr[data-account=CRQ]");
    const active = async () => Number((await p.textContent("#mine-balances tr[data-account=CRQ] td[data-state=active]")).replace(/,/g, ""));
    const before = await active();
    await p.selectOption("#mine-type", "transfer");
    await p.selectOption("#mine-account", "CRQ");
    await p.fill("#mine-units", "40");
    await p.fill("#mine-to", "E01");
    await p.click("#mine-go");
    await p.waitForFunction(() => /^✓/.test(document.getElementById("mine-msg").textContent));
    const after = await active();
    await p.selectOption("#mine-type", "transfer");
    await p.selectOption("#mine-account", "CRQ");
    await p.fill("#mine-units", "100000");
    await p.fill("#mine-to", "E01");
    await p.click("#mine-go");
    await p.waitForSelector("#mine-msg.error");
    const refusal = await p.textContent("#mine-msg.error");
    ok(alloc.status === 201 && before >= 100 && after === before - 40 && /balance\.insufficient/.test(refusal),
       `a trader for E03 transfers 40 m² of its quota from the page (${before} → ${after}); 100,000 is refused by its rule: ${refusal.slice(0, 60)}`);
    await ctx.close();
  }

  {
    /* the trading hall (交易大厅) on the day after the demo's three days of trading (the page's clock is fixed at
     * 2024-07-04 10:30 Beijing time, inside the session): the public book, depth and price
     * chart; the trader for E03 buys the 25 t offered at ¥82.50, is refused outside the band,
     * sees E01's bid arrive on the depth chart, and cancels its own resting bid */
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p = await ctx.newPage();
    p.setDefaultTimeout(30000);
    p.on("pageerror", e => errors.push(`[market] ${e.stack || e}`));
    await p.clock.setFixedTime(new Date("2024-07-04T10:30:00+08:00"));
    await p.goto(url + "/#/market/CCS-33");
    await p.waitForSelector("#mkt-book-table");
    const side = s => p.$$eval(`#mkt-book-table tr[data-side=${s}]`, r => r.length);
    const asks0 = await side("ask"), bids0 = await side("bid");
    await p.waitForFunction(() => document.getElementById("mkt-prices").dataset.trades === "6");
    const modes = await p.$$eval("#mkt-trades-table tr[data-mode]", r => r.map(x => x.dataset.mode).sort().join(","));
    ok(asks0 === 2 && bids0 === 1 && await p.$eval("#mkt-depth", e => e.dataset.levels) === "3" && !!(await p.$("#mkt-depth canvas")) &&
       modes === "block,continuous,continuous,continuous,continuous,quote",
       `the public trading hall: CCS-33's book (${asks0} offers, ${bids0} bid), its depth chart and the 6 trades of the demo on the price chart (${modes})`);
    await p.click("#login-btn").catch(() => {});
    await p.fill("#login-user", "trd1");
    await p.fill("#login-pass", "pw-trd1-secret");
    await p.click("#login-form button[type=submit]");
    await p.waitForSelector("#mkt-form");
    const funds0 = await p.textContent("#mkt-funds");
    await p.selectOption("#mkt-side", "buy");
    await p.fill("#mkt-price", "82.50");
    await p.fill("#mkt-lots", "25");
    await p.click("#mkt-go");
    await p.waitForSelector("#mkt-msg.ok");
    const bought = await p.textContent("#mkt-msg");
    await p.waitForFunction(() => document.getElementById("mkt-prices").dataset.trades === "7");
    ok(/^✓/.test(bought) && await side("ask") === 1 && (await p.textContent("#mkt-funds")) !== funds0,
       `the trader for E03 buys 25 t at ¥82.50 from the page: it trades (${bought.trim()}), the offer leaves the book, its money changes`);
    await p.fill("#mkt-price", "100");
    await p.fill("#mkt-lots", "1");
    await p.click("#mkt-go");
    await p.waitForSelector("#mkt-msg.error");
    const refused = await p.textContent("#mkt-msg");
    ok(/order\.band/.test(refused), `a bid of ¥100.00, outside the band, is refused by its rule: ${refused.slice(0, 70)}`);
    const levels = await p.$eval("#mkt-depth", e => Number(e.dataset.levels));
    const t2 = await (await fetch(`${url}/api/v1/session`, { method: "POST", body: JSON.stringify({ username: "trd2", password: "pw-trd2-secret" }) })).json();
    const other = await fetch(`${url}/api/v1/market/accounts/E01/requests`, { method: "POST", headers: { Authorization: "Bearer " + t2.token, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "order", date: "2024-07-04", time: "10:31:00", instrument: "CCS-33", party: "E01", side: "buy", price: 8100, units: 10000 }) });
    await p.waitForFunction(n => Number(document.getElementById("mkt-depth").dataset.levels) === n + 1, levels, { timeout: 10000 });
    const live = await p.$eval("[data-live]", e => e.dataset.live).catch(() => "none");
    ok(other.status === 201 && live === "sse", `an order from another trader (E01 bids 10 t at ¥81.00) appears on the open page's depth chart (${levels} → ${levels + 1} levels), pushed by the server (${live})`);
    const open0 = await p.$$eval("#mkt-orders tr", r => r.length);
    await p.click("#mkt-orders .mkt-cancel");
    await p.waitForFunction(n => document.querySelectorAll("#mkt-orders tr").length < n, open0);
    ok(open0 >= 1, `the trader cancels its resting bid from the page (${open0} open → ${open0 - 1})`);
    /* 挂牌协议: E01 posts 5 t at ¥82.00 (through the API); it appears beside the book and the
     * trader for E03 takes 2 t of it from the page; then it posts its own quote from the form
     * and withdraws it */
    const q1 = await fetch(`${url}/api/v1/market/accounts/E01/requests`, { method: "POST", headers: { Authorization: "Bearer " + t2.token, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "quote", date: "2024-07-04", time: "10:32:00", instrument: "CCS-33", party: "E01", price: 8200, units: 5000 }) });
    const qid = (await q1.json()).results[0].quote.id;
    const qrow = `#mkt-quotes tr[data-quote="${qid}"]`;
    await p.waitForSelector(`${qrow} .q-take`, { timeout: 10000 });
    await p.fill(`${qrow} .q-lots`, "2");
    await p.click(`${qrow} .q-take`);
    await p.waitForFunction(() => document.getElementById("mkt-prices").dataset.trades === "8");
    await p.waitForFunction(sel => (document.querySelector(sel) || {}).dataset?.left === "3", qrow);
    const took = await p.textContent("#mkt-q-msg");
    await p.fill("#mkt-q-price", "84");
    await p.fill("#mkt-q-lots", "3");
    await p.click("#mkt-q-go");
    await p.waitForSelector("#mkt-myquotes .q-unquote");
    const mine = await p.$$eval("#mkt-myquotes tr", r => r.length);
    await p.click("#mkt-myquotes .q-unquote");
    await p.waitForFunction(() => !document.querySelector("#mkt-myquotes .q-unquote"));
    ok(q1.status === 201 && /^✓/.test(took) && mine === 1,
       `a posted quote (挂牌协议) by E01 shows beside the book; the trader for E03 takes 2 t of it from the page (${took.trim()}, 3 t left); posts its own 3 t at ¥84.00 and withdraws it`);
    /* a uniform-price auction (U-2024-002) takes sealed bids: the trader registers and bids for
     * 2 亩 at ¥150,000; the page shows how many bids, never a price */
    const ua = '#mkt-listings [data-listing="U-2024-002"]';
    await p.waitForSelector(`${ua}[data-mode=uniform] .lst-register`);
    await p.click(`${ua} .lst-register`);
    await p.waitForSelector(`${ua} .lst-msg.ok, ${ua} .lst-msg.error`);
    const ureg = await p.textContent(`${ua} .lst-msg`);
    await p.fill(`${ua} .lst-price`, "150000");
    await p.fill(`${ua} .lst-units`, "2");
    await p.click(`${ua} .lst-bid`);
    await p.waitForFunction(sel => /1 /.test((document.querySelector(sel + " .lst-sealed") || {}).textContent || ""), ua).catch(async e => {
      throw new Error(`${e.message}; registered: ${ureg}; says: ${await p.textContent(`${ua} .lst-msg`)}`);
    });
    const ubid = await p.textContent(`${ua} .lst-msg`);
    ok(/^✓/.test(ureg) && /^✓/.test(ubid) && !(await p.$(`${ua} .lst-current`)) && !/150,000/.test(await p.textContent(ua)),
       `a sealed bid in a uniform-price auction from the page: registered, 2 亩 at ¥150,000 filed (${ubid.trim()}); the listing shows 1 bid and no price`);
    /* 挂牌: L-2024-003 is open since 09:00; the trader for E03 registers (its deposit held) and
     * files ¥155,000 a 亩; at the deadline the centre sends the lot to an on-site auction (E02
     * and E03 still bidding); E02 bids ¥160,000 there, the trader ¥165,000 from the page; at its
     * close the lot is E03's */
    const lst = '#mkt-listings [data-listing="L-2024-003"]';
    await p.waitForSelector(`${lst}[data-state=listed] .lst-register`);
    const nlist = await p.$$eval("#mkt-listings .listing", r => r.length);
    await p.click(`${lst} .lst-register`);
    await p.waitForSelector(`${lst} .lst-msg.ok, ${lst} .lst-msg.error`);
    const registered = await p.textContent(`${lst} .lst-msg`);
    await p.fill(`${lst} .lst-price`, "155000");
    await p.click(`${lst} .lst-bid`);
    await p.waitForFunction(sel => /155,000/.test(document.querySelector(sel + " .lst-current").textContent), lst).catch(async e => {
      throw new Error(`${e.message}; registered: ${registered}; says: ${await p.textContent(`${lst} .lst-msg`)}`);
    });
    const ctr = await (await fetch(`${url}/api/v1/session`, { method: "POST", body: JSON.stringify({ username: "ctr1", password: "pw-ctr1-secret" }) })).json();
    const close = body => fetch(`${url}/api/v1/market/requests`, { method: "POST", headers: { Authorization: "Bearer " + ctr.token, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const c1 = await close({ type: "close", date: "2024-07-15", time: "17:00:00", listing: "L-2024-003", still_bidding: ["E02", "E03"] });
    const t3 = await (await fetch(`${url}/api/v1/session`, { method: "POST", body: JSON.stringify({ username: "trd3", password: "pw-trd3-secret" }) })).json();
    const e02 = await fetch(`${url}/api/v1/market/accounts/E02/requests`, { method: "POST", headers: { Authorization: "Bearer " + t3.token, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "auction_bid", date: "2024-07-15", time: "17:03:00", listing: "L-2024-003", party: "E02", price: 16000000 }) });
    await p.clock.setFixedTime(new Date("2024-07-15T17:05:00+08:00"));
    await p.waitForFunction(sel => { const e = document.querySelector(sel + "[data-state=auction] .lst-current"); return e && /160,000/.test(e.textContent); }, lst, { timeout: 10000 });
    await p.fill(`${lst} .lst-price`, "165000");
    await p.click(`${lst} .lst-bid`);
    await p.waitForFunction(sel => /165,000/.test(document.querySelector(sel + " .lst-current").textContent), lst).catch(async e => {
      throw new Error(`${e.message}; says: ${await p.textContent(`${lst} .lst-msg`)}`);
    });
    const c2 = await close({ type: "close", date: "2024-07-15", time: "18:00:00", listing: "L-2024-003" });
    await p.waitForSelector(`${lst}[data-state=sold] .lst-result`, { timeout: 10000 });
    const result = await p.textContent(`${lst} .lst-result`);
    ok(/^✓/.test(registered) && nlist === 7 && c1.status === 201 && e02.status === 201 && c2.status === 201 && /E03/.test(result) && /165,000/.test(result),
       `a listing goes to auction and is won from the page: E03 registers, files ¥155,000, outbids E02's ¥160,000 at the on-site auction with ¥165,000 and wins (${result.trim()})`);
    await p.screenshot({ path: `${artifacts}/8-market.png` });
    await ctx.close();
  }

  {
    /* the valuation page (估价): an accountant starts from the method's worked example, tries it
     * (nothing recorded), records it on the ledger, sees a rate in per cent refused by its rule,
     * values a forest stand, and opens a recorded report from the list */
    const { ctx, p } = await loginAs("acc1");
    await p.goto(url + "/#/valuation");
    await p.waitForSelector("#val-methods tr[data-method]");
    const nMethods = await p.$$eval("#val-methods tr[data-method]", r => r.length);
    await p.fill("#val-qty", "1200");
    await p.click("#val-try");
    await p.waitForSelector("#val-unit-value");
    const tried = await p.textContent("#val-unit-value"), triedTotal = await p.textContent("#val-value");
    const before = await p.$$eval("#val-list tr[data-valuation]", r => r.length);
    await p.fill("#val-id", "V-E2E-1");
    await p.click("#val-record");
    await p.waitForSelector('#val-list tr[data-valuation="V-E2E-1"]');
    const recorded1 = await p.$$eval("#val-list tr[data-valuation]", r => r.length);
    ok(nMethods === 11 && /1,504\.63/.test(tried) && /1,805,555\.62/.test(triedTotal) && recorded1 === before + 1,
       `the accountant tries the income example: ${tried.trim()} × 1,200 m² = ${triedTotal.trim()} (the reference's ¥1,504.63/m²), nothing recorded until 记录上链; then V-E2E-1 joins the demo's ${before} in the list`);
    await p.fill("#val-inputs", '{"a": 100, "r": 6, "n": 40}');
    await p.fill("#val-id", "V-E2E-2");
    await p.click("#val-record");
    await p.waitForSelector("#val-msg.error");
    const refused = await p.textContent("#val-msg.error");
    const after = await p.$$eval("#val-list tr[data-valuation]", r => r.length);
    await p.selectOption("#val-method", "forest_stand");
    await p.fill("#val-qty", "1");
    await p.click("#val-try");
    await p.waitForFunction(() => /27,911\.43/.test(document.getElementById("val-unit-value").textContent));
    const steps = await p.$$eval("#val-steps tr", r => r.length);
    ok(/input\.rate/.test(refused) && after === before + 1 && steps >= 4,
       `a rate of 6 (not 0.06) is refused by its rule (${refused.slice(0, 50)}…), nothing recorded; a middle-aged stand comes to ¥27,911.43/ha in ${steps - 1} steps`);
    await p.click('#val-list tr[data-valuation="V-E2E-1"]');
    await p.waitForSelector('#val-report[data-valuation="V-E2E-1"]');
    const seq = await p.textContent("#val-report");
    await p.click("#lang-btn");
    await p.waitForSelector("#val-methods tr[data-method]");
    const enHead = await p.textContent("header nav a[data-page=valuation]");
    ok(/appraiser|acc1/.test(seq) && enHead.trim() === "Valuation", `the recorded report opens from the list with its ledger seq and recorder; the page speaks English too (${enHead.trim()})`);
    await p.click("#lang-btn");
    await p.screenshot({ path: `${artifacts}/7-valuation.png` });
    await ctx.close();
    /* the public sees no valuation until a reviewer approves one; rev1 approves V-E2E-1 from its
     * report (the accountant who recorded it may not), and then the public reads it */
    const anon = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const ap = await anon.newPage();
    ap.on("pageerror", e => errors.push(`[valuation, public] ${e.stack || e}`));
    await ap.goto(url + "/#/valuation");
    await ap.waitForSelector("#val-methods tr[data-method]");
    await ap.waitForSelector("#val-list p, #val-list table");
    const publicBefore = await ap.$$eval("#val-list tr[data-valuation]", r => r.length);
    const publicHad = !!(await ap.$('#val-list tr[data-valuation="V-E2E-1"]'));
    const rv = await loginAs("rev1");
    await rv.p.goto(url + "/#/valuation/V-E2E-1");
    await rv.p.waitForSelector("#val-approve");
    await rv.p.click("#val-approve");
    await rv.p.waitForSelector("#val-approved.ok");
    const by = await rv.p.textContent("#val-approved");
    await rv.ctx.close();
    await ap.reload();
    await ap.waitForSelector('#val-list tr[data-valuation="V-E2E-1"] td[data-approved=true]');
    const publicAfter = await ap.$$eval("#val-list tr[data-valuation]", r => r.length);
    ok(!publicHad && publicBefore === 4 && /rev1/.test(by) && publicAfter === 5 && !(await ap.$("#val-form")),
       `the public reads the demo's ${publicBefore} approved valuations but not V-E2E-1 until the reviewer approves it from its report (${by.trim()}); then ${publicAfter}, and no form`);
    await anon.close();
  }

  {
    /* the bundle builder (组合标的): the demo's eco-tourism bundle opens from the list with its
     * overlap and floor checks; the accountant loads it as a template for E01, which bought its
     * rights, and checks it — the whole's rule without the whole's income is refused by its
     * rule, the sum of the parts passes with every share over its floor — then records it */
    const { ctx, p } = await loginAs("acc1");
    await p.goto(url + "/#/bundle");
    await p.waitForSelector('#bnd-list tr[data-bundle="ECO-2024-01"] td[data-approved=true]');
    await p.click('#bnd-list tr[data-bundle="ECO-2024-01"]');
    await p.waitForSelector('#bnd-report[data-bundle="ECO-2024-01"]');
    const parts = await p.$$eval("#bnd-floors tr[data-right]", r => r.length);
    const floorsMet = await p.$$eval('#bnd-floors td[data-floor-met="true"]', r => r.length);
    const synergy = await p.textContent("#bnd-synergy"), floorPrice = await p.textContent("#bnd-floor-price");
    ok(parts === 4 && floorsMet === 4 && /¥/.test(synergy) && /¥/.test(floorPrice),
       `the demo's bundle ECO-2024-01: 4 components, every share over its floor, ΔV ${synergy.trim()}, floor price ${floorPrice.trim()}`);
    await p.click("#bnd-load");
    await p.fill("#bnd-id", "ECO-E2E-1");
    await p.fill("#bnd-seller", "E01");
    await p.click("#bnd-check");
    await p.waitForSelector("#bnd-msg.error");
    const refusedB = await p.textContent("#bnd-msg.error");
    await p.selectOption("#bnd-rulesel", "sum");
    await p.click("#bnd-check");
    await p.waitForSelector("#bnd-msg.ok");
    await p.waitForSelector('#bnd-report[data-bundle="ECO-E2E-1"]');
    const sumV = await p.textContent("#bnd-sum"), val = await p.textContent("#bnd-value"), syn = await p.textContent("#bnd-synergy");
    const listed = await p.$$eval("#bnd-list tr[data-bundle]", r => r.length);
    ok(/bundle\.reconciliation/.test(refusedB) && sumV.trim() === val.trim() && /¥0\.00/.test(syn) && listed === 1,
       `without the whole's income, whole_stripped is refused by its rule (${refusedB.slice(0, 60)}…); by the sum the bundle is ${val.trim()}, ΔV ${syn.trim()}, nothing recorded`);
    await p.click("#bnd-record");
    await p.waitForSelector('#bnd-list tr[data-bundle="ECO-E2E-1"] td[data-approved=false]');
    await p.click("#lang-btn");
    await p.waitForSelector("#bnd-list tr[data-bundle]");
    const enNav = await p.textContent("header nav a[data-page=bundle]");
    await p.click("#lang-btn");
    ok(enNav.trim() === "Bundles", `ECO-E2E-1 recorded, awaiting approval; the page speaks English too (${enNav.trim()})`);
    await p.screenshot({ path: `${artifacts}/9-bundle.png` });
    await ctx.close();
  }

  {
    /* the contracts page (合同): the public reads the demo's two contracts and E03's breach with
     * the survey it rests on; the registrar signs a supervision agreement from the template (a
     * condition on an unknown unit refused by its rule first); the reviewer holds the 2023
     * survey against every contract in force — the new one shows progress toward its target */
    const anon = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const ap = await anon.newPage();
    ap.on("pageerror", e => errors.push(`[contract, public] ${e.stack || e}`));
    await ap.goto(url + "/#/contract");
    await ap.waitForSelector('#con-list tr[data-contract="JG-2021-001"] td[data-breaches="1"]');
    await ap.click('#con-list tr[data-contract="JG-2021-001"]');
    await ap.waitForSelector('#con-detail[data-contract="JG-2021-001"] #con-conditions tr[data-condition="C1"][data-state="breach"]');
    const evidence = await ap.textContent("#con-checks");
    const forms = (await ap.$("#con-sign")) || (await ap.$("#con-check"));
    ok(/county\.gpkg/.test(evidence) && /county-2022\.gpkg/.test(evidence) && !forms,
       "the public reads the demo's contracts: JG-2021-001 in breach (C1), its checks resting on county-2022.gpkg and county.gpkg; no forms");
    await anon.close();
    const rg = await loginAs("reg1");
    await rg.p.goto(url + "/#/contract");
    await rg.p.waitForSelector("#con-json");
    const tpl = await rg.p.inputValue("#con-json");
    await rg.p.fill("#con-json", tpl.replace('"unit": "331099ZR0009"', '"unit": "331099ZR9999"'));
    await rg.p.click("#con-sign-btn");
    await rg.p.waitForSelector("#con-sign-msg.error");
    const refusedC = await rg.p.textContent("#con-sign-msg");
    await rg.p.fill("#con-json", tpl);
    await rg.p.click("#con-sign-btn");
    await rg.p.waitForSelector('#con-detail[data-contract="JG-2025-001"]');
    const held = await rg.p.textContent("#con-rights");
    ok(/contract\.unit/.test(refusedC) && /(受让方已持有|held by the grantee)/.test(held),
       `the registrar's contract with a condition on an unknown unit is refused by its rule (${refusedC.slice(0, 50)}…); signed from the template, E03 keeps its right`);
    await rg.ctx.close();
    const rv = await loginAs("rev1");
    await rv.p.goto(url + "/#/contract");
    await rv.p.waitForSelector("#con-check-btn");
    await rv.p.fill("#con-check-date", "2025-12-31");
    await rv.p.click("#con-check-btn");
    await rv.p.waitForSelector("#con-check-msg.ok, #con-check-msg.error");
    const checked = await rv.p.textContent("#con-check-msg");
    await rv.p.click('#con-list tr[data-contract="JG-2025-001"]');
    await rv.p.waitForSelector('#con-detail[data-contract="JG-2025-001"] #con-conditions tr[data-condition="C1"][data-state="progress"]');
    await rv.p.screenshot({ path: `${artifacts}/10-contract.png` });
    /* the reservoir's value card on the registry page: its GEP by item, its valuation, the
     * bundle it is in and the contract on it, each a link */
    const water = await (await fetch(`${url}/api/v1/bundles/ECO-2024-01`)).json();
    const wu = water.components.find(c => c.right === "ECO-W-0001").unit;
    await rv.p.goto(`${url}/#/registry/${wu}`);
    await rv.p.waitForSelector('#reg-value-gep tr[data-item="gep"]');
    const card = await rv.p.textContent("#reg-value");
    ok(/ECO-V-W/.test(card) && /ECO-2024-01/.test(card) && /HT-2024-001/.test(card) && await rv.p.$('#reg-value-contracts a[href="#/contract/HT-2024-001"]'),
       `the reservoir ${wu}'s value card: GEP 2023 by item, valuation ECO-V-W, bundle ECO-2024-01 and contract HT-2024-001, each a link`);

    ok(/✓/.test(checked), `the reviewer holds the 2023 survey against the contracts in force (${checked.trim()}): JG-2025-001's restoration shows progress`);
    await rv.ctx.close();
  }

  {
    /* the allocation-plan page (配置方案): the public reads the demo's approved plan on the map —
     * its units filled by mode, their status against the contracts as of a date; the registrar
     * revises it (industry on the red-line unit refused by the control lines first) and the
     * reviewer approves the revision, which is then the version tracked */
    const anon = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const ap = await anon.newPage();
    ap.on("pageerror", e => errors.push(`[plan, public] ${e.stack || e}`));
    await ap.goto(url + "/#/plan");
    await ap.waitForSelector('#pln-list tr[data-plan="PZ-2024-01"]');
    await ap.click('#pln-list tr[data-plan="PZ-2024-01"]');
    await ap.waitForSelector('#pln-units tr[data-unit="PU-05"][data-status]:not([data-status=""])');
    await ap.fill("#pln-asof", "2025-12-31");
    await ap.dispatchEvent("#pln-asof", "change");
    await ap.waitForFunction(() => /2025-12-31/.test(document.getElementById("pln-map-note").textContent));
    const st = await ap.$$eval("#pln-units tr[data-unit]", rs => rs.map(r => `${r.dataset.unit}:${r.dataset.status}`).join(","));
    const drawn = await ap.getAttribute("#pln-map", "data-drawn");
    const link = await ap.$('#pln-units tr[data-unit="PU-01"] a[href="#/contract/HT-2024-001"]');
    const pubForms = await ap.$("#pln-record");
    ok(st === "PU-01:on_time,PU-02:on_time,PU-03:on_time,PU-04:on_time,PU-05:overdue" && /PU-05:#1f77b4/.test(drawn) && /PU-02:#d62728/.test(drawn) && /PU-01:#2ca02c/.test(drawn) && link && !pubForms,
       `the public reads PZ-2024-01 on the map as of 2025-12-31 (${st}; drawn ${drawn}): the reservoir let on time by HT-2024-001, the red-line restoration overdue; no form`);
    await ap.screenshot({ path: `${artifacts}/11-plan.png` });
    await anon.close();
    const rg = await loginAs("reg1");
    await rg.p.goto(url + "/#/plan/PZ-2024-01");
    await rg.p.waitForSelector("#pln-revise");
    await rg.p.click("#pln-revise");
    const v2 = JSON.parse(await rg.p.inputValue("#pln-json"));
    v2.date = "2025-01-15";
    const red = v2.units.find(u => u.id === "PU-05");
    await rg.p.fill("#pln-json", JSON.stringify({ ...v2, units: v2.units.map(u => u.id === "PU-05" ? { ...u, class: "operating", use: "industrial", mode: "transfer" } : u) }));
    await rg.p.click("#pln-record-btn");
    await rg.p.waitForSelector("#pln-record-msg.error");
    const refusedP = await rg.p.textContent("#pln-record-msg");
    red.timing = "2026-12-31";
    await rg.p.fill("#pln-json", JSON.stringify(v2));
    await rg.p.click("#pln-record-btn");
    await rg.p.waitForSelector('#pln-detail [data-plan="PZ-2024-01"][data-version="2"]');
    const state2 = await rg.p.textContent("#pln-state");
    ok(v2.version === 2 && /plan\.zoning/.test(refusedP) && /(待批准|awaiting approval)/.test(state2),
       `the registrar's revision with industry in the red line is refused by its rule (${refusedP.slice(0, 60)}…); recorded as version 2, awaiting approval`);
    await rg.ctx.close();
    const rv = await loginAs("rev1");
    await rv.p.goto(url + "/#/plan/PZ-2024-01");
    await rv.p.waitForSelector("#pln-approve-btn");
    await rv.p.fill("#pln-approve-date", "2025-01-20");
    await rv.p.fill("#pln-asof", "2026-06-30");
    await rv.p.click("#pln-approve-btn");
    await rv.p.waitForSelector('#pln-list tr[data-plan="PZ-2024-01"][data-version="2"] td.ok');
    await rv.p.waitForFunction(() => /v2/.test(document.getElementById("pln-map-note").textContent));
    const red2 = await rv.p.getAttribute('#pln-units tr[data-unit="PU-05"]', "data-status");
    ok(red2 === "pending", `the reviewer approves version 2; on 2026-06-30 it is in force and the restoration unit, now due at the end of 2026, is pending (${red2})`);
    await rv.ctx.close();
  }

  {
    /* 生态补偿: the public reads the published township allocations — the map coloured by amount,
     * the table summing to the fund — and not the unpublished one; a reviewer publishes it */
    const anon = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const cp = await anon.newPage();
    cp.on("pageerror", e => errors.push(`[compensation, public] ${e.stack || e}`));
    await cp.goto(url + "/#/compensation");
    await cp.waitForSelector('#cmp-list tr[data-allocation="LS-ECO-2024"]');
    const listed = await cp.$$eval("#cmp-list tr[data-allocation]", rs => rs.map(r => r.dataset.allocation).join(","));
    await cp.click('#cmp-list tr[data-allocation="LS-ECO-2024"]');
    await cp.waitForSelector('#cmp-detail [data-allocation="LS-ECO-2024"]');
    await cp.waitForFunction(() => (document.getElementById("cmp-map").dataset.drawn || "").split(",").length === 6);
    const amounts = await cp.$$eval("#cmp-regions tr[data-region]", rs => rs.map(r => Number(r.dataset.amount)));
    const drawnC = await cp.getAttribute("#cmp-map", "data-drawn");
    const sum = (await cp.textContent("#cmp-sum")).replace(/[^0-9]/g, "");
    /* the largest amount takes the darkest class, the smallest the lightest */
    const parts = drawnC.split(",").map(x => x.split(":"));
    const max = parts.reduce((a, b) => Number(b[1]) > Number(a[1]) ? b : a), min = parts.reduce((a, b) => Number(b[1]) < Number(a[1]) ? b : a);
    ok(listed === "LS-ECO-2023,LS-ECO-2024,LSP-KEY-2024" && amounts.length === 6 && amounts.reduce((a, b) => a + b, 0) === 3000 && sum === "3000" &&
       max[2] === "#08519c" && min[2] === "#eff3ff" && !(await cp.$("#cmp-publish")),
       `the public reads the published allocations (${listed}); LS-ECO-2024 on the map by amount (${drawnC}), its six townships summing to 3,000 万元; no publish form`);
    await cp.screenshot({ path: `${artifacts}/12-compensation.png` });
    /* the province demo's transfer: its four counties on the map (the region's outlines, not the
     * county's townships), coloured by amount, the table summing to the total */
    await cp.click('#cmp-list tr[data-allocation="LSP-KEY-2024"]');
    await cp.waitForSelector('#cmp-detail [data-allocation="LSP-KEY-2024"]');
    await cp.waitForFunction(() => (document.getElementById("cmp-map").dataset.drawn || "").split(",").length === 4);
    const drawnP = (await cp.getAttribute("#cmp-map", "data-drawn")).split(",").map(x => x.split(":"));
    const pAmounts = await cp.$$eval("#cmp-regions tr[data-region]", rs => rs.map(r => Number(r.dataset.amount)));
    const pSum = Number((await cp.textContent("#cmp-sum")).replace(/[^0-9]/g, ""));
    const pTotal = Number((await cp.textContent("#cmp-state")).match(/(?:合计|[Tt]otal)\s*([0-9,]+)/)[1].replace(/,/g, ""));
    /* four regions, four classes: the largest the fourth, the smallest the first */
    const pMax = drawnP.reduce((a, b) => Number(b[1]) > Number(a[1]) ? b : a), pMin = drawnP.reduce((a, b) => Number(b[1]) < Number(a[1]) ? b : a);
    ok(drawnP.every(x => /^3399\d\d$/.test(x[0])) && pAmounts.length === 4 && pAmounts.reduce((a, b) => a + b, 0) === pSum && pSum === pTotal &&
       pMax[2] === "#3182bd" && pMin[2] === "#eff3ff",
       `the region's transfer LSP-KEY-2024 drawn over its four counties (${drawnP.map(x => x.join(":")).join(",")}), summing to its total ${pTotal} 万元`);
    await cp.screenshot({ path: `${artifacts}/12b-compensation-counties.png` });
    /* the public reads closed damage cases only, on the map */
    await cp.goto(url + "/#/damage");
    await cp.waitForSelector("#dmg-list tr[data-case]");
    const pubCases = await cp.$$eval("#dmg-list tr[data-case]", rs => rs.map(r => r.dataset.state));
    await cp.click("#dmg-list tr[data-case]");
    await cp.waitForSelector("#dmg-detail [data-case]");
    await cp.waitForFunction(() => /damage:(Multi)?Polygon/.test(document.getElementById("dmg-map").dataset.drawn || ""));
    const hist = await cp.$$eval("#dmg-history tr[data-action]", rs => rs.map(r => r.dataset.action).join(","));
    ok(pubCases.length === 1 && pubCases[0] === "closed" && /paid/.test(hist) && await cp.$("#dmg-valuations tr[data-method=restoration_cost]") && !(await cp.$("#dmg-act")),
       `the public reads the one closed damage case, its changed area on the map, its history (${hist}) and valuation; no action form`);
    await cp.screenshot({ path: `${artifacts}/13-damage.png` });
    await anon.close();
    const rv = await loginAs("rev1");
    rv.p.on("pageerror", e => errors.push(`[compensation, reviewer] ${e.stack || e}`));
    await rv.p.goto(url + "/#/compensation/LS-ECO-2025");
    await rv.p.waitForSelector("#cmp-publish-btn");
    await rv.p.fill("#cmp-publish-date", "2025-03-31");
    await rv.p.click("#cmp-publish-btn");
    await rv.p.waitForSelector('#cmp-list tr[data-allocation="LS-ECO-2025"] td.ok');
    const pstate = await rv.p.textContent("#cmp-state");
    ok(/rev1/.test(pstate), `the reviewer publishes LS-ECO-2025, recorded by another (${pstate.slice(-30)})`);
    /* a lead on basic farmland: the reviewer opens the case with the screening decision */
    await rv.p.goto(url + "/#/damage");
    await rv.p.waitForSelector('#dmg-list tr[data-case^="DC-2025"][data-state="lead"]');
    const lead = await rv.p.$eval('#dmg-list tr[data-case^="DC-2025"][data-state="lead"]', r => r.dataset.case);
    await rv.p.click(`#dmg-list tr[data-case="${lead}"]`);
    await rv.p.waitForSelector("#dmg-act-btn");
    await rv.p.selectOption("#dmg-action", "open");
    await rv.p.click("#dmg-act-btn");
    await rv.p.waitForSelector("#dmg-msg.error");
    const refusedD = await rv.p.textContent("#dmg-msg");
    await rv.p.fill('#dmg-docs textarea[data-kind="screening_decision"]', "经筛查，该线索属实，予以立案。");
    await rv.p.click("#dmg-act-btn");
    await rv.p.waitForSelector(`#dmg-detail [data-case="${lead}"][data-state="investigating"]`);
    const docs = await rv.p.$$eval("#dmg-documents tr td.code", ts => ts.length);
    ok(/damage\.document/.test(refusedD) && docs === 1,
       `the reviewer opens ${lead}: without its screening decision refused by its rule (${refusedD.slice(0, 50)}…), with it the case is under investigation and the decision kept by its hash`);
    await rv.ctx.close();
  }

  /* a phone: 390 × 844 */
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const pp = await phone.newPage();
  const bad = [];
  pp.on("response", r => { if (r.url().includes("/api/v1/layers/") && r.status() >= 400) bad.push(`${r.status()} ${r.url()}`); });
  pp.on("pageerror", e => bad.push(String(e)));
  await pp.goto(url + "/#/map");
  await pp.waitForFunction(() => document.querySelector("#map-main canvas"));
  await pp.waitForTimeout(1000);
  const mw = await pp.evaluate(() => document.getElementById("map-main").getBoundingClientRect().width);
  const hh = await pp.evaluate(() => document.querySelector("header").getBoundingClientRect().height);
  ok(mw >= 360, `on a phone the map is full width (${mw} px of 390)`);
  ok(hh <= 120, `the header stays compact (${hh} px high)`);
  ok(bad.length === 0, `no layer request refused on the phone${bad.length ? ": " + bad.join("; ") : ""}`);
  await pp.tap("#menu-btn");
  ok(await pp.isVisible("header nav a[data-page=check]"), "the menu button opens the menu");
  await pp.screenshot({ path: `${artifacts}/6-phone.png` });
  await phone.close();
} catch (e) {
  ok(false, "the walk-through ran: " + e);
  await page.screenshot({ path: `${artifacts}/failure.png` }).catch(() => {});
}
if (errors.length) fs.writeFileSync(`${artifacts}/errors.txt`, errors.join("\n\n"));
await browser.close();
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
