-- A mixed load for wrk: public pages (kept), the JSON API, province pages on distinct dates
-- (each rendered afresh, as a crawler walking every date), sign-ins, and signed-in saves.
-- Counts answers by class; `done` prints them.
local cookie = os.getenv("TIENDO_COOKIE") or ""
local assignment = os.getenv("TIENDO_ASSIGNMENT") or "1"
-- TIENDO_ONLY_DATES=1: a crawler asking for province pages on random dates, nothing else.
local only_dates = os.getenv("TIENDO_ONLY_DATES") == "1"
counts = {}
local threads = {}
-- The version of the task saved, as the last answer gave it: saves write, one after another.
local version = "1"

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  counts = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["503"] = 0, ["5xx"] = 0 }
end

local kept = { "/", "/tinh/40", "/xa/17827", "/?ngay=2025-08-14", "/tinh/40?ngay=2025-08-14" }
local api = { "/api/v1/xep-hang", "/api/v1/tinh/40", "/api/v1/xa/17827", "/api/xep-hang.csv" }
local form = "application/x-www-form-urlencoded"
-- The 34 provinces (data/territory/provinces-34.csv).
local provinces = { "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31",
  "33", "37", "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80",
  "82", "86", "91", "92", "96" }

request = function()
  local r = only_dates and 80 or math.random(100)
  if r <= 45 then
    return wrk.format("GET", kept[math.random(#kept)])
  elseif r <= 70 then
    return wrk.format("GET", api[math.random(#api)])
  elseif r <= 85 then
    -- A date in 2025 or 2026: mostly pages nobody asked for yet.
    local day = string.format("%04d-%02d-%02d", 2025 + math.random(0, 1), math.random(1, 12), math.random(1, 28))
    return wrk.format("GET", "/tinh/" .. provinces[math.random(#provinces)] .. "?ngay=" .. day)
  elseif r <= 92 then
    return wrk.format("POST", "/api/account/login", { ["Content-Type"] = form },
      "username=nghiloc&password=tiendo-demo-2025")
  else
    return wrk.format("POST", "/api/tasks/update", { ["Content-Type"] = form, ["Cookie"] = cookie },
      "id=" .. assignment .. "&version=" .. version .. "&change%5Bstatus%5D=in_progress&change%5Bprogress%5D=" .. math.random(1, 99))
  end
end

response = function(status, headers, body)
  -- A save's answer: {"Saved": {… "version": n …}} or {"Conflict": …}.
  if body and (string.sub(body, 1, 9) == '{"Saved":' or string.sub(body, 1, 12) == '{"Conflict":') then
    version = string.match(body, '"version":(%d+)') or version
  end
  if status == 503 then
    counts["503"] = counts["503"] + 1
  elseif status >= 500 then
    counts["5xx"] = counts["5xx"] + 1
  elseif status >= 400 then
    counts["4xx"] = counts["4xx"] + 1
  elseif status >= 300 then
    counts["3xx"] = counts["3xx"] + 1
  else
    counts["2xx"] = counts["2xx"] + 1
  end
end

done = function(summary, latency, requests)
  local total = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["503"] = 0, ["5xx"] = 0 }
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, v in pairs(c) do total[k] = total[k] + v end
  end
  io.write(string.format("requests/s %.0f, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("answers: 2xx %d, 3xx %d, 4xx %d, 503 (busy) %d, other 5xx %d, socket errors %d\n",
    total["2xx"], total["3xx"], total["4xx"], total["503"], total["5xx"],
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
