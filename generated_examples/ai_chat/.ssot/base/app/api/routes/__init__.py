"""One router per model, plus auth and the websocket."""
