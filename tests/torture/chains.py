"""The torture suite's chains: each is a list of schema versions (steps) of the herbarium
project (``herbarium.yaml``), the rows inserted before each step, and what the migration must
do with them. ``tests/test_migration_torture.py`` runs each chain on SQLite and PostgreSQL.

A step is applied to the schema as a Python dict (``edit``), dumped back to YAML. Rows are
named (``"@id:s1"`` is the row the suite calls ``s1``; ``row_id("s1")`` is its id as the
snapshots show it), so expectations can name them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.torture.driver import ID_PREFIX, symbolic_id

BASE_SCHEMA = Path(__file__).with_name("herbarium.yaml")
INT_MAX = 2_147_483_647
INT_MIN = -2_147_483_648
LABELS = ("safe", "backfill", "data-dependent", "locking", "destructive")

Schema = dict[str, Any]
Row = dict[str, Any]
Action = dict[str, Any]
Expectation = Callable[[Row], Any]


def ref(name: str) -> str:
    """The value the driver binds as the id of the row called ``name``."""
    return ID_PREFIX + name


def row_id(name: str) -> str:
    """The id of the row called ``name`` as a snapshot shows it (32 hex digits)."""
    return symbolic_id(name).hex


def base_schema() -> Schema:
    """The starting schema, freshly loaded (callers may mutate it)."""
    return dict(yaml.safe_load(BASE_SCHEMA.read_text(encoding="utf-8")))


def dump(schema: Schema) -> str:
    """The schema as YAML text (quotes and emoji kept as written)."""
    return yaml.safe_dump(schema, sort_keys=False, allow_unicode=True, width=1000)


def insert(table: str, *rows: Row) -> Action:
    return {"op": "insert", "table": table, "rows": list(rows)}


def sql(*statements: str | tuple[str, dict[str, Any]]) -> Action:
    pairs = [(s, {}) if isinstance(s, str) else s for s in statements]
    return {"op": "sql", "statements": [list(pair) for pair in pairs]}


def model(schema: Schema, name: str) -> dict[str, Any]:
    return dict(schema["models"][name])


def fields(schema: Schema, model_name: str) -> dict[str, Any]:
    return dict(schema["models"][model_name].setdefault("fields", {}))


def set_field(schema: Schema, model_name: str, name: str, spec: Any) -> None:
    schema["models"][model_name].setdefault("fields", {})[name] = spec


def rename_key(mapping: dict[str, Any], old: str, new: str, value: Any) -> dict[str, Any]:
    """``mapping`` with ``old`` replaced by ``new`` (mapped to ``value``) in the same place."""
    return {
        (new if key == old else key): (value if key == old else item)
        for key, item in mapping.items()
    }


@dataclass
class Refusal:
    """``generate`` with ``flags`` must exit 2, print every ``expect`` text (whitespace
    collapsed) and match ``pattern`` when given, and write nothing. ``{url}`` in a flag is the
    test's database URL. With ``diff`` set, ``ssot-gen diff`` must preview the refusal."""

    flags: list[str]
    expect: list[str]
    pattern: str | None = None
    diff: str | None = None  # ``diff`` (no flags) must say ``generate will refuse: <diff>``


@dataclass
class Step:
    """One schema version of a chain and what migrating to it must do to the rows.

    - ``rows_before``: actions run (by the previous step's driver) before this step's generate.
    - ``refusals``: generate attempts that must be refused before the one that succeeds.
    - ``flags`` / ``output``: the successful generate's flags and texts its output must show.
    - ``fallback``: when set and the flagless generate is refused (the engine may refuse a
      required column without a default instead of backfilling it), the refusal must mention
      ``fallback_reason``; then ``fallback`` is applied on top of ``edit`` and ``fallback_changed``
      replaces ``changed``.
    - ``precheck``: the first ``upgrade head`` must fail with these texts in its error and leave
      the database as it was; then ``fix`` runs and the upgrade must work.
    - ``renamed_tables`` {old: new}, ``renamed_columns`` {"old_table.old": "new"},
      ``dropped`` {"old_table" | "old_table.column"}, ``changed`` {"new_table.column":
      fn(old row) -> expected value}: every other value of every old row must be kept.
    - ``probe``: actions after the upgrade round trip (raw INSERTs relying on the new
      defaults, ...), then ``verify(snapshot after the probe)``.
    - ``tools``: also run ``ssot-gen check`` and ``diff`` after the generate (no traceback).
    - ``revision``: whether the step needs a migration (an enum value added needs none: enums
      are stored as strings).
    """

    name: str
    edit: Callable[[Schema], None]
    rows_before: list[Action] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    fallback: Callable[[Schema], None] | None = None
    fallback_reason: list[str] = field(default_factory=list)
    fallback_changed: dict[str, Expectation] = field(default_factory=dict)
    precheck: list[str] | None = None
    fix: list[Action] = field(default_factory=list)
    renamed_tables: dict[str, str] = field(default_factory=dict)
    renamed_columns: dict[str, str] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)
    changed: dict[str, Expectation] = field(default_factory=dict)
    probe: list[Action] = field(default_factory=list)
    verify: Callable[[dict[str, Any]], None] | None = None
    tools: bool = False
    revision: bool = True

    def apply(self, schema: Schema, *, fallback: bool = False) -> Schema:
        """A copy of ``schema`` with this step's edit (and the fallback) applied."""
        edited = copy.deepcopy(schema)
        self.edit(edited)
        if fallback and self.fallback is not None:
            self.fallback(edited)
        return edited


# Rows present in every chain from the start: a table of the user's own, two botanists, a
# four-level taxon tree, an expedition with entries, specimens holding maximal values, quotes,
# emoji, NULLs.
QUOTED = 'it\'s "quoted" \\ back\\slash ✓ 🌿\nsecond line; DROP TABLE taxa; --'
USER_TABLE = "keepsakes"  # the user's own table: no schema declares it, nothing may touch it
SEED: list[Action] = [
    sql(
        f"CREATE TABLE {USER_TABLE} (id INTEGER PRIMARY KEY, note VARCHAR(50) NOT NULL)",
        (f"INSERT INTO {USER_TABLE} (id, note) VALUES (1, :note)", {"note": "mine 🗝"}),
    ),
    insert(
        "botanists",
        {"id": ref("b1"), "handle": "o'brien", "motto": 'say "cheese" 🧀', "hashed_password": "x"},
        {"id": ref("b2"), "handle": "ünïcode", "motto": None, "hashed_password": "y"},
    ),
    insert(
        "taxa",
        {"id": ref("t1"), "name": "Plantae", "rank": "kingdom", "parent_id": None},
        {"id": ref("t2"), "name": "Rosaceae", "rank": "family", "parent_id": ref("t1")},
        {
            "id": ref("t3"),
            "name": "Rosa 'Albertine' \"x\"",
            "rank": "genus",
            "parent_id": ref("t2"),
        },
        {"id": ref("t4"), "name": "R. canina", "rank": "species", "parent_id": ref("t3")},
    ),
    insert(
        "specimens",
        {
            "id": ref("s1"),
            "collector_id": ref("b1"),
            "taxon_id": ref("t4"),
            "label": 'Quercus "robur" 🌳',
            "text": QUOTED,
            "code": None,
            "weight": INT_MAX,
        },
        {
            "id": ref("s2"),
            "collector_id": ref("b1"),
            "taxon_id": None,
            "label": "x" * 59 + "🌵",  # exactly max_length, the last one an emoji
            "text": "",
            "code": "C-2",
            "weight": INT_MIN,
        },
        {
            "id": ref("s3"),
            "collector_id": ref("b2"),
            "taxon_id": ref("t3"),
            "label": "short",
            "code": None,
            "weight": None,
        },
        {"id": ref("s4"), "collector_id": ref("b2"), "label": "Ω", "code": "C-4", "sheets": 0},
    ),
    insert(
        "expeditions",
        {"id": ref("e1"), "leader_id": ref("b1"), "topic": "Alps 'high' \"route\" 🏔"},
    ),
    insert(
        "entries",
        {"id": ref("n1"), "expedition_id": ref("e1"), "voice": "botanist", "text": QUOTED},
        {"id": ref("n2"), "expedition_id": ref("e1"), "voice": "guide", "progress": "broken"},
    ),
]


def _unchanged(column: str) -> Expectation:
    return lambda row: row[column]


# ---------------------------------------------------------------- chain 1: columns


def _c1(schema: Schema) -> None:
    set_field(
        schema, "Specimen", "habitat", {"type": "string", "max_length": 100, "nullable": True}
    )
    set_field(schema, "Specimen", "duplicates", {"type": "int", "default": 0})
    set_field(schema, "Specimen", "serial", {"type": "string", "max_length": 30, "nullable": True})


def _c2(schema: Schema) -> None:
    set_field(schema, "Specimen", "grade", {"type": "string", "max_length": 10})


def _c2_default(schema: Schema) -> None:
    set_field(
        schema, "Specimen", "grade", {"type": "string", "max_length": 10, "default": "ungraded"}
    )


def _c3(schema: Schema) -> None:
    specimen = schema["models"]["Specimen"]
    label = specimen["fields"]["label"]
    specimen["fields"] = rename_key(
        specimen["fields"], "label", "caption", {"renamed_from": "label", **label}
    )
    specimen["fields"]["sheets"] = {"type": "int", "default": 1, "nullable": True}


def _c4(schema: Schema) -> None:
    set_field(
        schema, "Specimen", "code", {"type": "string", "max_length": 40, "default": "unknown"}
    )


def _c5(schema: Schema) -> None:
    set_field(schema, "Specimen", "duplicates", {"type": "int", "default": 7})


def _c6(schema: Schema) -> None:
    caption = dict(fields(schema, "Specimen")["caption"])
    caption.pop("renamed_from", None)
    set_field(schema, "Specimen", "caption", {**caption, "max_length": 20})
    set_field(
        schema, "Specimen", "habitat", {"type": "string", "max_length": 300, "nullable": True}
    )
    set_field(schema, "Botanist", "motto", {"type": "string", "max_length": 200, "nullable": True})


def _c7(schema: Schema) -> None:
    set_field(
        schema,
        "Specimen",
        "serial",
        {"type": "string", "max_length": 30, "nullable": True, "unique": True},
    )
    set_field(schema, "Specimen", "weight", {"type": "int", "nullable": True, "index": True})


def _c8(schema: Schema) -> None:
    caption = dict(fields(schema, "Specimen")["caption"])
    set_field(schema, "Specimen", "caption", {**caption, "unique": True})
    set_field(schema, "Specimen", "weight", {"type": "int", "nullable": True})


def _c9(schema: Schema) -> None:
    del schema["models"]["Specimen"]["fields"]["weight"]


def _grade(value: str) -> Expectation:
    return lambda row: value


def _check_default_probe(snapshot: dict[str, Any]) -> None:
    probe = snapshot["tables"]["specimens"][row_id("p2")]
    assert probe["duplicates"] == 7, f"a raw INSERT without duplicates got {probe['duplicates']!r}"
    assert probe["code"] == "unknown", probe
    column = snapshot["schema"]["specimens"]["columns"]["duplicates"]
    assert column["default"] is not None and "7" in column["default"], column


def _check_sheets_nullable(snapshot: dict[str, Any]) -> None:
    assert snapshot["tables"]["specimens"][row_id("p1")]["sheets"] is None
    assert snapshot["schema"]["specimens"]["columns"]["sheets"]["nullable"] is True


def _check_index(
    snapshot: dict[str, Any], column: str, *, unique: bool | None, present: bool
) -> None:
    schema = snapshot["schema"]["specimens"]
    indexed = [ix for ix in schema["indexes"] if ix["columns"] == [column]]
    uniques = [u for u in schema["uniques"] if u == [column]]
    if unique:
        assert uniques or any(ix["unique"] for ix in indexed), (column, schema)
    elif present:
        assert indexed, (column, schema)
    else:
        assert not indexed and not uniques, (column, schema)


def _check_c7(snapshot: dict[str, Any]) -> None:
    _check_index(snapshot, "serial", unique=True, present=True)
    _check_index(snapshot, "weight", unique=False, present=True)


def _check_c8(snapshot: dict[str, Any]) -> None:
    _check_index(snapshot, "caption", unique=True, present=True)
    _check_index(snapshot, "weight", unique=None, present=False)


def _specimen(name: str, collector: str, caption: str, **values: Any) -> Row:
    return {
        "id": ref(name),
        "collector_id": ref(collector),
        "caption": caption,
        "grade": "B",
        **values,
    }


COLUMNS: list[Step] = [
    Step(
        "add a nullable field, a required one with a default and another nullable one",
        _c1,
        output=["add column specimens.habitat", "add column specimens.duplicates"],
        changed={
            "specimens.habitat": lambda row: None,
            "specimens.duplicates": lambda row: 0,
            "specimens.serial": lambda row: None,
        },
    ),
    Step(
        "add a required field without a default to a table with rows",
        _c2,
        output=["add column specimens.grade"],
        changed={"specimens.grade": _grade("")},
        fallback=_c2_default,
        fallback_reason=["specimens.grade", "default"],
        fallback_changed={"specimens.grade": _grade("ungraded")},
    ),
    Step(
        "rename a field; make a required field nullable",
        _c3,
        rows_before=[
            insert(
                "specimens",
                {
                    "id": ref("s5"),
                    "collector_id": ref("b1"),
                    "label": "five",
                    "code": None,
                    "grade": "A",
                },
            )
        ],
        output=["rename column specimens.label to caption"],
        renamed_columns={"specimens.label": "caption"},
        probe=[insert("specimens", _specimen("p1", "b2", "probe one", sheets=None))],
        verify=_check_sheets_nullable,
    ),
    Step(
        "make a nullable field required with a default (NULL rows get the default)",
        _c4,
        output=["specimens.code", "(backfill)"],
        changed={"specimens.code": lambda row: "unknown" if row["code"] is None else row["code"]},
    ),
    Step(
        "change a default",
        _c5,
        output=["specimens.duplicates"],
        probe=[
            sql(
                (
                    "INSERT INTO specimens (id, collector_id, caption, grade) "
                    "VALUES (:id, :collector, 'probe two', 'C')",
                    {"id": ref("p2"), "collector": ref("b1")},
                )
            )
        ],
        verify=_check_default_probe,
    ),
    Step(
        "widen two strings (one on the parent of other tables) and narrow one below rows",
        _c6,
        rows_before=[
            insert("specimens", _specimen("s6", "b2", "y" * 60, habitat="h" * 100)),
            insert(
                "botanists",
                {
                    "id": ref("b3"),
                    "handle": "max",
                    "motto": "m" * 119 + "🌸",
                    "hashed_password": "z",
                },
            ),
        ],
        refusals=[
            Refusal([], ["specimens.caption", "--allow-data-dependent"], diff="data-dependent"),
            Refusal(["--database-url", "{url}"], ["specimens"], r"\b2 rows\b"),
        ],
        flags=["--allow-data-dependent"],
        output=["specimens.caption", "(data-dependent)"],
        precheck=["2 rows", "specimens"],
        fix=[
            sql("UPDATE specimens SET caption = substr(caption, 1, 20) WHERE length(caption) > 20")
        ],
    ),
    Step(
        "add a unique constraint on a column holding duplicates, and an index",
        _c7,
        rows_before=[
            insert(
                "specimens",
                _specimen("s7", "b1", "seven", serial="DUP"),
                _specimen("s8", "b1", "eight", serial="DUP"),
                _specimen("s9", "b2", "nine", serial="A-9"),
            )
        ],
        refusals=[
            Refusal([], ["unique constraint", "on specimens (serial)", "--allow-data-dependent"]),
            Refusal(["--database-url", "{url}"], ["specimens"], r"\b[12] rows?\b"),
        ],
        flags=["--allow-data-dependent"],
        output=["(data-dependent)"],
        precheck=["specimens", "rows"],
        fix=[sql(("UPDATE specimens SET serial = 'DUP-8' WHERE id = :id", {"id": ref("s8")}))],
        verify=_check_c7,
    ),
    Step(
        "add a unique constraint on clean data (allowed by --database-url), remove an index",
        _c8,
        refusals=[
            Refusal([], ["unique constraint", "on specimens (caption)", "--allow-data-dependent"])
        ],
        flags=["--database-url", "{url}"],
        verify=_check_c8,
    ),
    Step(
        "drop a field",
        _c9,
        refusals=[
            Refusal(
                [],
                ["drop column specimens.weight", "(destructive)", "--allow-destructive"],
                diff="destructive",
            ),
            Refusal(
                ["--allow-data-dependent"], ["drop column specimens.weight", "--allow-destructive"]
            ),
        ],
        flags=["--allow-destructive"],
        output=["drop column specimens.weight (destructive)"],
        dropped={"specimens.weight"},
    ),
]


# ---------------------------------------------------------------- chain 2: models and relations


def _m1(schema: Schema) -> None:
    schema["models"]["Site"] = {
        "description": "Where a specimen was found.",
        "relations": {"specimens": {"has_many": "Specimen", "inverse": "site"}},
        "fields": {
            "name": {"type": "string", "max_length": 80},
            "note": {"type": "text", "nullable": True},
            "altitude": {"type": "int", "default": 0},
        },
    }
    relations = schema["models"]["Specimen"]["relations"]
    relations["site"] = {"belongs_to": "Site", "nullable": True, "on_delete": "set_null"}
    relations["verifier"] = {"belongs_to": "Botanist", "nullable": True, "on_delete": "set_null"}


def _m2(schema: Schema) -> None:
    models = schema["models"]
    site = {"renamed_from": "Site", "plural": "localities", **models["Site"]}
    site["relations"] = {"specimens": {"has_many": "Specimen", "inverse": "locality"}}
    schema["models"] = rename_key(models, "Site", "Locality", site)
    specimen = schema["models"]["Specimen"]
    relation = {
        "belongs_to": "Locality",
        "nullable": True,
        "on_delete": "set_null",
        "renamed_from": "site",
    }
    specimen["relations"] = rename_key(specimen["relations"], "site", "locality", relation)


def _m3(schema: Schema) -> None:
    relations = schema["models"]["Specimen"]["relations"]
    del relations["verifier"]
    relations["taxon"] = {"belongs_to": "Taxon", "nullable": True, "on_delete": "cascade"}
    locality = relations["locality"]
    locality.pop("renamed_from", None)
    schema["models"]["Locality"].pop("renamed_from", None)


def _m4(schema: Schema) -> None:
    del schema["models"]["Locality"]
    del schema["models"]["Specimen"]["relations"]["locality"]


def _m5(schema: Schema) -> None:
    schema["enums"]["Rank"] = ["kingdom", "family", "genus", "species", "subspecies"]


def _m6(schema: Schema) -> None:
    schema["enums"]["Rank"] = ["family", "genus", "species", "subspecies"]


def _m7(schema: Schema) -> None:
    taxon = schema["models"]["Taxon"]
    name = taxon["fields"]["name"]
    taxon["fields"] = rename_key(taxon["fields"], "name", "latin", {"renamed_from": "name", **name})
    taxon["relations"]["parent"] = {"belongs_to": "Taxon", "nullable": True, "on_delete": "cascade"}
    set_field(schema, "Botanist", "level", {"type": "int", "default": INT_MAX})


def _foreign_key(snapshot: dict[str, Any], table: str, column: str) -> dict[str, Any]:
    (found,) = [fk for fk in snapshot["schema"][table]["foreign_keys"] if fk["columns"] == [column]]
    return dict(found)


def _check_m2(snapshot: dict[str, Any]) -> None:
    assert "sites" not in snapshot["tables"], sorted(snapshot["tables"])
    assert _foreign_key(snapshot, "specimens", "locality_id")["target"] == "localities"


def _check_m3(snapshot: dict[str, Any]) -> None:
    ondelete = _foreign_key(snapshot, "specimens", "taxon_id")["ondelete"]
    assert str(ondelete).upper() == "CASCADE", ondelete


def _check_m5(snapshot: dict[str, Any]) -> None:
    assert snapshot["tables"]["taxa"][row_id("p5")]["rank"] == "subspecies"


def _check_m7(snapshot: dict[str, Any]) -> None:
    ondelete = _foreign_key(snapshot, "taxa", "parent_id")["ondelete"]
    assert str(ondelete).upper() == "CASCADE", ondelete
    assert snapshot["tables"]["botanists"][row_id("p7")]["level"] == INT_MAX


MODELS: list[Step] = [
    Step(
        "add a model and two relations (one to it, one to the user model)",
        _m1,
        output=["create table sites", "add column specimens.site_id"],
        changed={"specimens.site_id": lambda row: None, "specimens.verifier_id": lambda row: None},
    ),
    Step(
        "rename a model and the relation to it",
        _m2,
        rows_before=[
            insert(
                "sites",
                {"id": ref("l1"), "name": 'O\'Hare "north" 🏔', "altitude": INT_MAX, "note": QUOTED},
                {"id": ref("l2"), "name": "z", "note": None},
            ),
            insert(
                "specimens",
                {
                    "id": ref("s5"),
                    "collector_id": ref("b2"),
                    "label": "five",
                    "site_id": ref("l1"),
                    "verifier_id": ref("b1"),
                },
            ),
            sql(
                (
                    "UPDATE specimens SET site_id = :site WHERE id = :id",
                    {"site": ref("l2"), "id": ref("s1")},
                )
            ),
        ],
        output=[
            "rename table sites to localities",
            "rename column specimens.site_id to locality_id",
        ],
        renamed_tables={"sites": "localities"},
        renamed_columns={"specimens.site_id": "locality_id"},
        verify=_check_m2,
    ),
    Step(
        "remove a relation and change another's on_delete",
        _m3,
        refusals=[Refusal([], ["specimens.verifier_id", "--allow-destructive"])],
        flags=["--allow-destructive"],
        output=["drop column specimens.verifier_id (destructive)"],
        dropped={"specimens.verifier_id"},
        verify=_check_m3,
    ),
    Step(
        "drop a model that rows of another table reference, with the relation to it",
        _m4,
        refusals=[
            Refusal([], ["drop table localities", "--allow-destructive"], diff="destructive")
        ],
        flags=["--allow-destructive"],
        output=["drop table localities (destructive)"],
        dropped={"localities", "specimens.locality_id"},
        tools=True,
    ),
    Step(
        "add an enum value longer than every other",
        _m5,
        revision=False,
        rows_before=[
            insert("taxa", {"id": ref("t5"), "name": "Fungi", "rank": "kingdom", "parent_id": None})
        ],
        probe=[
            insert(
                "taxa",
                {
                    "id": ref("p5"),
                    "name": "R. c. sub",
                    "rank": "subspecies",
                    "parent_id": ref("t4"),
                },
            )
        ],
        verify=_check_m5,
    ),
    Step(
        "remove an enum value that rows hold (they get the field's default)",
        _m6,
        refusals=[Refusal([], ["kingdom", "--allow-destructive"])],
        flags=["--allow-destructive"],
        output=["(destructive)"],
        changed={"taxa.rank": lambda row: "species" if row["rank"] == "kingdom" else row["rank"]},
    ),
    Step(
        "rename a field of the tree, change the tree's on_delete, add a maximal default",
        _m7,
        output=["rename column taxa.name to latin", "add column botanists.level"],
        renamed_columns={"taxa.name": "latin"},
        changed={"botanists.level": lambda row: INT_MAX},
        probe=[insert("botanists", {"id": ref("p7"), "handle": "probe", "hashed_password": "p"})],
        verify=_check_m7,
    ),
]

CHAINS: dict[str, list[Step]] = {"columns": COLUMNS, "models": MODELS}
