"""The hall watcher's LISTEN connection keeps the URL's TLS settings, on a real TLS-only server.

A throwaway cluster of its own (tests/pg_cluster.py) listens on 127.0.0.1 with ``ssl=on``;
its pg_hba.conf takes TCP connections only over TLS, with a client certificate signed by a
test CA and a password. A LISTEN connection that dropped ``sslmode``, ``sslrootcert``,
``sslcert``, ``sslkey`` or the password would be refused; one that dropped ``sslrootcert``
would not notice a server certificate from another CA.
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from counter_app.db.engine import Database
from counter_app.events.watcher import HallWatcher
from counter_app.services import hall_events
from tests.pg_cluster import Cluster, ClusterUnavailable, find_server_binaries

pytestmark = pytest.mark.slow  # processes or a server of its own

PASSWORD = "p@ss:w/rd?#% 'q\\\"é"  # every character a URL or a conninfo string must escape
HALL_ID = 7


def _openssl(folder: Path, *args: str) -> None:
    result = subprocess.run(["openssl", *args], cwd=folder, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} failed:\n{result.stderr}")


def _make_ca(folder: Path, name: str) -> None:
    """``name``.key and ``name``.crt: a self-signed CA (EC keys: made in milliseconds)."""
    (folder / f"{name}.cnf").write_text(
        "[req]\ndistinguished_name = dn\nx509_extensions = ca\nprompt = no\n"
        f"[dn]\nCN = counter_app test {name}\n"
        "[ca]\nbasicConstraints = critical, CA:true\nkeyUsage = critical, keyCertSign, cRLSign\n"
        "subjectKeyIdentifier = hash\n"
    )
    _openssl(
        folder, "req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", f"{name}.key", "-out", f"{name}.crt", "-days", "2", "-config", f"{name}.cnf",
    )


def _make_signed(folder: Path, name: str, common_name: str, extensions: str) -> None:
    """``name``.key and ``name``.crt, signed by the CA ``ca``."""
    (folder / f"{name}.ext").write_text(f"basicConstraints = CA:false\n{extensions}\n")
    _openssl(
        folder, "req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={common_name}",
    )
    _openssl(
        folder, "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", f"{name}.crt", "-days", "2", "-extfile", f"{name}.ext",
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class TlsCluster(Cluster):
    """A cluster on 127.0.0.1:``port`` (and its Unix socket) that takes TCP over TLS only."""

    port: int = 0

    @property
    def pki(self) -> Path:
        return self.root / "pki"

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )
        server_files = [self.pki / name for name in ("server.key", "server.crt", "ca.crt")]
        hba = self.data_dir / "pg_hba.conf"
        hba.write_text(
            "local all all trust\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-ca\n"
            "hostnossl all all 0.0.0.0/0 reject\n"
            "host all all ::1/128 reject\n"
        )
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            for path in [hba, *server_files]:
                os.chown(path, user.pw_uid, user.pw_gid)
        (self.pki / "server.key").chmod(0o600)
        options = (
            f"-k {self.socket_dir} -c listen_addresses=127.0.0.1 -c port={self.port} -c fsync=off "
            "-c synchronous_commit=off -c ssl=on -c password_encryption=scram-sha-256 "
            f"-c ssl_cert_file={server_files[1]} -c ssl_key_file={server_files[0]} -c ssl_ca_file={server_files[2]}"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-o", options,
            "-l", str(self.root / "server.log"), "-w", "-t", "30", "start",
        )

    def socket_connection(self) -> psycopg.Connection:
        return psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres", autocommit=True)


def _tls_cluster() -> TlsCluster:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed: cannot make the test certificates")
    bin_dir = find_server_binaries()
    if bin_dir is None:
        if os.environ.get("COUNTER_APP_REQUIRE_PG") == "1":
            pytest.fail("PostgreSQL is required (COUNTER_APP_REQUIRE_PG=1) but its server binaries are missing")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed")
    root = Path(tempfile.mkdtemp(prefix="ca-tls-", dir="/tmp"))  # short: a socket path has ~100 bytes
    run_as = None
    if os.geteuid() == 0:
        run_as = os.environ.get("COUNTER_APP_TEST_PG_USER", "postgres")
        user = pwd.getpwnam(run_as)
        os.chown(root, user.pw_uid, user.pw_gid)
        root.chmod(0o755)
    cluster = TlsCluster(root=root, bin_dir=bin_dir, run_as=run_as, port=_free_port())
    try:
        cluster.pki.mkdir()
        _make_ca(cluster.pki, "ca")
        _make_ca(cluster.pki, "other-ca")  # a CA that signed nothing of this server
        _make_signed(cluster.pki, "server", "127.0.0.1", "subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth")
        _make_signed(cluster.pki, "client", "postgres", "extendedKeyUsage = clientAuth")
        (cluster.pki / "client.key").chmod(0o600)  # libpq refuses a key others may read
        cluster.start()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster


@pytest.fixture(scope="module")
def tls_cluster() -> Iterator[TlsCluster]:
    try:
        cluster = _tls_cluster()
    except ClusterUnavailable as exc:
        if os.environ.get("COUNTER_APP_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is required (COUNTER_APP_REQUIRE_PG=1) but unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        with cluster.socket_connection() as admin:
            admin.execute(sql.SQL("ALTER ROLE postgres PASSWORD {}").format(sql.Literal(PASSWORD)))
        yield cluster
    finally:
        cluster.stop()


def _url(cluster: TlsCluster, **query: str) -> str:
    pki = cluster.pki
    return URL.create(
        "postgresql+psycopg",
        username="postgres",
        password=PASSWORD,
        host="127.0.0.1",
        port=cluster.port,
        database="postgres",
        query={"sslcert": str(pki / "client.crt"), "sslkey": str(pki / "client.key"), **query},
    ).render_as_string(hide_password=False)


def test_the_server_takes_tcp_over_tls_only(tls_cluster: TlsCluster) -> None:
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        psycopg.connect(host="127.0.0.1", port=tls_cluster.port, user="postgres", password=PASSWORD,
                        dbname="postgres", sslmode="disable", connect_timeout=3).close()


def test_the_listen_connection_uses_tls_and_hears_a_notify(qtbot: QtBot, tls_cluster: TlsCluster) -> None:
    database = Database.from_url(_url(tls_cluster, sslmode="verify-ca", sslrootcert=str(tls_cluster.pki / "ca.crt")))
    watcher = HallWatcher(database, HALL_ID, refresh_ms=60_000)
    try:
        watcher.start()  # connects on its own thread
        qtbot.waitUntil(lambda: watcher._listen_connection is not None, timeout=5000)
        assert watcher.connected
        listener = watcher._listen_connection
        assert listener is not None and listener.pgconn.ssl_in_use
        assert listener.info.get_parameters()["sslmode"] == "verify-ca"
        with tls_cluster.socket_connection() as admin:  # the server's own view of that connection
            rows = admin.execute(
                "SELECT s.ssl, s.client_dn FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
                "WHERE a.application_name = 'counter_app watcher'"
            ).fetchall()
        assert rows == [(True, "/CN=postgres")]
        with qtbot.waitSignal(watcher.changed, timeout=2000):
            with database.transaction() as session:  # the engine reaches the server over TLS too
                hall_events.poke_hall(session, HALL_ID)
    finally:
        watcher.stop()
        qtbot.waitUntil(lambda: not watcher.running, timeout=5000)
        database.dispose()


def test_a_server_certificate_from_another_ca_is_refused(
    qtbot: QtBot, tls_cluster: TlsCluster, caplog: pytest.LogCaptureFixture
) -> None:
    database = Database.from_url(
        _url(tls_cluster, sslmode="verify-ca", sslrootcert=str(tls_cluster.pki / "other-ca.crt"))
    )
    watcher = HallWatcher(database, HALL_ID, retry_ms=60_000)
    try:
        with caplog.at_level(logging.INFO, logger="counter_app.events.watcher"):
            with qtbot.waitSignal(watcher.connection_lost, timeout=2000):
                watcher.start()
        assert not watcher.connected and watcher._listen_connection is None
        # Refused by our side, for the certificate (not by the server, for a missing one).
        failures = [str(record.exc_info[1]) for record in caplog.records if record.exc_info]
        assert failures and "certificate verify failed" in failures[0], failures
    finally:
        watcher.stop()
        database.dispose()
