"""Ceasefire Monitor: reports in, a verifiable record of incidents, claims and findings out."""

__version__ = "0.1.0"
