"""The closed set of remediation actions (SPEC section 7), one module per kind of target."""
