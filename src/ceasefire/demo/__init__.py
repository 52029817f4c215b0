"""Demonstration reports written by the Ceasefire Monitor team: fictional examples, not news."""
