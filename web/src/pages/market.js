/* The trading hall (交易大厅, #/market[/INSTRUMENT]): the venue's instruments with their
 * reference and last price; an instrument's book as a table and a depth chart, its trades as
 * a price chart and a list (price, lots and time: who traded is not published). A trader acting
 * for a party sees that party's money, units and orders, places orders and cancels its own;
 * the trading centre records deposits. Posted quotes (挂牌协议) sit beside the book and any
 * trader may take them; a trader posts its own, or offers a named buyer a block (大宗协议).
 * Listings are 挂牌 (bid forms, then perhaps an on-site auction), sealed tenders (招标) or
 * uniform-price auctions, of indicator units or of one registry right; a sealed bid's price is
 * never shown. The book, the trades and the listings are read again as the server reports
 * changes (server-sent events).
 * Prices are fen per lot on the wire and yuan on the page. */
import { fmt, h } from "../dom.js";
import { LANG, t } from "../i18n.js";
import { api, can, errorText, state } from "../session.js";

const yuan = fen => fmt(fen / 100, 2);
/* a refusal names its rule (the venue's message starts "rule order.band: …") */
function refusal(r) {
  const e = r && r.json && r.json.error, m = e && /rule ([a-z_]+\.[a-z_]+)/.exec(e.message || "");
  if (!e || e.code !== "refused" || !m) return errorText(r);
  return `${t("mkt.refused")} ${m[1]}: ${e.message.replace(/^.*?rule [a-z_.]+: /, "")}`;
}
/* the venue's day and clock in China Standard Time, whatever the browser's zone */
function beijingNow() {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date()).reduce((o, x) => (o[x.type] = x.value, o), {});
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

/* "2024-07-15T17:00:00" (Beijing) to now: "3 天 04:12" / "3 d 04:12", or "" once past */
function countdown(close, now) {
  const end = Date.parse(close + "+08:00"), left = Math.floor((end - now) / 1000);
  if (!(left > 0)) return "";
  const d = Math.floor(left / 86400), hh = String(Math.floor(left % 86400 / 3600)).padStart(2, "0"), mm = String(Math.floor(left % 3600 / 60)).padStart(2, "0");
  return `${d} ${t("mkt.days")} ${hh}:${mm}`;
}

export default async function marketPage(main, wanted) {
  const list = h("ul", { class: "results", id: "mkt-instruments" });
  const listingsEl = h("div", { id: "mkt-listings" });
  const head = h("div", { id: "mkt-head" });
  const bookEl = h("div", { id: "mkt-book" });
  const quotesEl = h("div", { id: "mkt-quotes" });
  const depth = h("div", { class: "chart", id: "mkt-depth", style: "height:240px" });
  const prices = h("div", { class: "chart", id: "mkt-prices", style: "height:200px" });
  const tradesEl = h("div", { id: "mkt-trades" });
  const party = state.user && state.user.party;
  const mine = party && can("market.trade") ? h("div", { class: "panel", id: "mkt-mine" }) : null;
  const centre = can("market.operate") ? h("div", { class: "panel", id: "mkt-centre" }) : null;
  main.append(h("div", { class: "two" },
    h("div", {}, h("div", { class: "panel" }, h("h3", {}, t("mkt.instruments")), list), mine, centre,
      h("div", { class: "panel" }, h("h3", {}, t("mkt.listings")), listingsEl)),
    h("div", { class: "page" },
      h("div", { class: "panel" }, head, h("h3", {}, t("mkt.book")), depth, bookEl, h("h4", {}, t("mkt.quotes")), quotesEl),
      h("div", { class: "panel" }, h("h3", {}, t("mkt.trades")), prices, tradesEl))));

  const rl = await api("GET", "/api/v1/market/rules");
  const rules = Object.fromEntries(((rl.json && rl.json.classes) || []).map(c => [c.account, c]));
  const lotName = account => { const c = rules[account]; return c ? (LANG === "zh" ? c.lot_zh : c.lot_en).replace(/（.*）| \(.*\)/, "") : ""; };
  const r = await api("GET", "/api/v1/market/instruments");
  const instruments = (r.json && r.json.instruments) || [];
  if (r.status !== 200) list.append(h("li", { class: "error" }, errorText(r)));
  if (!instruments.length) list.append(h("li", { class: "muted" }, t("mkt.none")));
  const byId = Object.fromEntries(instruments.map(x => [x.instrument, x]));
  let current = byId[wanted] ? wanted : (instruments[0] && instruments[0].instrument);
  for (const x of instruments)
    list.append(h("li", { "data-instrument": x.instrument, onclick: () => { location.hash = `#/market/${encodeURIComponent(x.instrument)}`; } },
      h("b", {}, x.instrument), ` ${x.account} · ${LANG === "zh" ? x.lot_zh : x.lot_en} · ${t("mkt.ref")} ¥${yuan(x.reference_price)}`,
      x.last_price ? ` · ${t("mkt.last")} ¥${yuan(x.last_price)}` : ""));
  const depthChart = window.echarts ? echarts.init(depth) : null;
  const priceChart = window.echarts ? echarts.init(prices) : null;

  async function loadBook() {
    if (!current) return;
    const b = await api("GET", `/api/v1/market/instruments/${encodeURIComponent(current)}/book?depth=20`);
    if (b.status !== 200) { bookEl.replaceChildren(h("p", { class: "error" }, errorText(b))); return; }
    const x = byId[current], bk = b.json;
    head.replaceChildren(h("h3", {}, `${current} · ${x.account}`),
      h("p", {}, `${t("mkt.ref")} ¥${yuan(bk.reference_price)} ± ${x.band_pct} % · ${t("mkt.last")} `,
        h("b", { id: "mkt-last" }, bk.last_price ? `¥${yuan(bk.last_price)}` : "—"), ` · ${t("mkt.lot")} ${bk.lot} (${LANG === "zh" ? x.lot_zh : x.lot_en}) · ${t("mkt.fee")} ${x.fee_bps / 100} %`),
      bk.mode === "call" ? h("p", { id: "mkt-indicative" }, `${t("mkt.mode.call")} · ${t("mkt.indicative")} `,
        h("b", {}, bk.indicative.price ? `¥${yuan(bk.indicative.price)} × ${fmt(bk.indicative.lots, 0)} ${t("mkt.lots")}` : "—")) : "");
    const row = (side, l) => h("tr", { "data-side": side, "data-price": l.price }, h("td", { class: side }, t("mkt." + side)), h("td", { class: "num" }, yuan(l.price)), h("td", { class: "num" }, fmt(l.lots, 0)), h("td", { class: "num" }, fmt(l.orders, 0)));
    bookEl.replaceChildren(bk.asks.length || bk.bids.length ? h("table", { id: "mkt-book-table" },
      h("tr", {}, h("th", {}, ""), h("th", {}, t("mkt.price")), h("th", {}, t("mkt.lots")), h("th", {}, t("mkt.orders"))),
      [...bk.asks].reverse().map(l => row("ask", l)), bk.bids.map(l => row("bid", l))) : h("p", { class: "muted" }, t("mkt.empty")));
    /* depth: what is bid at or above each price, and offered at or below it, as steps from
     * the best price outward (each side drawn one tick past its last level) */
    const tick = x.tick / 100;
    let cum = 0;
    const bids = bk.bids.map(l => [l.price / 100, cum += l.lots]);
    if (bids.length) { bids.unshift([bids[0][0], 0]); bids.push([bids[bids.length - 1][0] - tick, cum]); }
    cum = 0;
    const asks = bk.asks.map(l => [l.price / 100, cum += l.lots]);
    if (asks.length) { asks.unshift([asks[0][0], 0]); asks.push([asks[asks.length - 1][0] + tick, cum]); }
    depth.dataset.levels = String(bk.bids.length + bk.asks.length);
    quotesEl.replaceChildren(bk.quotes.length ? h("table", {}, bk.quotes.map(q => {
      const lots = h("input", { class: "q-lots", type: "number", min: 1, step: 1, size: 5, value: q.lots_left });
      const taker = party && can("market.trade") && q.seller !== party ? h("td", {}, lots, " ",
        h("button", { class: "q-take", onclick: () => quoteAct("take", { instrument: q.instrument, quote: q.quote, units: Number(lots.value) * bk.lot }) }, t("mkt.take"))) : h("td", {}, "");
      return h("tr", { "data-quote": q.quote, "data-left": q.lots_left }, h("td", {}, `#${q.quote}`), h("td", {}, `${t("mkt.seller")} ${q.seller}`), h("td", { class: "num" }, `¥${yuan(q.price)}`),
        h("td", { class: "num" }, `${fmt(q.lots_left, 0)} ${t("mkt.lots")}`), h("td", { class: "muted" }, `${t("mkt.expires")} ${q.expires}`), taker);
    })) : h("p", { class: "muted" }, t("mkt.noquotes")));
    if (depthChart) depthChart.setOption({ animation: false, tooltip: { trigger: "axis" }, grid: { left: 50, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "value", scale: true, name: "¥" }, yAxis: { type: "value", name: t("mkt.lots") },
      series: [{ name: t("mkt.bid"), type: "line", step: "start", showSymbol: false, areaStyle: { opacity: 0.25 }, color: "#389e0d", data: bids },
        { name: t("mkt.ask"), type: "line", step: "start", showSymbol: false, areaStyle: { opacity: 0.25 }, color: "#cf1322", data: asks }] }, true);
  }

  async function loadTrades() {
    if (!current) return;
    const tr = await api("GET", `/api/v1/market/instruments/${encodeURIComponent(current)}/trades`);
    if (tr.status !== 200) { tradesEl.replaceChildren(h("p", { class: "error" }, errorText(tr))); return; }
    const ts = tr.json.trades;
    prices.dataset.trades = String(ts.length);
    if (priceChart) priceChart.setOption({ animation: false, tooltip: { trigger: "axis" }, grid: { left: 50, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "category", data: ts.map(x => `${x.date} ${x.time}`) }, yAxis: { type: "value", scale: true, name: "¥" },
      series: [{ type: "line", data: ts.map(x => x.price / 100), color: "#1f6f4a" }] }, true);
    tradesEl.replaceChildren(ts.length ? h("table", { id: "mkt-trades-table" },
      h("tr", {}, h("th", {}, "#"), h("th", {}, t("mkt.time")), h("th", {}, t("mkt.mode")), h("th", {}, t("mkt.price")), h("th", {}, t("mkt.lots")), h("th", {}, t("mkt.amount"))),
      [...ts].reverse().slice(0, 50).map(x => h("tr", { "data-mode": x.mode }, h("td", {}, String(x.trade_no)), h("td", {}, `${x.date} ${x.time}`), h("td", {}, t("mkt.mode." + x.mode)), h("td", { class: "num" }, yuan(x.price)), h("td", { class: "num" }, fmt(x.lots, 0)), h("td", { class: "num" }, yuan(x.amount)))))
      : h("p", { class: "muted" }, t("mkt.notrades")));
  }

  /* a trader's quote, take or withdrawal, answered in the account panel */
  let quoteSaid = null;
  async function quoteAct(type, body) {
    const now = beijingNow();
    const q = await api("POST", `/api/v1/market/accounts/${encodeURIComponent(party)}/requests`, { type, date: now.date, time: now.time, party, ...body });
    quoteSaid = q.status === 201 ? { cls: "ok", text: `✓ #${q.json.recorded[0]}${q.json.results[0].trades ? ` · ${q.json.results[0].trades.length} ${t("mkt.filled")}` : ""}` } : { cls: "error", text: refusal(q) };
    await refresh();
  }

  async function loadMine() {
    if (!mine) return;
    const a = await api("GET", `/api/v1/market/accounts/${encodeURIComponent(party)}`);
    if (a.status !== 200) { mine.replaceChildren(h("p", { class: "error" }, errorText(a))); return; }
    const acc = a.json, x = byId[current];
    const side = h("select", { id: "mkt-side" }, ["buy", "sell"].map(s => h("option", { value: s }, t("mkt." + (s === "buy" ? "bid" : "ask")))));
    const price = h("input", { id: "mkt-price", type: "number", min: 0.01, step: 0.01, size: 8, value: x ? (x.last_price || x.reference_price) / 100 : "" });
    const lots = h("input", { id: "mkt-lots", type: "number", min: 1, step: 1, size: 6, value: 1 });
    const ioc = h("input", { id: "mkt-ioc", type: "checkbox" });
    const msg = h("p", { id: "mkt-msg" });
    async function send(e) {
      e.preventDefault();
      const now = beijingNow();
      const req = { type: "order", date: now.date, time: now.time, instrument: current, party, side: side.value,
        price: Math.round(Number(price.value) * 100), units: Number(lots.value) * (x ? x.lot : 1), time_in_force: ioc.checked ? "IOC" : "GTC" };
      const o = await api("POST", `/api/v1/market/accounts/${encodeURIComponent(party)}/requests`, req);
      if (o.status !== 201) { msg.className = "error"; msg.textContent = refusal(o); return; }
      const res = o.json.results[0];
      await refresh();
      const done = document.getElementById("mkt-msg");
      done.className = "ok";
      done.textContent = `✓ #${res.order.id}: ${t("mkt.state." + res.order.state)}${res.trades.length ? ` · ${res.trades.length} ${t("mkt.filled")}` : ""}`;
    }
    async function cancel(o) {
      const now = beijingNow();
      const c = await api("POST", `/api/v1/market/accounts/${encodeURIComponent(party)}/requests`, { type: "cancel", date: now.date, time: now.time, instrument: o.instrument, party, order: o.order });
      if (c.status !== 201) { msg.className = "error"; msg.textContent = refusal(c); return; }
      await refresh();
    }
    const open = acc.orders.filter(o => o.state === "resting");
    const qprice = h("input", { id: "mkt-q-price", type: "number", min: 0.01, step: 0.01, size: 8, value: x ? (x.last_price || x.reference_price) / 100 : "" });
    const qlots = h("input", { id: "mkt-q-lots", type: "number", min: 1, step: 1, size: 6, value: 1 });
    const qbuyer = h("input", { id: "mkt-q-buyer", placeholder: t("mkt.buyer"), size: 14 });
    const qmsg = h("p", { id: "mkt-q-msg", class: quoteSaid ? quoteSaid.cls : "" }, quoteSaid ? quoteSaid.text : "");
    const quoteForm = h("form", { id: "mkt-quote-form", onsubmit: e => { e.preventDefault();
      quoteAct("quote", { instrument: current, price: Math.round(Number(qprice.value) * 100), units: Number(qlots.value) * (x ? x.lot : 1), ...(qbuyer.value ? { buyer: qbuyer.value } : {}) }); } },
      h("label", {}, "¥", qprice), " ", h("label", {}, qlots, ` ${t("mkt.lots")}`), " ", qbuyer, " ", h("button", { id: "mkt-q-go" }, t("mkt.quote")));
    const myq = (acc.quotes || []).filter(q => q.state === "open");
    const quoteRows = myq.length ? h("table", { id: "mkt-myquotes" }, myq.map(q => h("tr", { "data-quote": q.quote, "data-kind": q.kind },
      h("td", {}, `#${q.quote} ${q.instrument}`), h("td", {}, t("mkt.mode." + q.kind) + (q.buyer ? ` → ${q.buyer}` : "")), h("td", { class: "num" }, yuan(q.price)),
      h("td", { class: "num" }, `${fmt(q.lots_left, 0)}/${fmt(q.lots, 0)}`),
      h("td", {}, q.seller === party ? h("button", { class: "q-unquote", onclick: () => quoteAct("unquote", { instrument: q.instrument, quote: q.quote }) }, t("mkt.unquote"))
        : h("button", { class: "q-take", onclick: () => quoteAct("take", { instrument: q.instrument, quote: q.quote }) }, t("mkt.take")))))) : "";
    const units = Object.entries((acc.holdings && acc.holdings.accounts) || {}).map(([k, v]) => `${k} ${fmt(v.active, 0)}`).join(" · ");
    mine.replaceChildren(h("h3", {}, `${t("mkt.mine")} (${party})`),
      h("p", { id: "mkt-funds" }, `${t("mkt.available")} ¥${yuan(acc.funds.available)} · ${t("mkt.held")} ¥${yuan(acc.funds.held)}`),
      h("p", { class: "muted" }, `${t("mkt.units")}: ${units || "—"}`),
      h("form", { id: "mkt-form", onsubmit: send }, side, " ", h("label", {}, "¥", price), " ", h("label", {}, lots, ` ${t("mkt.lots")}`), " ",
        h("label", {}, ioc, " IOC"), " ", h("button", { class: "primary", id: "mkt-go" }, t("mkt.place"))), msg,
      h("h4", {}, t("mkt.open")),
      open.length ? h("table", { id: "mkt-orders" }, open.map(o => h("tr", { "data-order": o.order },
        h("td", {}, `#${o.order} ${o.instrument}`), h("td", {}, t("mkt." + (o.side === "buy" ? "bid" : "ask"))), h("td", { class: "num" }, yuan(o.price)),
        h("td", { class: "num" }, `${fmt(o.lots_left, 0)}/${fmt(o.lots, 0)}`), h("td", {}, h("button", { class: "mkt-cancel", onclick: () => cancel(o) }, t("mkt.cancel"))))))
        : h("p", { class: "muted" }, t("mkt.noorders")),
      h("h4", {}, t("mkt.myquotes")), quoteForm, qmsg, quoteRows);
  }

  function loadCentre() {
    if (!centre) return;
    const who = h("input", { id: "mkt-dep-party", placeholder: t("mkt.party"), size: 10 });
    const amount = h("input", { id: "mkt-dep-amount", type: "number", min: 0.01, step: 0.01, size: 10 });
    const ref = h("input", { id: "mkt-dep-ref", placeholder: t("mkt.bankref"), size: 12 });
    const msg = h("p", { id: "mkt-dep-msg" });
    centre.replaceChildren(h("h3", {}, t("mkt.centre")), h("form", { id: "mkt-dep-form", onsubmit: async e => {
      e.preventDefault();
      const r = await api("POST", "/api/v1/market/requests", { type: "deposit", date: beijingNow().date, party: who.value, amount: Math.round(Number(amount.value) * 100), bank_ref: ref.value });
      msg.className = r.status === 201 ? "ok" : "error";
      msg.textContent = r.status === 201 ? `✓ ${t("mkt.deposited")} #${r.json.recorded[0]}` : refusal(r);
    } }, who, " ¥", amount, " ", ref, " ", h("button", { class: "primary" }, t("mkt.deposit"))), msg);
  }

  /* 挂牌 notices: each lot with its period and countdown, deposit and displayed price; a
   * trader registers (the deposit is held) and files bid forms, or bids at the on-site auction */
  const said = {}; /* the last answer per listing, kept across the refreshes */
  async function loadListings() {
    const r = await api("GET", "/api/v1/market/listings");
    if (r.status !== 200) { listingsEl.replaceChildren(h("p", { class: "error" }, errorText(r))); return; }
    const rows = [];
    for (const l of r.json.listings) {
      const left = countdown(l.state === "auction" ? l.auction_close : l.close, Date.now());
      const msg = h("p", { class: "lst-msg" + (said[l.listing] ? " " + said[l.listing].cls : "") }, said[l.listing] ? said[l.listing].text : "");
      const sealed = l.mode !== "listing", lot = lotName(l.account);
      const price = h("input", { class: "lst-price", type: "number", min: 0.01, step: 0.01, size: 10,
        value: ((!sealed && l.bids ? l.current_price + l.increment : l.start_price) / 100).toFixed(2) });
      const want = h("input", { class: "lst-units", type: "number", min: 1, max: l.lots, step: 1, size: 5, value: l.lots });
      async function act(type, body) {
        const now = beijingNow();
        const req = { type, date: now.date, time: now.time, listing: l.listing, party, ...body };
        const a = await api("POST", `/api/v1/market/accounts/${encodeURIComponent(party)}/requests`, req);
        said[l.listing] = a.status === 201 ? { cls: "ok", text: `✓ #${a.json.recorded[0]}` } : { cls: "error", text: refusal(a) };
        await Promise.all([loadListings(), loadMine()]);
      }
      const open = l.state === "listed" || l.state === "auction";
      const actions = party && can("market.trade") && open ? h("div", {},
        l.state === "listed" ? h("button", { class: "lst-register", onclick: () => act("register", {}) }, t("mkt.register")) : "", " ",
        h("label", {}, "¥", price, ` / ${lot}`), " ",
        l.mode === "uniform" ? h("label", {}, want, ` ${t("mkt.bidunits")} `) : "",
        h("button", { class: "primary lst-bid", onclick: () => act(l.state === "auction" ? "auction_bid" : "bid", { price: Math.round(Number(price.value) * 100),
          ...(l.mode === "uniform" ? { units: Number(want.value) * (l.units / l.lots) } : {}) }) },
          t(l.state === "auction" ? "mkt.auctionbid" : sealed ? "mkt.sealedbid" : "mkt.bidform")), msg) : "";
      rows.push(h("div", { class: "listing", "data-listing": l.listing, "data-state": l.state, "data-mode": l.mode },
        h("p", {}, h("b", {}, l.listing), l.bundle ? h("span", {}, ` ${t("mkt.bundle")} `, h("a", { class: "lst-bundle", href: `#/bundle/${encodeURIComponent(l.bundle)}` }, l.bundle), " · ")
          : l.right ? ` ${t("mkt.right")} ${l.right} · ` : ` ${l.account} · ${fmt(l.lots, 0)} ${lot} · `,
          l.max_grade ? `${t("mkt.grade")} 1–${l.max_grade} · ` : "", h("span", { class: "badge lst-mode" }, t("mkt.mode." + l.mode)), " ",
          h("span", { class: "badge lst-state" }, t("mkt.lst." + l.state))),
        h("p", { class: "muted" }, `${t("mkt.start")} ¥${yuan(l.start_price)}${sealed ? "" : ` · ${t("mkt.step")} ¥${yuan(l.increment)}`} · ${t("mkt.depositamt")} ¥${yuan(l.deposit)}`),
        h("p", { class: "muted" }, `${t("mkt.period")} ${l.open.replace("T", " ")} – ${l.close.replace("T", " ")}${left ? ` · ${t("mkt.left")} ${left}` : ""}`),
        open && !sealed ? h("p", {}, `${t("mkt.shown")} `, h("b", { class: "lst-current" }, l.bids ? `¥${yuan(l.current_price)}` : "—"), ` · ${l.bids} ${t("mkt.forms")}`) : "",
        open && sealed ? h("p", { class: "muted lst-sealed" }, `${t("mkt.sealednote")} · ${l.bids} ${t("mkt.forms")}`) : "",
        l.result ? h("p", { class: "lst-result" }, l.result.winner ? `${t("mkt.won")} ${l.result.winner} · ¥${yuan(l.result.price)} / ${lot}`
          : `${t("mkt.winners")} ${l.result.winners.map(w => `${w.party} ${w.lots}`).join(", ")} · ¥${yuan(l.result.price)} / ${lot}`) : "",
        actions));
    }
    listingsEl.replaceChildren(...(rows.length ? rows : [h("p", { class: "muted" }, t("mkt.nolistings"))]));
  }

  async function refresh() { await Promise.all([loadBook(), loadTrades(), loadMine(), loadListings()]); }
  loadCentre();
  await refresh();
  /* the book, the trades and the listings as others trade: the server pushes what changed
   * (server-sent events, /api/v1/market/events) and the page reads again what it shows; the
   * countdowns tick every 30 s */
  let live = null, pending = null;
  const need = new Set();
  const stop = () => { if (live) live.close(); clearInterval(timer); };
  const timer = setInterval(() => { if (!main.isConnected) { stop(); return; } loadListings(); }, 30000);
  if (window.EventSource) {
    live = new EventSource("/api/v1/market/events");
    live.addEventListener("hello", () => { main.dataset.live = "sse"; });
    live.addEventListener("market", ev => {
      if (!main.isConnected) { stop(); return; }
      const what = JSON.parse(ev.data);
      if (what.listing) need.add("listings");
      else if (!what.instrument || what.instrument === current) need.add("book");
      if (mine && what.type !== "instrument") need.add("mine");
      /* a burst of events is read once */
      clearTimeout(pending);
      pending = setTimeout(() => {
        if (need.has("book")) { loadBook(); loadTrades(); }
        if (need.has("listings")) loadListings();
        if (need.has("mine")) loadMine();
        need.clear();
      }, 100);
    });
  } else
    setInterval(() => { if (main.isConnected) { loadBook(); loadTrades(); loadListings(); } }, 3000);
}
