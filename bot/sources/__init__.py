"""Vote sources: adapters that turn a publication into VoteReports."""
