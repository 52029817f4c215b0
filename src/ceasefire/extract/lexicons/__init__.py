"""Lexicons: the words the extraction stages look for, kept apart from their logic."""
