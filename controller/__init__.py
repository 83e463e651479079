"""Integrated Healing Operator: autonomous self-healing for Kubernetes clusters and their hosts."""

__version__ = "0.1.0"
