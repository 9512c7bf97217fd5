-- GET /v1/order?reference=… over references that exist (read from the file in REFS).
local refs = {}

function init(args)
  for line in io.lines(os.getenv("REFS")) do
    refs[#refs + 1] = line
  end
  math.randomseed(os.time())
end

request = function()
  return wrk.format("GET", "/v1/order?reference=" .. refs[math.random(1, #refs)])
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT non2xx=%d errors=%d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
