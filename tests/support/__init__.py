"""Helpers shared by test areas (real servers started for integration tests)."""
