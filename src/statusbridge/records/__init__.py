"""Record snapshots: ingest, validate, store and serve dated extracts of SSA and DHS records."""
