"""Hints for SQLite's query planner that other databases do not need."""

from __future__ import annotations

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class likely(FunctionElement):  # noqa: N801 (reads as the SQL function it is)
    """A condition most candidate rows meet. Without statistics SQLite's planner takes any
    indexed equality (organization = ?) as selective and walks that index instead of
    looking up a few bookings by id (or a page of customers' bookings); SQLite's likely()
    tells it otherwise. Other databases get the bare condition."""

    type = Boolean()
    name = "likely"
    inherit_cache = True


@compiles(likely)
def _bare(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(likely, "sqlite")
def _sqlite_likely(element, compiler, **kw):
    return f"likely({compiler.process(element.clauses, **kw)})"
