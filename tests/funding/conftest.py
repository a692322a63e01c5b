"""Fixtures of the funding tests: files in a temp dir, a listening socket."""

import socket
import threading

import pytest


class Listener:
    """TCP listener on 127.0.0.1 that records (and drops) connections."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(addr)
            conn.close()

    def drain(self):
        """Stop the thread and collect connections still in the backlog."""
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.setblocking(False)
        while True:
            try:
                conn, addr = self.sock.accept()
            except OSError:
                break
            self.connections.append(addr)
            conn.close()
        return self.connections


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def no_2fa(settings):
    """Staff pages without the second factor, which has its own tests."""
    settings.REQUIRE_STAFF_2FA = False


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that records every connection attempt."""
    server = Listener()
    yield server
    server.drain()
    server.sock.close()
