"""`python -m detector`: the same as the `detector` command."""

from detector.cli.entry import main

main()
