"""Issue 9's schema keys: prices per class with ``since`` dates, images, options, the usage and
error bindings, ``chat.title_model``; each bad value is a located error, all at once, and
schemas without the new keys still load (and the catalogue they generate is unchanged)."""

from __future__ import annotations

from pathlib import Path

from ssot_gen.ir import ModelPrice, Project
from ssot_gen.pipeline import load_project
from ssot_gen.render import plan
from tests.test_schema_errors import at, lines_of, patched

ROOT = Path(__file__).resolve().parent.parent

ECHO = "      echo: {input: 0, output: 0}\n"
LINE_FIELDS = "      status: {type: enum, enum: Status, default: done}\n"
MESSAGE = (
    "  message: {model: Line, conversation: chat, role: role, content: content, status: status}\n"
)


def load(tmp_path: Path, text: str) -> Project:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    return load_project(path)


def test_full_model_entry_builds_prices_oldest_first(tmp_path: Path) -> None:
    text = patched(
        (
            ECHO,
            "      echo:\n"
            "        input: 1.25\n"
            "        output: '10'\n"
            "        cached_input: 0.125\n"
            "        cache_write: 1.5\n"
            "        reasoning: 12\n"
            "        context_window: 400000\n"
            "        images: true\n"
            "        options: {reasoning_effort: low, verbosity: {level: 2}}\n"
            "        prices:\n"
            "          - {since: 2026-01-01, input: 1, output: 8}\n"
            "          - {since: '2026-06-01', input: 0.5, output: 4, reasoning: 6}\n",
        ),
        ("  message: {model", "  title_model: mock/echo\n  message: {model"),
        ("  conversation: {model: Chat,", "  conversation: {model: Chat, title: title,"),
        (
            "      model: {type: string, default: echo}\n",
            "      model: {type: string, default: echo}\n"
            "      title: {type: string, nullable: true}\n",
        ),
    )
    project = load(tmp_path, text)
    model = project.providers[0].models[0]
    assert model.prices == (
        ModelPrice("1.25", "10", "0.125", "1.5", "12", None),
        ModelPrice("1", "8", since="2026-01-01"),
        ModelPrice("0.5", "4", reasoning="6", since="2026-06-01"),
    )
    assert model.context_window == 400000
    assert model.images is True
    assert model.options_dict == {"reasoning_effort": "low", "verbosity": {"level": 2}}
    assert (project.chat.title_provider, project.chat.title_model) == ("mock", "echo")
    catalog = next(f.text for f in plan(project) if f.path == "app/chat/catalog.py")
    assert "since=datetime.date(2026, 6, 1)" in catalog
    assert "options={'reasoning_effort': 'low', 'verbosity': {'level': 2}}" in catalog
    assert "TITLE_MODEL: tuple[str | None, str] | None = ('mock', 'echo')" in catalog


def test_a_model_without_prices_is_allowed(tmp_path: Path) -> None:
    project = load(tmp_path, patched((ECHO, "      echo: {context_window: 8000}\n")))
    model = project.providers[0].models[0]
    assert model.prices == ()
    assert model.input is None


def test_flat_prices_come_in_pairs(tmp_path: Path) -> None:
    text = patched((ECHO, "      echo: {input: 1, cached_input: 0.1}\n"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'echo: {input')}: providers.mock.models.echo: output price missing: "
        "a model with prices needs both input and output (it has input, cached_input)"
    ]


def test_dated_prices_are_real_dates_with_both_prices(tmp_path: Path) -> None:
    text = patched(
        (
            ECHO,
            "      echo:\n"
            "        prices:\n"
            "          - {since: 2026-02-30, input: 1, output: 2}\n"
            "          - {since: 2026-04-01, output: 2}\n",
        )
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, '2026-02-30')}: providers.mock.models.echo.prices[0].since: "
        "must be a date such as 2026-01-01",
        f"{at(path, text, '{since: 2026-04-01')}: providers.mock.models.echo.prices[1].input: "
        "missing required key 'input'",
    ]


def test_dated_prices_oldest_first_one_per_date(tmp_path: Path) -> None:
    text = patched(
        (
            ECHO,
            "      echo:\n"
            "        input: 1\n"
            "        output: 2\n"
            "        prices:\n"
            "          - {since: 2026-03-01, input: 1, output: 2}\n"
            "          - {since: 2026-02-01, input: 1, output: 2}\n"
            "          - {since: 2026-02-01, input: 3, output: 4}\n",
        )
    )
    path, lines = lines_of(tmp_path, text)
    second = text.index("2026-02-01")
    third = text.index("2026-02-01", second + 1)
    location = at(path, text, "2026-03-01").rsplit(":", 2)[0]

    def where(index: int) -> str:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return f"{location}:{line}:{column}"

    assert lines == [
        f"{where(second)}: providers.mock.models.echo.prices[1].since: 2026-02-01 is not after "
        "the previous price's 2026-03-01: list prices oldest first, one per date",
        f"{where(third)}: providers.mock.models.echo.prices[2].since: 2026-02-01 is not after "
        "the previous price's 2026-02-01: list prices oldest first, one per date",
    ]


def test_bad_price_image_and_option_values(tmp_path: Path) -> None:
    text = patched(
        (ECHO, "      echo: {input: -1, output: cheap, images: 'true', context_window: 0}\n")
    )
    _path, lines = lines_of(tmp_path, text)
    assert len(lines) == 4, lines
    assert any("providers.mock.models.echo.input" in line for line in lines)
    assert any("providers.mock.models.echo.output" in line for line in lines)
    assert any("providers.mock.models.echo.images" in line for line in lines)
    assert any("providers.mock.models.echo.context_window" in line for line in lines)


def test_title_model_must_name_a_served_model(tmp_path: Path) -> None:
    for value, message in (
        (
            "mock/ecko",
            "'ecko' is not a model of provider 'mock' (allowed: echo) (did you mean 'echo'?)",
        ),
        ("mok/echo", "'mok' is not a provider (allowed: mock) (did you mean 'mock'?)"),
        (
            "ecko",
            "'ecko' is not a model of any provider; write provider/model or one of: echo "
            "(did you mean 'echo'?)",
        ),
    ):
        text = patched(
            ("  message: {model", f"  title_model: {value}\n  message: {{model"),
            ("  conversation: {model: Chat,", "  conversation: {model: Chat, title: model,"),
        )
        path, lines = lines_of(tmp_path, text)
        assert lines == [f"{at(path, text, value)}: chat.title_model: {message}"]


def test_title_model_needs_a_title_binding(tmp_path: Path) -> None:
    text = patched(("  message: {model", "  title_model: echo\n  message: {model"))
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'title_model: echo', offset=13)}: "
        "chat.title_model: titles need chat.conversation.title (the field they are written to)"
    ]


def test_usage_and_error_bindings_need_fields_of_the_right_type(tmp_path: Path) -> None:
    text = patched(
        (
            LINE_FIELDS,
            LINE_FIELDS
            + "      guessed: {type: int, default: 0}\n"
            + "      cached: {type: string, nullable: true}\n"
            + "      why: {type: int, nullable: true}\n",
        ),
        (
            MESSAGE,
            "  message:\n    model: Line\n    conversation: chat\n    role: role\n"
            "    content: content\n    status: status\n    usage_estimated: guessed\n"
            "    cache_read_tokens: cached\n    error_code: why\n    reasoning_tokens: nope\n",
        ),
    )
    path, lines = lines_of(tmp_path, text)
    assert lines == [
        f"{at(path, text, 'usage_estimated: guessed', offset=17)}: "
        "chat.message.usage_estimated: "
        "field 'guessed' is int; expected bool",
        f"{at(path, text, 'cache_read_tokens: cached', offset=19)}: "
        "chat.message.cache_read_tokens: "
        "field 'cached' is string; expected int",
        f"{at(path, text, 'error_code: why', offset=12)}: chat.message.error_code: "
        "field 'why' is int; expected string or text",
        f"{at(path, text, 'reasoning_tokens: nope', offset=18)}: chat.message.reasoning_tokens: "
        "unknown field 'nope'",
    ]


def test_old_schemas_still_load_and_their_prices_are_flat() -> None:
    for name in ("schemas/ai_chat.yaml", "schemas/support_desk.yaml", "tests/schemas/minimal.yaml"):
        project = load_project(ROOT / name)
        for provider in project.providers:
            for model in provider.models:
                assert all(price.since is None for price in model.prices)
