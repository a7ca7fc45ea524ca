-- The request mix of scripts/loadtest.sh, for wrk: the public site (anonymous), the board
-- dashboard (signed in), and a share of writes (a figure added, signed in, with the form's
-- CSRF token). Each write adds a figure for a period no other write uses, so the figures in
-- the database afterwards can be counted against the writes the server confirmed.
--
-- Settings come from the environment: CYPP_PUBLIC (space-separated paths), CYPP_DASHBOARD,
-- CYPP_PLAN (its slug), CYPP_WRITES (space-separated "measure-slug:period_type" of yearly
-- measures), CYPP_COOKIE, CYPP_CSRF, CYPP_WRITE_SHARE (0 to 1), CYPP_RESULT (a file for the
-- counts). Writes go round the measures; each wrk thread takes its own 50 years from 1900, so
-- no two writes share a measure and period (the demonstration's figures start much later).

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function words(text)
  local list = {}
  for word in string.gmatch(text or "", "%S+") do
    table.insert(list, word)
  end
  return list
end

function init(args)
  public = words(os.getenv("CYPP_PUBLIC"))
  dashboard = os.getenv("CYPP_DASHBOARD")
  plan = os.getenv("CYPP_PLAN")
  targets = {}
  for _, pair in ipairs(words(os.getenv("CYPP_WRITES"))) do
    local slug, kind = string.match(pair, "^(.-):(.*)$")
    table.insert(targets, { slug = slug, kind = kind })
  end
  cookie = os.getenv("CYPP_COOKIE")
  csrf = os.getenv("CYPP_CSRF")
  share = tonumber(os.getenv("CYPP_WRITE_SHARE") or "0.05")
  first_year = 1900 + id * 50
  made = 0
  math.randomseed(os.time() + id)
  reads, writes, refused, other = 0, 0, 0, 0
  signed_in = { ["Cookie"] = cookie }
  form = { ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }
end

function request()
  local pick = math.random()
  if pick < share then
    local target = targets[made % #targets + 1]
    local year = first_year + math.floor(made / #targets)
    made = made + 1
    if year >= first_year + 50 then
      -- Every (measure, period) of this thread is used: read instead of writing twice.
      return wrk.format("GET", dashboard, signed_in)
    end
    local period
    if target.kind == "financial_year" then
      period = string.format("%d-%02d", year, (year + 1) % 100)
    elseif target.kind == "academic_year" then
      period = string.format("%d/%02d", year, (year + 1) % 100)
    else
      period = string.format("%d", year)
    end
    local body = "csrf_token=" .. csrf .. "&comparator=&period=" .. period
      .. "&value=" .. (made % 97) .. "&numerator=&denominator=&provisional=no&note=load+test"
    return wrk.format("POST", "/plans/" .. plan .. "/measures/" .. target.slug .. "/figures/new", form, body)
  elseif pick < share + (1 - share) / 2 then
    return wrk.format("GET", dashboard, signed_in)
  else
    return wrk.format("GET", public[math.random(#public)])
  end
end

function response(status, headers, body)
  -- A confirmed write answers 303 to the measure's page; a read answers 200 (a 303 to the
  -- sign-in page would be a lost session, counted as other).
  local location = headers["Location"] or headers["location"] or ""
  if status == 303 and string.find(location, "/measures/", 1, true) then
    writes = writes + 1
  elseif status == 200 then
    reads = reads + 1
  elseif status == 409 or status == 422 then
    refused = refused + 1
    if refused == 1 then
      -- The first refusal's reason, from the form's error summary.
      local reason = string.match(body, 'govuk%-error%-summary__list">(.-)</ul>') or ""
      io.write("a write was refused: " .. string.gsub(reason, "%s+", " ") .. "\n")
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local r, w, x, o = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    r = r + thread:get("reads")
    w = w + thread:get("writes")
    x = x + thread:get("refused")
    o = o + thread:get("other")
  end
  io.write(string.format("reads answered 200: %d\n", r))
  io.write(string.format("writes confirmed (303): %d\n", w))
  io.write(string.format("writes refused (409, 422): %d\n", x))
  io.write(string.format("other answers: %d\n", o))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency: median %.1f ms, 90th %.1f ms, 99th %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
  io.write(string.format("requests a second: %.1f\n", summary.requests / (summary.duration / 1e6)))
  local file = io.open(os.getenv("CYPP_RESULT") or "/dev/null", "w")
  if file then
    file:write(string.format("%d %d %d %d %d\n", r, w, x, o,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
    file:close()
  end
end
