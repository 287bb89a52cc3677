"""Adapters to the outside world, each behind a small protocol with a local default."""
