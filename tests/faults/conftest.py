"""Fault injection: outside services that are down or hang, on loopback only.

Breakers and in-process counts are reset around every test by tests/conftest.py.

A dead port refuses connections at once; a black hole accepts them and never
answers, which is what a wedged Redis or Elasticsearch looks like to a client.
"""
import socket
import threading

import pytest



def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dead_port():
    """A loopback port nothing listens on: connections are refused at once."""
    return _free_port()


class BlackHole:
    """Accepts TCP connections on loopback, reads whatever is sent, never answers."""

    def __init__(self):
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.connections = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        self.server.settimeout(0.1)
        while not self._stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections.append(connection)

    def close(self):
        self._stopped.set()
        self._thread.join(2)
        for connection in self.connections:
            connection.close()
        self.server.close()


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()
