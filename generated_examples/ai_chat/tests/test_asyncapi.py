"""``GET /asyncapi.yaml``: the AsyncAPI document of ``/ws`` names every frame the socket takes
and sends, with the JSON Schema its models give. (ssot-gen's own tests also validate it with
the official parser, ``@asyncapi/parser``.)"""

import json
from typing import Any, get_args

import yaml
from fastapi.testclient import TestClient

from app.chat.events import CLIENT_FRAMES, SERVER_FRAMES, ServerEventType


def served(client: TestClient) -> dict[str, Any]:
    response = client.get("/asyncapi.yaml")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/yaml")
    document: dict[str, Any] = yaml.safe_load(response.text)
    return document


def test_every_frame_is_a_message_of_the_channel_with_an_operation(client: TestClient) -> None:
    document = served(client)
    assert document["asyncapi"].startswith("3.")
    channel = document["channels"]["chat"]
    assert channel["address"] == "/ws"
    assert set(channel["messages"]) == set(CLIENT_FRAMES) | set(SERVER_FRAMES)
    assert set(get_args(ServerEventType)) <= set(SERVER_FRAMES)
    actions = {
        operation["messages"][0]["$ref"].rsplit("/", 1)[1]: operation["action"]
        for operation in document["operations"].values()
    }
    assert actions == dict.fromkeys(CLIENT_FRAMES, "receive") | dict.fromkeys(SERVER_FRAMES, "send")


def test_payloads_are_the_models_schemas(client: TestClient) -> None:
    document = served(client)
    schemas = document["components"]["schemas"]
    for name, model in {**CLIENT_FRAMES, **SERVER_FRAMES}.items():
        payload = document["components"]["messages"][name]["payload"]
        assert payload["properties"]["type"] == {"const": name}
        reference = payload["properties"]["data"]["$ref"]
        schema = schemas[reference.rsplit("/", 1)[1]]
        assert set(schema["properties"]) == set(model.model_fields), name
    text = json.dumps(document)
    assert "#/$defs/" not in text  # every reference points into components.schemas
