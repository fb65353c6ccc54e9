-- Seeded points over the demo district, a different one each request.
math.randomseed(42)
request = function()
  local lon = 101.686 + math.random() * 0.073
  local lat = 26.553 + math.random() * 0.050
  return wrk.format("GET", string.format("/locate?lon=%.6f&lat=%.6f", lon, lat))
end
