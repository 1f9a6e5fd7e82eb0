"""Configuration, database and security."""
