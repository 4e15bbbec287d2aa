"""toolkit.scale reaching a scheduler address that does not work: fail fast, name the address, never hang.

No cluster here: an address nothing listens on (a port bound, read and closed again) and a listener that
accepts connections and never answers (a thread holding them), each against ``scale.client`` and a
public function. Time bounds are generous (several times the timeout) so a busy machine does not flake.
"""
from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from toolkit import scale  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


@pytest.fixture
def closed_address() -> str:
    """A loopback address whose port was just free: connecting there is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"


@pytest.fixture
def silent_address():
    """A loopback listener that accepts every connection and never sends a byte."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept_and_sleep() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except (socket.timeout, OSError):
                continue

    thread = threading.Thread(target=accept_and_sleep, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    server.close()


def test_a_refused_address_fails_at_once_naming_it(closed_address):
    start = time.monotonic()
    with pytest.raises(ConnectionError, match=re.escape(closed_address) + ".*connection refused"):
        with scale.client(closed_address, connect_timeout=30):
            pass
    assert time.monotonic() - start < 10   # not the timeout: a refusal is final


def test_a_public_function_given_a_refused_address_fails_at_once(closed_address):
    start = time.monotonic()
    with pytest.raises(ConnectionError, match=re.escape(closed_address)):
        scale.features(SAMPLE, scheduler=closed_address)
    assert time.monotonic() - start < 10   # the default connect_timeout is 10 s, dask's own 30 s


def test_a_listener_that_never_answers_fails_after_the_timeout_naming_it(silent_address):
    start = time.monotonic()
    with pytest.raises(TimeoutError, match=re.escape(silent_address) + ".*did not answer within 1 s"):
        with scale.client(silent_address, connect_timeout=1):
            pass
    assert time.monotonic() - start < 10
