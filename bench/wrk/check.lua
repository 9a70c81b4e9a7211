-- POST a compliance check of a 50-vertex footprint (bodies prepared by bench/server.sh, one
-- per line of LS_BODIES, used in turn), as a logged-in reviewer.
local token = os.getenv("LS_TOKEN")
local bodies = {}
for line in io.lines(os.getenv("LS_BODIES")) do bodies[#bodies + 1] = line end
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/checks",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, bodies[i])
end
