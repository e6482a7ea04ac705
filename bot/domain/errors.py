"""The one base of every error an operator can act on.

Its message is the whole story in one line (what, where, what to do); the CLI prints it and
exits 1 instead of showing a traceback. Errors that are bugs stay ordinary exceptions.
"""


class ActbotError(Exception):
    """A problem with the input, the configuration, the data, the disk or a network, told in
    words an operator can act on."""
