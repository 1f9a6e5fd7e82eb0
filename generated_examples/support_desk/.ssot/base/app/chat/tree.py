"""A conversation's messages as a tree: regenerate and edit make siblings, and the branch the
user follows (the conversation's *active branch*) is what the prompt is built from and what
the message list shows by default.

Each message links to its parent (``bindings.PARENT_COLUMN``): a user message to the message it
follows, a reply to the user message it answers. The conversation's ``active_leaf_id`` is the
last message of the active branch; the branch is that message and its ancestors.

Messages stored before messages had parents (parent NULL) keep the history they had, by this
rule: a message whose parent is NULL follows the message before it in the conversation's order
(``bindings`` ``message_order``: oldest first) — unless it is the conversation's first message,
or an earlier message of the conversation has a parent (then it is a root: an edit of the
first message). A conversation whose ``active_leaf_id`` is NULL, or names a message that no
longer exists, follows the branch of its newest message. ``bindings.ancestors`` applies the same
rule in SQL.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from app.chat import bindings

MessageId = uuid.UUID


@dataclass
class Tree:
    """The shape of one conversation's messages (ids only, no content).

    ``order``: every message id, oldest first; ``parent``: each message's parent after the
    legacy rule (None: a root); ``children``: each message's children, oldest first (key None:
    the roots).
    """

    order: list[MessageId] = field(default_factory=list)
    parent: dict[MessageId, MessageId | None] = field(default_factory=dict)
    children: dict[MessageId | None, list[MessageId]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[tuple[MessageId, MessageId | None]]) -> "Tree":
        """The tree of ``(id, parent id)`` rows given oldest first. A parent that is not one of
        the rows (another conversation's message) makes a root."""
        listed = list(rows)
        ids = {message_id for message_id, _parent in listed}
        tree = cls()
        previous: MessageId | None = None
        linked = False  # an earlier message has a parent: a NULL parent now means a root
        for message_id, stored in listed:
            if stored is not None:
                parent = stored if stored in ids else None
                linked = True
            else:
                parent = None if linked else previous
            tree.order.append(message_id)
            tree.parent[message_id] = parent
            tree.children.setdefault(parent, []).append(message_id)
            previous = message_id
        return tree

    def __contains__(self, message_id: object) -> bool:
        return message_id in self.parent

    def leaf(self, active: MessageId | None) -> MessageId | None:
        """The last message of the active branch: ``active`` (the conversation's
        ``active_leaf_id``) if it is one of the messages, else the newest message (None: the
        conversation has no messages)."""
        if active is not None and active in self.parent:
            return active
        return self.order[-1] if self.order else None

    def branch(self, leaf: MessageId | None) -> list[MessageId]:
        """``leaf`` and its ancestors, root first (empty for None)."""
        path: list[MessageId] = []
        seen: set[MessageId] = set()
        current = leaf
        while current is not None and current in self.parent and current not in seen:
            seen.add(current)
            path.append(current)
            current = self.parent[current]
        path.reverse()
        return path

    def descend(self, start: MessageId) -> MessageId:
        """The deepest message reached from ``start`` by following the newest child."""
        current = start
        seen = {start}
        while kids := self.children.get(current):
            newest = kids[-1]
            if newest in seen:
                break
            seen.add(newest)
            current = newest
        return current

    def siblings(self, message_id: MessageId) -> tuple[int, int]:
        """``(index, count)``: the message's 1-based position among the messages with the same
        parent (oldest first), and how many there are."""
        group = self.children[self.parent[message_id]]
        return group.index(message_id) + 1, len(group)


async def load(session: AsyncSession, conversation_id: uuid.UUID) -> Tree:
    """The tree of the conversation's messages (one query; ids and parent ids only)."""
    result = await session.execute(bindings.tree_rows(conversation_id))
    return Tree.build((row[0], row[1]) for row in result)
