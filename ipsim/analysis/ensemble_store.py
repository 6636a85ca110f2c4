"""An ensemble's Parquet file, written chunk by chunk and resumable.

Each finished chunk is stored at once in ``<output>.partial/`` (``chunk-<first>.parquet``, written
to a temporary name and renamed, so a chunk file there is always complete), next to
``arguments.json`` (the ensemble's arguments and their hash). A rerun with the same arguments
skips the stored chunks; the last step writes the Parquet file, one row group per chunk in design
order, with the arguments and their hash in the file's metadata (keys ``ipsim.ensemble`` and
``ipsim.key``), then removes the folder. The file is therefore the same however often the run was
interrupted and whatever ran the chunks.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsim.errors import ArgumentError

if TYPE_CHECKING:
    import pyarrow as pa

METADATA_KEY = b"ipsim.ensemble"
HASH_KEY = b"ipsim.key"


def arguments_key(arguments: dict[str, Any]) -> tuple[str, str]:
    """The arguments as stored (sorted JSON) and their sha256."""
    stored = json.dumps(arguments, sort_keys=True)
    return stored, hashlib.sha256(stored.encode("utf-8")).hexdigest()


def is_finished(output: Path, key: str, force: bool) -> bool:
    """Whether ``output`` already holds this ensemble; refuse one made otherwise (unless forced)."""
    if not output.exists():
        return False
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(str(output)).metadata or {}
    except (OSError, ValueError):
        metadata = {}
    if metadata.get(HASH_KEY, b"").decode() == key:
        return True
    if not force:
        msg = (
            f"{output}: exists and is not this ensemble (other arguments, or not an ensemble "
            "file); choose another file or pass --force (force=True) to overwrite it"
        )
        raise ArgumentError(msg)
    return False


def partial_dir(output: Path, stored: str, key: str, force: bool) -> Path:
    """The folder of finished chunks, made or resumed; refuse one of other arguments."""
    partial = output.with_name(output.name + ".partial")
    marker = partial / "arguments.json"
    if partial.exists():
        previous = json.loads(marker.read_text("utf-8")) if marker.exists() else {}
        if previous.get("key") == key:
            return partial
        if not force:
            msg = (
                f"{partial}: an unfinished ensemble with other arguments; rerun it with the "
                "same arguments to resume, or pass --force (force=True) to start afresh"
            )
            raise ArgumentError(msg)
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    document = {"key": key, "arguments": json.loads(stored)}
    marker.write_text(json.dumps(document, indent=1, sort_keys=True), "utf-8")
    return partial


def chunk_file(partial: Path, first: int) -> Path:
    """Where the chunk starting at scenario ``first`` is kept."""
    return partial / f"chunk-{first:012d}.parquet"


def write_chunk(partial: Path, first: int, table: pa.Table) -> None:
    """Store a finished chunk so that a file there is always complete."""
    import pyarrow.parquet as pq

    path = chunk_file(partial, first)
    temporary = partial / (path.name + ".tmp")
    pq.write_table(table, str(temporary))
    temporary.replace(path)


def write_file(
    output: Path, partial: Path, starts: Iterable[int], schema: pa.Schema, stored: str, key: str
) -> None:
    """Join the stored chunks, in design order, into ``output``; remove the folder."""
    import pyarrow.parquet as pq

    schema = schema.with_metadata({METADATA_KEY: stored, HASH_KEY: key})
    temporary = output.with_name(output.name + ".tmp")
    with pq.ParquetWriter(str(temporary), schema) as writer:
        for first in starts:
            writer.write_table(pq.read_table(chunk_file(partial, first)).cast(schema))
    temporary.replace(output)
    shutil.rmtree(partial)


def write_resumably(
    output: Path,
    arguments: dict[str, Any],
    schema: pa.Schema,
    starts: Sequence[int],
    run: Callable[[Sequence[int]], Iterable[tuple[int, pa.Table]]],
    force: bool,
) -> bool:
    """Run the chunks not yet stored (``run(todo)`` yields ``(first, rows)`` as each finishes),
    store each at once, then write ``output``. Return False if ``output`` was already this
    ensemble (nothing run)."""
    stored, key = arguments_key(arguments)
    if is_finished(output, key, force):
        return False
    partial = partial_dir(output, stored, key, force)
    todo = [first for first in starts if not chunk_file(partial, first).exists()]
    for first, table in run(todo):
        write_chunk(partial, first, table)
    write_file(output, partial, starts, schema, stored, key)
    return True
