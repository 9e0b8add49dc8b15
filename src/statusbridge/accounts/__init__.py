"""People and roles: staff accounts with a second factor, the individual, the one authorization
policy (``policy``) and the append-only trail of staff actions.

Nothing here may print or log a password, a TOTP secret after it was first shown, or an SSN.
"""
