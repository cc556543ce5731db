"""Network faults between Cairn and a real Neo4j, for tests: a relay that can be cut, as
when the server stops mid-command, and a port that accepts connections but never answers,
as a frozen or overloaded server does. Plain sockets; Neo4j itself stays real."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit


class Relay:
    """Forwards 127.0.0.1:port to a real Neo4j until `cut`; then the port refuses."""

    def __init__(self, target_uri: str) -> None:
        address = urlsplit(target_uri)
        self.target = (address.hostname or "127.0.0.1", address.port or 7687)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.open_sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        # shutdown() first: close() alone leaves a listener blocked in accept() listening.
        for sock in [self.listener, *self.open_sockets]:
            with suppress(OSError):  # already closed by its peer
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # cut
            upstream = socket.create_connection(self.target)
            self.open_sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass  # cut


@contextmanager
def silent_port() -> Iterator[int]:
    """A port on 127.0.0.1 whose kernel accepts connections that no one ever answers."""
    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        yield listener.getsockname()[1]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (the OS just handed it out and took it back)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])
