"""Agreements as data, commitments as rules, assessments of incidents, the steps of a case."""
