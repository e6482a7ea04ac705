#!/usr/bin/env python3
"""`python run_bot.py ...` is the same CLI as `actbot ...`."""

from bot.cli import main

if __name__ == "__main__":
    main()
