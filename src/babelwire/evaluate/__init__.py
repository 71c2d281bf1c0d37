"""Evaluation: gold sets, metrics, tuning and reports."""
