"""The Kopf operator: turns Incidents into verified fixes under HealingPolicies.

Reading order follows the data: handlers (Kopf wiring) -> runtime (I/O around one decision) -> matching (which
policy) -> incident_lifecycle (the pure state machine) -> strategy / learning / guards / verification (its parts)
-> policy_reconcile (policy status) -> retention, events, metrics.
"""
