"""Extraction: pipeline stages from a document's text to mentions, claims and incidents."""
