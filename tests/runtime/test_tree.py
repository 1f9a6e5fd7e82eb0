"""The message tree's shape (``app.chat.tree.Tree``): parents after the legacy rule, the
active branch, following the newest child, sibling positions."""

from __future__ import annotations

import sys
import types
import uuid
from typing import Any

import pytest


@pytest.fixture
def tree_module(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``app.chat.tree`` with a stand-in for the bindings generated per schema."""
    monkeypatch.setitem(sys.modules, "app.chat.bindings", types.ModuleType("app.chat.bindings"))
    monkeypatch.delitem(sys.modules, "app.chat.tree", raising=False)
    import app.chat.tree as tree

    return tree


def ids(count: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=n + 1) for n in range(count)]


def test_legacy_rows_form_one_branch_in_their_order(tree_module: Any) -> None:
    a, b, c, d = ids(4)
    tree = tree_module.Tree.build([(a, None), (b, None), (c, None), (d, None)])
    assert [tree.parent[m] for m in (a, b, c, d)] == [None, a, b, c]
    assert tree.leaf(None) == d
    assert tree.branch(tree.leaf(None)) == [a, b, c, d]
    assert [tree.siblings(m) for m in (a, b, c, d)] == [(1, 1)] * 4


def test_new_rows_below_legacy_rows_and_a_second_root(tree_module: Any) -> None:
    a, b, c, d, e, f = ids(6)
    # a, b legacy; c, d sent below b; e edits a (a root: an earlier row has a parent); f its reply
    rows = [(a, None), (b, None), (c, b), (d, c), (e, None), (f, e)]
    tree = tree_module.Tree.build(rows)
    assert tree.parent[b] == a
    assert tree.parent[e] is None
    assert tree.siblings(a) == (1, 2) and tree.siblings(e) == (2, 2)
    assert tree.branch(f) == [e, f]
    assert tree.branch(d) == [a, b, c, d]
    assert tree.descend(a) == d
    assert tree.leaf(uuid.uuid4()) == f  # a dangling active leaf: the newest message's branch
    assert tree.leaf(d) == d


def test_descend_follows_the_newest_child(tree_module: Any) -> None:
    q, r1, r2, q2, r3 = ids(5)
    tree = tree_module.Tree.build([(q, None), (r1, q), (r2, q), (q2, r1), (r3, q2)])
    assert tree.descend(q) == r2
    assert tree.descend(r1) == r3
    assert tree.siblings(r1) == (1, 2) and tree.siblings(r2) == (2, 2)


def test_a_parent_outside_the_conversation_makes_a_root(tree_module: Any) -> None:
    a, b = ids(2)
    tree = tree_module.Tree.build([(a, None), (b, uuid.uuid4())])
    assert tree.parent[b] is None
    assert tree.branch(b) == [b]
    assert tree_module.Tree.build([]).leaf(None) is None
