"""Readers: files, HTML and metadata in; cleaned text and collection metadata out."""
