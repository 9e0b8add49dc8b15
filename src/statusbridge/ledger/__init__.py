"""The accounting of disclosures (5 U.S.C. 552a(c)) as a tamper-evident, append-only Merkle log.

Every disclosure is one leaf of an RFC 9162 Merkle tree (``merkle``), serialized canonically
(``entries``; a whole batch at once: ``batch``). Every commit signs a C2SP checkpoint of the tree
(``checkpoint``), carried in a C2SP signed note (``note``; the signing key's file: ``keyfile``) and
stored with the frontier that extends it (``frontier``). Anyone holding checkpoints can check that
the log was only ever appended to and that a given entry is in it (``audit``, inclusion and
consistency proofs), and that the copies stored beside the signed data agree with it (``stored``).

Those modules are a pure core: they never import Django, open a database or touch the network.
``models`` and ``services`` store the log and record, verify and prove through the database;
``cli`` holds the ``ledger`` and ``accounting`` commands.
"""
