"""Bulk verification: a whole file in bounded batches, one result per input row."""
