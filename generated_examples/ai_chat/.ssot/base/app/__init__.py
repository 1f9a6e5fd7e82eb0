"""AI Chat: Chat with OpenAI, Anthropic, Gemini or an offline mock model, streamed live."""
