"""Route functions: compose components, no logic."""
