"""Name conversions: snake, Pascal, kebab and the guessed plurals of model names."""

from __future__ import annotations

import pytest

from ssot_gen.naming import kebab, pascal, plural_of, snake


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("User", "user"),
        ("OrderLine", "order_line"),
        ("HTTPLog", "http_log"),
        ("ChatSettings", "chat_settings"),
        ("V2Thing", "v2_thing"),
        ("already_snake", "already_snake"),
        ("kebab-case", "kebab_case"),
        ("A", "a"),
    ],
)
def test_snake(name: str, expected: str) -> None:
    assert snake(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("order_line", "OrderLine"),
        ("chat-settings", "ChatSettings"),
        ("x", "X"),
        ("a__b", "AB"),
        ("_leading", "Leading"),
        ("OrderLine", "OrderLine"),
    ],
)
def test_pascal(name: str, expected: str) -> None:
    assert pascal(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("chat_settings", "chat-settings"),
        ("ChatSettings", "chat-settings"),
        ("categories", "categories"),
        ("HTTPLog", "http-log"),
    ],
)
def test_kebab(name: str, expected: str) -> None:
    assert kebab(name) == expected


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("User", "users"),
        ("Category", "categories"),
        ("KnowledgeCategory", "knowledge_categories"),
        ("Day", "days"),  # a vowel before y: just s
        ("Key", "keys"),
        ("Box", "boxes"),
        ("Bus", "buses"),
        ("Status", "statuses"),
        ("Address", "addresses"),
        ("Branch", "branches"),
        ("Wish", "wishes"),
        ("ChatSettings", "chat_settings"),  # already plural: unchanged
        ("News", "news"),
        ("OrderLine", "order_lines"),
        ("HTTPLog", "http_logs"),
    ],
)
def test_plural_guessed(model: str, expected: str) -> None:
    assert plural_of(model) == expected


def test_plural_explicit_wins() -> None:
    assert plural_of("Person", "people") == "people"
    assert plural_of("ChatSettings", "chat_settings") == "chat_settings"


def test_plural_empty_explicit_is_guessed() -> None:
    assert plural_of("Person", "") == "persons"


@pytest.mark.parametrize("model", ["User", "Category", "Box", "OrderLine", "Status", "Day"])
def test_plural_is_snake_and_kebab_round_trips(model: str) -> None:
    plural = plural_of(model)
    assert plural == snake(plural)
    assert kebab(plural).replace("-", "_") == plural
