"""The accounting of disclosures (5 U.S.C. 552a(c)) as a tamper-evident, append-only Merkle log.

Every disclosure is one leaf of an RFC 9162 Merkle tree (``merkle``), serialized canonically
(``entries``). The log periodically signs a C2SP checkpoint of the tree (``checkpoint``), carried
in a C2SP signed note (``note``; the signing key's file: ``keyfile``), and anyone holding
checkpoints can check that the log was only ever appended to (``audit``) and that a given entry is
in it (inclusion proofs).

The modules of this package are a pure core: they never import Django, open a database or touch
the network. The service stores leaves, tree nodes and checkpoints through the small protocols
declared here and does its own persistence.
"""
