"""The verification rules: normalize → candidates → compare → decide, as pure functions.

Nothing in this package imports Django, touches a database of its own or writes a file; engines
(``backends``) move batches and do joins, and every rule lives here once so that a single request
and the same row in a bulk file always get the same answer.
"""
