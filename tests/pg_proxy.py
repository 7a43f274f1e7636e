"""A small TCP proxy in front of a PostgreSQL server's Unix socket that counts round trips
and can add network latency: a hall's counter PCs reach the server over the LAN, not a
local socket.

A round trip is a request the client then waits on: a simple-protocol ``Query`` ('Q') or
an extended-protocol ``Sync`` ('S') message (psycopg sends Parse/Bind/Execute/Sync in one
go). Connection set-up (TLS negotiation, start-up, password exchange) is not counted.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field

SSL_REQUEST, GSS_REQUEST, CANCEL_REQUEST = 80877103, 80877104, 80877102
ROUND_TRIP_MESSAGES = frozenset(b"QS")


@dataclass
class PgProxy:
    socket_path: str
    delay_seconds: float = 0.0  # added to every chunk, each way
    port: int = 0
    round_trips: int = 0
    requests: list[str] = field(default_factory=list)  # the statements sent, for messages
    _listener: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)
    _sockets: list[socket.socket] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopped: bool = False

    def start(self) -> PgProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._spawn(self._accept, "pg proxy accept")
        return self

    def url_for(self, url: str) -> str:
        """``url`` (a SQLAlchemy URL on the Unix socket) through this proxy."""
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        query = {key: value for key, value in parsed.query.items() if key != "host"}
        return parsed.set(host="127.0.0.1", port=self.port, query=query).render_as_string(hide_password=False)

    def reset(self) -> None:
        with self._lock:
            self.round_trips = 0
            self.requests = []

    def stop(self) -> None:
        self._stopped = True
        for sock in [self._listener, *self._sockets]:
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
        for thread in self._threads:
            thread.join(2)

    # ------------------------------------------------------------------ plumbing

    def _spawn(self, target: object, name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.connect(self.socket_path)
            self._sockets += [client, server]
            self._spawn(self._pump, "pg proxy up", client, server, True)
            self._spawn(self._pump, "pg proxy down", server, client, False)

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        parser = _FrontendParser() if from_client else None
        try:
            while True:
                chunk = source.recv(65536)
                if not chunk:
                    break
                if parser is not None:
                    counted, statements = parser.feed(chunk)
                    if counted or statements:
                        with self._lock:
                            self.round_trips += counted
                            self.requests += statements
                if self.delay_seconds:
                    time.sleep(self.delay_seconds)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class _FrontendParser:
    """Splits the client's byte stream into protocol messages; counts round trips."""

    def __init__(self) -> None:
        self.buffer = b""
        self.started = False  # after the start-up message, messages carry a type byte

    def feed(self, data: bytes) -> tuple[int, list[str]]:
        self.buffer += data
        counted = 0
        statements: list[str] = []
        while True:
            if not self.started:
                if len(self.buffer) < 8:
                    return counted, statements
                length, code = struct.unpack("!ii", self.buffer[:8])
                if len(self.buffer) < length:
                    return counted, statements
                self.buffer = self.buffer[length:]
                if code not in (SSL_REQUEST, GSS_REQUEST, CANCEL_REQUEST):
                    self.started = True
                continue
            if len(self.buffer) < 5:
                return counted, statements
            kind = self.buffer[0]
            (length,) = struct.unpack("!i", self.buffer[1:5])
            if len(self.buffer) < 1 + length:
                return counted, statements
            body, self.buffer = self.buffer[5 : 1 + length], self.buffer[1 + length :]
            if kind in ROUND_TRIP_MESSAGES:
                counted += 1
            if kind == ord("Q"):
                statements.append(body.split(b"\0", 1)[0].decode(errors="replace")[:100])
            elif kind == ord("P"):  # Parse: the statement's name, then its text
                statements.append(body.split(b"\0", 2)[1].decode(errors="replace")[:100])
