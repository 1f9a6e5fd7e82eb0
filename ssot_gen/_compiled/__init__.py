"""Compiled templates (ssot_gen.precompiled)."""
