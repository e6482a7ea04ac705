"""The domain: votes, members, the Code of Conduct and its verdicts. Plain Python, no I/O.

Everything else in the project imports from here; this package imports nothing of ours.
"""
