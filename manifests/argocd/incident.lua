-- Argo CD health of an Incident (healing.insa.io/v1alpha1), by status.phase:
--   Resolved -> Healthy; Detected, Remediating, Verifying -> Progressing; Failed, Escalated -> Degraded;
--   Suppressed -> Suspended while it waits for a person or a deliberate pause (AwaitingApproval, ShadowMode,
--   Suspended, AgentSilent,
--   CircuitOpen), Degraded when no valid policy governs it (NoPolicy, InvalidPolicy, UnitNotSelected, UnitNotActionable), Progressing while it only
--   waits for time to pass (Cooldown, RateLimited, MaxConcurrent, BlastRadius).
local hs = {}
local waiting_for_people = {AwaitingApproval = true, ShadowMode = true, CircuitOpen = true, Suspended = true,
  AgentSilent = true}
local misconfigured = {NoPolicy = true, InvalidPolicy = true, UnitNotSelected = true, UnitNotActionable = true}
local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the healing operator to pick the incident up"
  return hs
end
local phase = status.phase
local reason = status.reason or ""
local message = phase
if reason ~= "" then
  message = message .. " (" .. reason .. ")"
end
if status.message ~= nil and status.message ~= "" then
  message = message .. ": " .. status.message
end
hs.message = message
if phase == "Resolved" then
  hs.status = "Healthy"
elseif phase == "Detected" or phase == "Remediating" or phase == "Verifying" then
  hs.status = "Progressing"
elseif phase == "Failed" or phase == "Escalated" then
  hs.status = "Degraded"
elseif phase == "Suppressed" then
  if waiting_for_people[reason] then
    hs.status = "Suspended"
  elseif misconfigured[reason] then
    hs.status = "Degraded"
  else
    hs.status = "Progressing"
  end
else
  hs.status = "Unknown"
  hs.message = "Unknown incident phase " .. tostring(phase)
end
return hs
