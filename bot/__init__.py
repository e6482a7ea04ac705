"""ACT Scorecard Bot: how Security Council members vote on atrocity-related drafts."""

__version__ = "0.1.0"
