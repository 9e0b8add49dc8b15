"""The web pages' views, one module per area: public, verify, cases, queue."""
