"""A throwaway PostgreSQL cluster for the test run, from the installed server binaries.

``initdb`` refuses to run as root, so as root the cluster belongs to an unprivileged user
(``postgres`` by default). The server listens on a Unix socket in its own folder only.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    pass


def find_server_binaries() -> Path | None:
    initdb = shutil.which("initdb")
    candidates = [Path(initdb).resolve().parent] if initdb else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists() and (folder / "postgres").exists():
            return folder
    return None


@dataclass
class Cluster:
    root: Path
    bin_dir: Path
    run_as: str | None
    durable: bool = False  # fsync and synchronous commit on, as a real hall's server runs

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.run_as:
            # runuser is in /usr/sbin, which a root shell's PATH may lack (sudo, su without -).
            runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin") or "runuser"
            command = [runuser, "-u", self.run_as, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise ClusterUnavailable(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"),
            "-D", str(self.data_dir),
            "-U", "postgres",
            "-A", "trust",
            "-E", "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        # The superuser (the tests' own connections) is trusted on the socket; every other
        # role must give its password, as staff logins do in a real hall.
        hba = self.data_dir / "pg_hba.conf"
        hba.write_text("local all postgres trust\nlocal all all scram-sha-256\n")
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            os.chown(hba, user.pw_uid, user.pw_gid)
        durability = "" if self.durable else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c port=5432 {durability}"
            "-c max_connections=300 -c shared_buffers=128MB"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D", str(self.data_dir),
            "-o", options,
            "-l", str(self.root / "server.log"),
            "-w", "-t", "60",
            "start",
        )
        deadline = time.monotonic() + 30
        while not (self.socket_dir / ".s.PGSQL.5432").exists():
            if time.monotonic() > deadline:
                raise ClusterUnavailable("the test PostgreSQL server did not open its socket")
            time.sleep(0.05)

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(*, durable: bool = False) -> Cluster:
    bin_dir = find_server_binaries()
    if bin_dir is None:
        raise ClusterUnavailable("PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed")
    run_as = None
    # Short path: a Unix socket path must stay under ~100 bytes.
    root = Path(tempfile.mkdtemp(prefix="ca-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        run_as = os.environ.get("COUNTER_APP_TEST_PG_USER", "postgres")
        try:
            user = pwd.getpwnam(run_as)
        except KeyError as exc:
            raise ClusterUnavailable(f"running as root and there is no user '{run_as}' to run PostgreSQL") from exc
        os.chown(root, user.pw_uid, user.pw_gid)
        root.chmod(0o755)
    cluster = Cluster(root=root, bin_dir=bin_dir, run_as=run_as, durable=durable)
    try:
        cluster.start()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster
