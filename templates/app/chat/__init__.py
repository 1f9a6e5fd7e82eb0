"""The chat machinery: providers, pricing, the event hub and the streaming service."""
