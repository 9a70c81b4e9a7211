-- POST one order on CCS-33 for each trader of LS_TOKENS ("P0=token,P1=token,…") in turn: a
-- buy or a sell of 1–3 t at 79.90–80.10 yuan, so about half of them cross and trade. The
-- server runs with `--market-clock requests`: every order is dated 2025-07-01 10:00:00.
local traders = {}
for party, token in string.gmatch(os.getenv("LS_TOKENS"), "([^=,]+)=([^,]+)") do
  traders[#traders + 1] = { party = party, token = token }
end
local i = 0
request = function()
  i = i + 1
  local t = traders[i % #traders + 1]
  local side = ((i * 7) % 3 == 0 or (i * 5) % 4 == 1) and "buy" or "sell"
  local body = string.format('{"type":"order","date":"2025-07-01","time":"10:00:00",' ..
    '"instrument":"CCS-33","party":"%s","side":"%s","price":%d,"units":%d}',
    t.party, side, 7990 + (i * 13) % 21, 1000 * (1 + (i * 11) % 3))
  return wrk.format("POST", "/api/v1/market/accounts/" .. t.party .. "/requests",
    { ["Authorization"] = "Bearer " .. t.token, ["Content-Type"] = "application/json" }, body)
end
