"""The HTTP API (v1): OAuth client credentials, single verifications and bulk jobs.

Every answer goes through ``statusbridge.verify.Verifier``, exactly as the command line's, so the
API never decides anything itself. It must never log a request body, a secret or a raw SSN.
"""
