"""Use cases: one function per action, each in one transaction. Never imports reflex."""
