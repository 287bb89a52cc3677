"""Reflex states: hold UI state, call one service per action, show its errors."""
