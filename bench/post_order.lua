-- POST /v1/order with a fresh reference each time (every request creates an order).
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
end

local function uuid()
  return string.format("%08x-%04x-4%03x-%04x-%012x",
    math.random(0, 0xffffffff), math.random(0, 0xffff), math.random(0, 0xfff),
    0x8000 + math.random(0, 0x3fff), math.random(0, 0xffffffffffff))
end

request = function()
  counter = counter + 1
  local body = '{"reference":"' .. uuid() .. '","productCode":"SKU-BOOK-001","quantity":' .. (counter % 9 + 1) ..
      ',"amount":"19.99","currency":"EUR","customerId":"bench-' .. tid .. '"}'
  return wrk.format("POST", "/v1/order", { ["Content-Type"] = "application/json" }, body)
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT non2xx=%d errors=%d\n", non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
