-- wrk script of make bench: the threads take turns along a request file, one
-- request per line: METHOD <tab> PATH <tab> SESSION <tab> BODY. Arguments:
-- the file, the CSRF token, the origin, the number of threads, and the line to
-- start from (the previous runs' requests are not sent again: each write is new).
-- At the end, prints the figures as one line of JSON for scripts/bench.py.

counter = 1  -- global: done() reads it through thread:get
local step = 1
local threads = {}
local requests = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local method, path, session, body = line:match("^(%u+)\t([^\t]+)\t([^\t]*)\t(.*)$")
    local headers = {
      ["Accept-Encoding"] = "gzip",
      ["X-Forwarded-Proto"] = "https",
    }
    if method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      headers["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. args[2]
      headers["Origin"] = args[3]
      headers["Referer"] = args[3] .. path
      body = body .. "csrfmiddlewaretoken=" .. args[2]
    else
      body = nil
    end
    table.insert(requests, wrk.format(method, path, headers, body))
  end
  -- Thread k sends lines start + k, start + k + threads, …: never the same write twice.
  step = tonumber(args[4])
  counter = tonumber(args[5]) + tid
end

function request()
  local r = requests[counter % #requests + 1]
  counter = counter + step
  return r
end

function done(summary, latency, requests)
  -- The furthest line any thread reached: the next run starts after it.
  local furthest = 0
  for _, thread in ipairs(threads) do
    furthest = math.max(furthest, thread:get("counter"))
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "next": %d}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, furthest))
end
