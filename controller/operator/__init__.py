"""The Kopf operator: turns Incidents into verified fixes under HealingPolicies.

Reading order follows the data: main (start-up, dependency check) -> handlers (Kopf wiring) -> runtime (wires the
parts, applies each decision) -> cache (the watched objects) -> workqueue (each incident waits once, workers decide)
-> admission (guard counts, budget, half-open probes) -> controller.api.selection (which policy) ->
incident_lifecycle (the pure state machine) -> strategy / learning / guards / verification (its parts) ->
policy_status (the single policy status writer) -> policy_controller + policy_reconcile (policy status, learning)
-> escalation_driver (channels, records) -> retention, events, metrics, tasks, clock.
"""
