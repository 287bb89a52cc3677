"""Bookings for service providers and their customers."""
