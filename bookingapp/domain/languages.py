"""Which of our languages a browser asks for (its Accept-Language header)."""

from __future__ import annotations


def _quality(part: str) -> tuple[str, float]:
    tag, _, params = part.strip().partition(";")
    quality = 1.0
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    return tag.strip().lower(), quality


def preferred_language(accept_language: str, supported, default: str = "en") -> str:
    """The supported language the browser likes best: "pl-PL,pl;q=0.9,en;q=0.8" -> "pl".
    Regional tags count for their language ("de-AT" is German); "q=0" means "not this";
    nothing we speak, or no header, gives the default."""
    ranked = [_quality(part) for part in (accept_language or "").split(",") if part.strip()]
    ranked = sorted((item for item in ranked if item[1] > 0), key=lambda item: -item[1])  # stable: ties keep order
    for tag, _ in ranked:
        language = tag.split("-")[0]
        if language in supported:
            return language
    return default
