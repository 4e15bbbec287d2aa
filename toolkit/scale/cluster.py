"""Reaching dask: :func:`client`, and the checks that make a bad scheduler address fail fast and clearly.

Rules:
- every connection to a scheduler address is bounded by ``connect_timeout`` seconds
  (:data:`CONNECT_TIMEOUT` by default): an address that refuses connections fails at once, one that
  does not answer fails after the timeout; both with an error naming the address and the reason
  (``ConnectionError``, ``TimeoutError``), never a silent wait;
- what is created here is closed here; a ``Client`` passed in is used as is and left open;
- distributed (the optional "scale" stack) is imported when a cluster is used, not at import.

Example:
    >>> with client("tcp://127.0.0.1:1", connect_timeout=5):      # doctest: +SKIP
    ...     pass
    Traceback (most recent call last):
    ConnectionError: cannot reach the dask scheduler at tcp://127.0.0.1:1: connection refused ...
"""
from __future__ import annotations

import asyncio
import contextlib
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Iterator, Union

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = ["client", "check_scheduler", "CONNECT_TIMEOUT", "Scheduler"]

Scheduler = Union[None, str, "Client", Any]

#: seconds a connection to a scheduler address may take (TCP connect, and the dask handshake)
CONNECT_TIMEOUT = 10.0


@contextlib.contextmanager
def client(scheduler: Scheduler = None, *, connect_timeout: float = CONNECT_TIMEOUT,
           **cluster_kwargs: Any) -> Iterator["Client"]:
    """A ``distributed.Client`` for ``scheduler``; whatever is created here is closed on exit.

    ``None`` starts a ``LocalCluster`` listening on 127.0.0.1 only (worker processes, ``n_workers=2``,
    ``threads_per_worker=1``, dashboard on a free loopback port); ``cluster_kwargs`` override those (e.g.
    ``memory_limit="2GiB"``). A string is a scheduler address, checked first (:func:`check_scheduler`:
    refused at once, no answer within ``connect_timeout`` seconds: an error naming the address). A
    ``Client`` is yielded as is and left open; a cluster object (anything with ``scheduler_address``)
    gets a Client closed on exit.

    >>> with client() as c:                                       # doctest: +SKIP
    ...     c.submit(sum, [1, 2]).result()
    3
    """
    from distributed import Client, LocalCluster  # optional stack (the "scale" extra): loaded when used

    if isinstance(scheduler, Client):
        yield scheduler
    elif scheduler is None:
        # host: every server (scheduler, workers, nannies, the scheduler's HTTP endpoint) binds 127.0.0.1;
        # "127.0.0.1:0" puts that HTTP endpoint on a free port instead of a possibly taken 8787
        options: dict[str, Any] = dict(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address="127.0.0.1:0")
        options.update(cluster_kwargs)
        with LocalCluster(**options) as cluster, Client(cluster) as c:
            yield c
    elif isinstance(scheduler, str):
        check_scheduler(scheduler, connect_timeout)
        try:
            c = Client(scheduler, timeout=connect_timeout)
        except OSError as exc:  # e.g. the scheduler went away between the check and this connection
            raise ConnectionError(f"cannot connect to the dask scheduler at {scheduler}: {exc}") from exc
        with c:
            yield c
    elif hasattr(scheduler, "scheduler_address"):
        with Client(scheduler, timeout=connect_timeout) as c:
            yield c
    else:
        raise TypeError(f"scheduler must be None, an address, a Client or a cluster, not {type(scheduler).__name__}")


def check_scheduler(address: str, connect_timeout: float = CONNECT_TIMEOUT) -> None:
    """Raise unless a dask scheduler at ``address`` accepts a connection and answers within the timeout.

    ``ConnectionError`` when the connection is refused (nothing listens there) or the host is unknown,
    at once; ``TimeoutError`` when the host or the listener there does not answer within
    ``connect_timeout`` seconds (TCP connect, then dask's handshake, each bounded). Both name the
    address. Addresses of other transports than ``tcp://`` and ``tls://`` are not checked.

    >>> check_scheduler("tcp://127.0.0.1:1", 5)                   # doctest: +SKIP
    Traceback (most recent call last):
    ConnectionError: cannot reach the dask scheduler at tcp://127.0.0.1:1: connection refused ...
    """
    from distributed.comm import parse_address, parse_host_port

    scheme, location = parse_address(address)  # no scheme: dask's default (tcp)
    if scheme not in ("tcp", "tls"):
        return
    try:
        host, port = parse_host_port(location)
    except ValueError as exc:
        raise ValueError(f"bad dask scheduler address {address!r}: {exc} (expected e.g. tcp://10.0.0.5:8786)") \
            from None
    _tcp_connect(address, host, int(port), connect_timeout)
    _handshake(address, connect_timeout)


def _unreachable(address: str, reason: str) -> str:
    return f"cannot reach the dask scheduler at {address}: {reason}"


def _tcp_connect(address: str, host: str, port: int, timeout: float) -> None:
    """A plain TCP connection, closed at once: a refusal is known immediately (dask would retry it until
    its own timeout ran out)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except ConnectionRefusedError:
        raise ConnectionError(_unreachable(address, f"connection refused (nothing listens on port {port} of "
                                                    f"{host}: is the scheduler running, and is this its address?)")) \
            from None
    except socket.gaierror as exc:
        raise ConnectionError(_unreachable(address, f"unknown host {host!r} ({exc.strerror})")) from None
    except (TimeoutError, socket.timeout):
        raise TimeoutError(_unreachable(address, f"no answer to a TCP connection within {timeout:g} s "
                                                 "(connect_timeout); host down, or a firewall dropping it?")) \
            from None
    except OSError as exc:
        raise ConnectionError(_unreachable(address, exc.strerror or str(exc))) from None


def _handshake(address: str, timeout: float) -> None:
    """Dask's own connection (handshake included), bounded: a listener that accepts and never answers
    fails after ``timeout`` seconds instead of blocking for ever."""
    from distributed.comm import connect
    from distributed.security import Security

    connection_args = Security().get_connection_args("client")  # what a Client uses when given no security

    async def attempt() -> None:
        comm = await asyncio.wait_for(connect(address, timeout=timeout, **connection_args), timeout)
        await comm.close()

    # a thread and event loop of its own: the caller may be inside a running loop (a Jupyter cell)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="toolkit-scale-connect") as pool:
        try:
            pool.submit(asyncio.run, attempt()).result()
        except TimeoutError:
            raise TimeoutError(f"the dask scheduler at {address} accepted the connection but did not answer "
                               f"within {timeout:g} s (connect_timeout); is a dask scheduler listening there "
                               "(and not another service), and is it responsive?") from None
        except OSError as exc:
            raise ConnectionError(_unreachable(address, f"the connection failed during dask's handshake ({exc}); "
                                                        "is a dask scheduler listening there?")) from None
        except Exception as exc:  # e.g. an HTTP server's reply read as a dask frame of absurd length
            raise ConnectionError(_unreachable(address, "something answered, but not as a dask scheduler does "
                                                        f"({type(exc).__name__}: {exc})")) from None
