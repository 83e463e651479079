-- Argo CD health of a HostReport (healing.insa.io/v1alpha1): the node's agent and its heartbeat.
--   no heartbeat yet -> Progressing; heartbeat older than STALE_AFTER_SECONDS -> Degraded (the agent is gone or
--   cannot reach the API server); Ready=False -> Degraded; otherwise Healthy.
-- The agent beats every 30 s (more often on changes). The heartbeat age needs os.time/os.date (Argo CD's
-- sandbox provides them); without them only Ready counts (Ready=False: SourceDisconnected, systemd or Docker).
local STALE_AFTER_SECONDS = 300
local hs = {}
local status = obj.status
if status == nil or status.lastHeartbeat == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the agent's first heartbeat"
  return hs
end

-- Seconds since the epoch of an RFC 3339 UTC timestamp such as 2026-11-26T05:40:00Z (fractions ignored).
local function epoch_utc(text)
  local y, mo, d, h, mi, s = string.match(text, "^(%d+)-(%d+)-(%d+)T(%d+):(%d+):(%d+)")
  if y == nil then
    return nil
  end
  local fields = {year = tonumber(y), month = tonumber(mo), day = tonumber(d),
                  hour = tonumber(h), min = tonumber(mi), sec = tonumber(s), isdst = false}
  -- os.time reads the table as local time: correct by the local offset from UTC.
  local now = os.time()
  local offset = now - os.time(os.date("!*t", now))
  return os.time(fields) + offset
end

if os ~= nil and os.time ~= nil and os.date ~= nil then
  local ok, beat = pcall(epoch_utc, status.lastHeartbeat)
  if ok and beat ~= nil then
    local age = os.time() - beat
    if age > STALE_AFTER_SECONDS then
      hs.status = "Degraded"
      hs.message = "No heartbeat from the agent for " .. tostring(age) .. "s (last " .. status.lastHeartbeat .. ")"
      return hs
    end
  end
end

if status.conditions ~= nil then
  for _, condition in ipairs(status.conditions) do
    if condition.type == "Ready" and condition.status == "False" then
      hs.status = "Degraded"
      hs.message = (condition.reason or "NotReady") .. ": " .. (condition.message or "")
      return hs
    end
  end
end
hs.status = "Healthy"
hs.message = "Agent " .. (status.agentVersion or "") .. " reporting, last heartbeat " .. status.lastHeartbeat
return hs
