"""textmend's benchmark harness (not shipped in the wheel).

Run it with ``python benchmarks/run.py`` from the repository root; see ``benchmarks/README.md``.
"""
