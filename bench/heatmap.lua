-- Heat maps over the demo district: 500 m hexagons, a different category each request.
local categories = {"water", "property", "noise", "roads", "sanitation", "drainage"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/heatmap?bin=hex&size=500&category=" .. categories[n % #categories + 1])
end
