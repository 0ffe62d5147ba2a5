"""Fuzz and kill harnesses for `detector` (see fuzz/README.md): coverage-guided with atheris for long runs, a
seeded random mutator for the short slice CI runs (tests/test_fuzz_harness.py), and kill -9 loops."""
