"""Extraction (placeholder until the pipeline lands)."""
