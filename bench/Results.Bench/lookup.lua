-- P1: real lookups of a random existing candidate; about one in ten with a wrong date of birth.
-- RB_MODE=json (default): POST /tra-cuu-diem/ket-qua with the JSON the lookup page's script sends (ADR 0039).
-- RB_MODE=form: POST /tra-cuu-diem with the page's form fields and antiforgery token, as a browser without JavaScript.
-- The exam, the candidate count, the token and cookie come from the environment (Results.Bench sets them).
local exam = os.getenv("RB_EXAM")
local count = tonumber(os.getenv("RB_CANDIDATES"))
local token = os.getenv("RB_TOKEN")
local json = (os.getenv("RB_MODE") or "json") == "json"
local base = 1230768000 -- 2009-01-01T00:00:00Z, the seed's first date of birth
wrk.method = "POST"
if json then
  wrk.headers["Content-Type"] = "application/json"
else
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = os.getenv("RB_COOKIE")
end

local threads = {}
function setup(thread) table.insert(threads, thread) end

-- The bodies' fixed parts and the 730 dates of birth (2009 and 2010) are made once per thread: the load generator shares
-- the portal's cores, and formatting a date for every request cost it more than the rest of the request.
local dates = {}
local pattern

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  ok, notfound, other = 0, 0, 0
  for days = 0, 729 do dates[days] = os.date("!%Y-%m-%d", base + days * 86400) end
  if json then
    pattern = '{"exam":"' .. exam .. '","number":"%08d","dateOfBirth":"%s"}'
  else
    pattern = "ky-thi=" .. exam .. "&so-bao-danh=%08d&ngay-sinh=%s&__RequestVerificationToken=" .. token:gsub("%%", "%%%%")
  end
end

request = function()
  local i = math.random(1, count)
  local days = i % 365
  if math.random(1, 10) == 1 then days = (days + 1) % 365 + 365 end -- a date of birth no candidate has
  return wrk.format(nil, nil, nil, string.format(pattern, i, dates[days]))
end

-- Counting statuses in Lua makes wrk hand every response to Lua, which costs the load generator (on the same cores)
-- more than some lookups cost the portal: only the short check run (RB_COUNT=1) counts; the measured runs read wrk's own
-- "Non-2xx" count.
if os.getenv("RB_COUNT") == "1" then
  response = function(status, headers, body)
    if status == 200 then ok = ok + 1 elseif status == 404 then notfound = notfound + 1 else other = other + 1 end
  end

  done = function(summary, latency, requests)
    local o, n, x = 0, 0, 0
    for _, t in ipairs(threads) do o = o + t:get("ok"); n = n + t:get("notfound"); x = x + t:get("other") end
    io.write(string.format("STATUS found=%d notfound=%d other=%d\n", o, n, x))
  end
end
