"""A throwaway PostgreSQL cluster for tests and benchmarks, from Debian's postgresql.

`PgCluster.start()` runs initdb into a temporary directory and starts a server on a
free 127.0.0.1 port with trust authentication and durability switched off (the data
is thrown away). Databases are cheap copies of a template that already has the schema,
so each test gets its own empty database in a few tens of milliseconds.

PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` system
user that Debian's package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=200 -c shared_buffers=128MB -c listen_addresses=127.0.0.1"
)


class PgUnavailable(RuntimeError):
    """PostgreSQL's server binaries are not installed (the message says how to get them)."""


def find_bindir() -> Path:
    candidates = []
    if found := shutil.which("pg_ctl"):
        candidates.append(Path(found).resolve().parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "postgres").exists():
            return bindir
    raise PgUnavailable("PostgreSQL server binaries not found: sudo apt-get install postgresql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgCluster:
    bindir: Path
    datadir: Path
    port: int
    run_as: str | None
    template: str = ""  # a database with the schema, copied for each test
    _counter: int = field(default=0)

    @classmethod
    def start(cls, base: Path | None = None) -> PgCluster:
        bindir = find_bindir()
        run_as = "postgres" if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="pgtest-", dir=base))
        datadir = root / "data"
        if run_as:
            user = pwd.getpwnam(run_as)
            os.chown(root, user.pw_uid, user.pw_gid)
        cluster = cls(bindir=bindir, datadir=datadir, port=_free_port(), run_as=run_as)
        cluster._run("initdb", "-D", str(datadir), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                     "--no-sync", "--locale=C")
        cluster._run("pg_ctl", "-D", str(datadir), "-l", str(root / "server.log"), "-w", "-t", "60",
                     "-o", f"-p {cluster.port} -k {root} {SERVER_OPTIONS}", "start")
        return cluster

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd="/")
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, template: str | None = None) -> str:
        self._counter += 1
        name = f"db_{os.getpid()}_{self._counter}"
        # FILE_COPY: with fsync off a file copy takes ~35 ms, WAL_LOG (15's default) ~400 ms.
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self.admin(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def wait_until_ready(cluster: PgCluster, timeout: float = 30) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres"):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
