"""The web pages: a page for every role, styled with USWDS (installed from npm, never committed)."""
