"""The database: models, migrations, the vote repository and the post outbox.

Nothing outside this package writes SQL.
"""
