"""`python -m detector`: the same as the `detector` command."""

from detector.entry import main

main()
