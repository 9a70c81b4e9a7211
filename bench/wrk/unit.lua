-- GET one registration unit with its rights by layer, codes of LS_CODES in turn.
local token = os.getenv("LS_TOKEN")
local codes = {}
for line in io.lines(os.getenv("LS_CODES")) do codes[#codes + 1] = line end
local i = 0
request = function()
  i = i % #codes + 1
  return wrk.format("GET", "/api/v1/registry/units/" .. codes[i], { ["Authorization"] = "Bearer " .. token })
end
