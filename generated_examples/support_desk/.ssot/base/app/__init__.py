"""Support Desk: Agents answer customer tickets with an AI assistant that drafts replies live."""
