"""Pure-Python reference implementations of the kernels the native core (native/, issue 25) took over: what each
kernel must equal on any text. Only the tests import them; they are the code the package ran before, kept as the
specification."""
