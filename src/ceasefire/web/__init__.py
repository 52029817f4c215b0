"""The web app and HTTP API: create_app(settings) serves /api/ (OpenAPI at /docs) and the pages."""

from ceasefire.web.app import create_app

__all__ = ["create_app"]
