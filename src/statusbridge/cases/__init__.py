"""Cases: a mismatch is a question. Each request not confirmed from the records opens one."""
