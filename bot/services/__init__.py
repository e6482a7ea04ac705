"""The use cases: what an operator or the scheduler asks the bot to do.

Each is a function over the App's ports (the vote repository, the outbox, the publishers, the
sources) that returns what happened; the CLI only turns options into a call and the result
into lines and an exit code.
"""
