"""Publishers: adapters that put a prepared post on a network (or, in a dry run, on disk)."""
