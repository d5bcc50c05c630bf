"""``python -m summarize``: the command line."""

from summarize.cli import main

main()
