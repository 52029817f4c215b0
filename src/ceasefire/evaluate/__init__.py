"""Evaluation: gold annotations read, extraction scored against them (the accuracy gate)."""
