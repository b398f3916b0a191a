"""The filesystem broker `make run` uses writes each message whole before a worker can see
it: kombu's own transport creates the file first and fills it after, and a worker polling
in between read an empty file and stopped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kombu import Connection

from config import broker


def connection(folder: Path) -> Connection:
    for name in ("queue", "control"):
        (folder / name).mkdir(exist_ok=True)
    return Connection(
        "filesystem://",
        transport="config.broker:Transport",
        transport_options={
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "control_folder": str(folder / "control"),
            "polling_interval": 0.05,
        },
    )


def test_it_shows_a_message_only_once_it_is_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_before_rename: list[list[str]] = []
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        # The moment before the message appears: only the partial file is there, complete.
        seen_before_rename.append(sorted(os.listdir(tmp_path / "queue")))
        assert not os.path.exists(target)
        assert Path(source).read_bytes().endswith(b"}")
        real_replace(source, target)

    monkeypatch.setattr(broker.os, "replace", replace)
    with connection(tmp_path) as conn:
        queue = conn.SimpleQueue("jobs")
        queue.put({"simulation": 7})
        (names,) = seen_before_rename
        assert len(names) == 1
        assert names[0].endswith(".jobs.msg" + broker.PARTIAL_SUFFIX)
        message = queue.get(timeout=10)
        assert message.payload == {"simulation": 7}
        message.ack()
        queue.close()
    assert os.listdir(tmp_path / "queue") == []


def test_it_ignores_a_partial_file_a_crashed_writer_left(tmp_path: Path) -> None:
    # Another queue name: kombu remembers declared exchanges per process, not per folder.
    with connection(tmp_path) as conn:
        queue = conn.SimpleQueue("orphans")
        (tmp_path / "queue" / f"1_x.orphans.msg{broker.PARTIAL_SUFFIX}").write_bytes(b'{"bo')
        queue.put({"simulation": 8})
        assert queue.get(timeout=10).payload == {"simulation": 8}
        with pytest.raises(queue.Empty):
            queue.get(timeout=0.2)
        queue.close()
