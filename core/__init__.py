"""Helpers without models, shared by every layer above."""
