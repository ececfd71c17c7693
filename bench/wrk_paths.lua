-- wrk script for bench/bench_http.py: GET the paths listed in $PATHS_FILE in turn.
--
-- Each wrk thread starts at its own place in the list, so that concurrent
-- connections ask for different pages. With BUST=1 every request gets a unique
-- query parameter, which the public pages' cache keys include: every request
-- then builds its page (the "uncached" rows of docs/PERFORMANCE.md). The
-- parameter starts with $RUN, which the harness makes new for every wrk run:
-- without it each run asked again for the URLs of the runs before it, which the
-- shared cache still held (the third of three "uncached" runs was mostly cached).
-- `done` prints one JSON line the harness reads: wrk's own summary has no p95.

local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if line ~= "" then
    paths[#paths + 1] = line
  end
end
local bust = os.getenv("BUST") == "1"
local run = os.getenv("RUN") or ""
local counter = 0
local thread_number = 0

function setup(thread)
  thread:set("thread_number", thread_number)
  thread_number = thread_number + 1
end

function init(args)
  counter = (thread_number * 7919) % #paths
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if bust then
    local separator = path:find("?", 1, true) and "&" or "?"
    path = path .. separator .. "nocache=" .. run .. "-" .. thread_number .. "-" .. counter
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
