"""Resolution across documents: near-duplicate documents, matching incidents, reconciling casualty
claims and grading credibility. Pure functions over domain objects; the services store the results."""
