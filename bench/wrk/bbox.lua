-- GET features of the survey patches in a 1 km map view (zoom ~15) at a random place of the
-- county (fixed seed), logged in: what the map page asks when a user pans.
math.randomseed(1)
local token = os.getenv("LS_TOKEN")
local w, s, e, n = tonumber(os.getenv("LS_W")), tonumber(os.getenv("LS_S")), tonumber(os.getenv("LS_E")), tonumber(os.getenv("LS_N"))
local dx, dy = 0.0103, 0.009 -- about 1 km at 28.8 N
request = function()
  local x = w + math.random() * (e - w - dx)
  local y = s + math.random() * (n - s - dy)
  local path = string.format("/api/v1/layers/landuse_patch/features?bbox=%.6f,%.6f,%.6f,%.6f&limit=5000&simplify=1",
    x, y, x + dx, y + dy)
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
