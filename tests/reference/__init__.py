"""Pure-Python reference implementations of the kernels the native core (native/, issue 25) took over, and of the
Python scans made faster (mt_rules.py, boilerplate_scans.py): what each must equal on any text. Only the tests import
them; they are the code the package ran before, kept as the specification."""
