-- Argo CD health of a HealingPolicy (healing.insa.io/v1alpha1). Same reading as Flux's kstatus:
-- not yet observed -> Progressing; Stalled=True -> Degraded; Reconciling=True -> Progressing;
-- Ready=True -> Healthy; anything else -> Progressing.
local hs = {}
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the healing operator to reconcile the policy"
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the healing operator to observe generation " .. tostring(generation)
  return hs
end
local found = {}
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    -- a condition written for an older generation says nothing about the current spec
    local stale = generation ~= nil and condition.observedGeneration ~= nil and condition.observedGeneration < generation
    if not stale then
      found[condition.type] = condition
    end
  end
end
local function describe(condition)
  local text = condition.reason or ""
  if condition.message ~= nil and condition.message ~= "" then
    text = text .. ": " .. condition.message
  end
  return text
end
-- first match wins, in kstatus's order
local rules = {{"Stalled", "Degraded"}, {"Reconciling", "Progressing"}, {"Ready", "Healthy"}}
for _, rule in ipairs(rules) do
  local condition = found[rule[1]]
  if condition ~= nil and condition.status == "True" then
    hs.status = rule[2]
    hs.message = describe(condition)
    return hs
  end
end
hs.status = "Progressing"
if found.Ready ~= nil then
  hs.message = describe(found.Ready)
else
  hs.message = "Waiting for the Ready condition"
end
return hs
