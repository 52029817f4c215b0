"""Renderers: the record as JSON lines, tables, reports, charts and maps."""
