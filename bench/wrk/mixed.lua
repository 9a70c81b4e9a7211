-- The mixed load: health, a map view, a compliance check and a unit lookup in turn.
math.randomseed(2)
local token = os.getenv("LS_TOKEN")
local auth = { ["Authorization"] = "Bearer " .. token }
local w, s, e, n = tonumber(os.getenv("LS_W")), tonumber(os.getenv("LS_S")), tonumber(os.getenv("LS_E")), tonumber(os.getenv("LS_N"))
local bodies, codes = {}, {}
for line in io.lines(os.getenv("LS_BODIES")) do bodies[#bodies + 1] = line end
for line in io.lines(os.getenv("LS_CODES")) do codes[#codes + 1] = line end
local k = 0
request = function()
  k = k + 1
  local r = k % 4
  if r == 0 then
    return wrk.format("GET", "/api/v1/health")
  elseif r == 1 then
    local x = w + math.random() * (e - w - 0.0103)
    local y = s + math.random() * (n - s - 0.009)
    return wrk.format("GET", string.format("/api/v1/layers/landuse_patch/features?bbox=%.6f,%.6f,%.6f,%.6f&limit=5000&simplify=1", x, y, x + 0.0103, y + 0.009), auth)
  elseif r == 2 then
    return wrk.format("POST", "/api/v1/checks", { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, bodies[k % #bodies + 1])
  else
    return wrk.format("GET", "/api/v1/registry/units/" .. codes[k % #codes + 1], auth)
  end
end
