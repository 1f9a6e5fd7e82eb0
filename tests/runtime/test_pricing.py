"""Pricing: exact Decimal cost over the five usage classes, dated prices, unknown -> None."""

from __future__ import annotations

import datetime
from decimal import Decimal

from app.chat.pricing import ModelInfo, Price, cost, price_on, quantize
from app.chat.providers.base import Usage

D = Decimal


def test_every_usage_class_has_its_price() -> None:
    price = Price(
        input=D("3"),
        output=D("15"),
        cached_input=D("0.3"),
        cache_write=D("3.75"),
        reasoning=D("20"),
    )
    usage = Usage(
        input_tokens=1000,
        cache_read_tokens=2000,
        cache_write_tokens=3000,
        output_tokens=400,
        reasoning_tokens=500,
    )
    expected = (
        1000 * D("3") + 2000 * D("0.3") + 3000 * D("3.75") + 400 * D("15") + 500 * D("20")
    ) / D(1_000_000)
    assert cost(price, usage) == expected == D("0.03085")


def test_classes_without_their_own_price_are_billed_at_input_or_output() -> None:
    price = Price(input=D("2"), output=D("8"))
    usage = Usage(
        input_tokens=1,
        cache_read_tokens=10,
        cache_write_tokens=100,
        output_tokens=1000,
        reasoning_tokens=10000,
    )
    assert cost(price, usage) == (111 * D("2") + 11000 * D("8")) / D(1_000_000)


def test_cost_is_exact_and_none_counts_as_zero() -> None:
    price = Price(input=D("0.10"), output=D("0.20"))
    assert cost(price, Usage(input_tokens=3, output_tokens=7)) == D("0.0000017")
    assert cost(price, Usage()) == 0
    big = Usage(input_tokens=1_000_000, output_tokens=2_000_000)
    assert cost(Price(D("2.5"), D("10")), big) == D("22.5")
    tiny = Price(input=D("0.000001"), output=D("0.000003"))
    assert cost(tiny, Usage(input_tokens=1, output_tokens=1)) == D("4E-12")


def test_an_unknown_price_has_no_cost() -> None:
    assert cost(None, Usage(input_tokens=3, output_tokens=7)) is None


def test_price_on_picks_the_latest_price_in_force() -> None:
    old = Price(input=D("5"), output=D("15"))
    cut = Price(input=D("2.5"), output=D("10"), since=datetime.date(2025, 3, 1))
    later = Price(input=D("1"), output=D("4"), since=datetime.date(2025, 9, 1))
    info = ModelInfo(prices=(old, cut, later))
    assert price_on(info, datetime.date(2025, 2, 28)) is old
    assert price_on(info, datetime.date(2025, 3, 1)) is cut
    assert price_on(info, datetime.date(2025, 8, 31)) is cut
    assert price_on(info, datetime.date(2026, 1, 1)) is later


def test_price_on_unknown_model_no_prices_or_before_the_first_date() -> None:
    assert price_on(None, datetime.date(2025, 1, 1)) is None
    assert price_on(ModelInfo(prices=()), datetime.date(2025, 1, 1)) is None
    dated = ModelInfo(prices=(Price(D("1"), D("2"), since=datetime.date(2025, 6, 1)),))
    assert price_on(dated, datetime.date(2025, 5, 31)) is None
    assert price_on(dated, datetime.date(2025, 6, 1)) == dated.prices[0]


def test_model_info_defaults() -> None:
    info = ModelInfo(prices=())
    assert info.context_window is None
    assert info.accepts_images is False
    assert dict(info.options) == {}


def test_quantize_rounds_half_even_to_the_column_scale() -> None:
    assert quantize(D("0.0000017"), 6) == D("0.000002")
    assert quantize(D("0.0000025"), 6) == D("0.000002")
    assert quantize(D("0.0000017"), 10) == D("0.0000017000")
    assert str(quantize(D("1"), 2)) == "1.00"
