"""Cluster: the online same-story decision and its contract."""
