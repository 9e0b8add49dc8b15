"""statusbridge: what the federal records say about a person's citizenship or immigration status.

The package is split by domain: ``engine`` holds the verification rules (pure, no Django),
``records`` the dated snapshots, ``privacy`` agencies and purposes, ``cases`` additional
verification, ``bulk`` file runs, ``world`` the synthetic population used for tests and benchmarks.
"""

__version__ = "0.1.0"
