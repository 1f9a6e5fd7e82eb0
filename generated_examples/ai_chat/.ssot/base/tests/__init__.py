"""Tests of the generated API."""
