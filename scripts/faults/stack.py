"""A whole openweigh on this machine, for the load and fault scripts: a private PostgreSQL
(initdb into a temporary folder, on a free port), a private Redis, gunicorn as `make run`
starts it, a Celery worker — and a small HTTP client that signs in and uses the pages.

Everything listens on 127.0.0.1 only, every wait is bounded, and every process started here
is stopped here by its own process id. The machine's own PostgreSQL and Redis are not
touched.
"""

from __future__ import annotations

import glob
import html.parser
import http.client
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from decisions import demo  # noqa: E402  (plain data, no Django)
from scoring.questions import AREAS  # noqa: E402
from tests.processes import RedisServer, free_port, wait_until  # noqa: E402

PYTHON = sys.executable
PASSWORD = "load-test-password-123"


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


# --- PostgreSQL ------------------------------------------------------------------------------
def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    if not found[-1]:
        raise RuntimeError(f"{name} is not installed")
    return found[-1]


class Postgres:
    """A private PostgreSQL server. initdb refuses to run as root: as root, the server runs
    as the `postgres` system user, in a folder it owns."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "pg"
        self.port = free_port()
        self.user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.user is not None:
            command = ["runuser", "-u", self.user.pw_name, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=check)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/openweigh"

    def start(self) -> None:
        if not (self.folder / "PG_VERSION").exists():
            self.folder.mkdir(parents=True)
            if self.user is not None:
                os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
                os.chown(self.folder.parent, self.user.pw_uid, self.user.pw_gid)
            self._run(
                _pg_bin("initdb"),
                "-D",
                str(self.folder),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            )
            self._pg_ctl("start")
            self._run(
                _pg_bin("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "openweigh",
            )
        else:
            self._pg_ctl("start")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.folder),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-t",
            "60",
            action,
            *extra,
        )

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._run(
            _pg_bin("pg_ctl"), "-D", str(self.folder), "-m", "fast", "-w", "stop", check=False
        )


# --- Redis -----------------------------------------------------------------------------------
class Redis(RedisServer):
    """The tests' private Redis, which can also hang."""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a stopped process cannot end
        super().stop()

    def hang(self) -> None:
        """SIGSTOP: the port still accepts connections, nothing answers."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


# --- openweigh -------------------------------------------------------------------------------
class App:
    """openweigh's processes on the given database and broker."""

    def __init__(self, folder: Path, database_url: str, redis_url: str, **env: str) -> None:
        self.folder = folder
        self.port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "OPENWEIGH_DATA_DIR": str(folder / "data"),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": "stack-" + "s3cr3t-" * 8,
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def prepare(self, *, users: int = 0, organizations: int = 1) -> None:
        """Migrate, load the catalog, seed the demo, collect static files, and make
        ``users`` editors spread over ``organizations`` organisations."""
        self.manage("migrate", "-v0")
        self.manage("load_catalog")
        self.manage("seed_demo")
        self.manage("collectstatic", "--no-input", "-v0")
        if users:
            code = (
                "from django.contrib.auth.models import User\n"
                "from decisions.models import Membership, Organization\n"
                f"orgs = [Organization.objects.get_or_create(slug=f'load-{{i}}', "
                f"defaults={{'name': f'Load {{i}}'}})[0] for i in range({organizations})]\n"
                f"for n in range({users}):\n"
                f"    user = User.objects.create_user(f'user{{n}}', password={PASSWORD!r})\n"
                f"    Membership.objects.create(user=user, organization=orgs[n % len(orgs)], "
                f"role='editor')\n"
            )
            self.manage("shell", "-c", code)

    def _start(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("ab")
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_web(self, workers: int = 2, threads: int = 4) -> None:
        self._start(
            "web",
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread",
                "--no-control-socket",
                "--graceful-timeout",
                "5",
            ],
        )
        wait_until(lambda: listening(self.port), timeout=60, what="gunicorn")

    def start_worker(self, name: str = "worker", concurrency: int = 2) -> subprocess.Popen[bytes]:
        process = self._start(
            name,
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
            ],
        )
        wait_until(lambda: " ready." in self.log(name), timeout=60, what=f"the {name} to start")
        return process

    def start_beat(self) -> None:
        self._start(
            "beat",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(self.folder / "celerybeat-schedule"),
            ],
        )

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def worker_children(self, name: str = "worker") -> list[int]:
        found = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.processes[name].pid)],
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill(self, name: str) -> None:
        """SIGKILL a process group started here: nothing gets to clean up."""
        process = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop(self) -> None:
        for name, process in list(self.processes.items()):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
            del self.processes[name]

    def sql(self, query: str) -> str:
        """One value from the database, through Django (the app's own settings)."""
        code = (
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            f"    c.execute({query!r})\n"
            "    print(json.dumps(c.fetchall(), default=str))\n"
        )
        return self.manage("shell", "-c", "import json\n" + code).strip()

    def simulation(self, pk: int) -> dict[str, object]:
        rows = json.loads(
            self.sql(
                f"SELECT status, attempts, progress, error, enqueue_error FROM "
                f"decisions_tcosimulation WHERE id = {int(pk)}"
            )
        )
        status, attempts, progress, error, enqueue_error = rows[0]
        return {
            "status": status,
            "attempts": attempts,
            "progress": progress,
            "error": error,
            "enqueue_error": enqueue_error,
        }


@contextmanager
def stack(
    *, users: int = 0, organizations: int = 1, worker: bool = True, **env: str
) -> Iterator[tuple[App, Postgres, Redis]]:
    folder = Path(tempfile.mkdtemp(prefix="openweigh-stack-"))
    os.chmod(folder, 0o755)
    postgres, redis = Postgres(folder), Redis(folder)
    app: App | None = None
    try:
        postgres.start()
        redis.start()
        app = App(folder, postgres.url, redis.url, **env)
        app.prepare(users=users, organizations=organizations)
        app.start_web()
        if worker:
            app.start_worker()
        yield app, postgres, redis
    finally:
        if app is not None:
            app.stop()
        redis.stop()
        postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


# --- a browser, as far as the pages need one --------------------------------------------------
class Inputs(html.parser.HTMLParser):
    """The named inputs of a page, with their values (text boxes, hidden fields, options
    selected, boxes checked)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            self.options.setdefault(self._select, []).append(a.get("value") or "")
            if "selected" in a:
                self.values.setdefault(self._select, []).append(a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """One person's browser: a kept-alive connection, cookies, the CSRF token."""

    def __init__(self, base: str, timeout: float = 30) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        body = None
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if "csrftoken" in self.cookies:
            sent["X-CSRFToken"] = self.cookies["csrftoken"]
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent.update(headers or {})
        start = time.perf_counter()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=body, headers=sent)
                raw = self.connection.getresponse()
                payload = raw.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed a kept-alive connection between requests: a browser
                # opens a new one and sends again.
                self.close()
                if attempt == 2:
                    raise
        seconds = time.perf_counter() - start
        for header, value in raw.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, payload, seconds)

    def get(self, path: str, **kwargs: object) -> Response:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, data: dict[str, object], **kwargs: object) -> Response:
        return self.request("POST", path, data, **kwargs)  # type: ignore[arg-type]

    def sign_in(self, username: str, password: str = PASSWORD) -> Response:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": password})


def step_answers(criterion: str, answers: dict[str, object] | None = None) -> dict[str, object]:
    """A step's form, answered as the hospital demo answers it."""
    answers = answers or dict(demo.HOSPITAL_NOTES)
    area = next(area for area in AREAS if area.criterion == criterion)
    # An empty list ("none of these") is said explicitly, as the page's box does.
    return {
        qid: answers[qid] if answers[qid] != [] else ["none_of_these"] for qid in area.question_ids
    }


CRITERIA = [area.criterion for area in AREAS]


def tco_form(page: str, trials: int) -> dict[str, object]:
    inputs = Inputs(page).values
    data: dict[str, object] = {k: v for k, v in inputs.items() if k != "csrfmiddlewaretoken"}
    data["trials"] = str(trials)
    return data


def location_id(response: Response, before: str) -> int:
    """The number after ``before`` in the redirect's address (a new decision's id)."""
    location = response.headers.get("location", "")
    return int(location.split(before, 1)[1].split("/", 1)[0])


# --- what the fault scripts do through the pages ----------------------------------------------
DEMO_PASSWORD = "openweigh-demo"


def signed_in_editor(app: App) -> Browser:
    browser = Browser(app.url)
    response = browser.sign_in("editor", DEMO_PASSWORD)
    if response.status != 302:
        raise RuntimeError(f"could not sign in as the demo editor: {response.status}")
    return browser


def new_decision(browser: Browser) -> int:
    """A decision with every step answered, as the hospital demo answers them."""
    form = Inputs(browser.get("/decisions/new/").text)
    organization = (form.values.get("organization") or form.options["organization"])[0]
    created = browser.post(
        "/decisions/new/",
        {
            "title": "Fault drill",
            "use_case": "Summarise notes.",
            "team": "Ops",
            "organization": organization,
        },
    )
    pk = location_id(created, "/decisions/")
    for criterion in CRITERIA:
        browser.post(f"/decisions/{pk}/questions/{criterion}/", step_answers(criterion))
    return pk


def start_simulation(browser: Browser, pk: int, *, trials: int, horizon: int = 36) -> Response:
    """Post the cost-model form; the response redirects to the simulation's page."""
    data = tco_form(browser.get(f"/decisions/{pk}/tco/").text, trials)
    data["horizon_months"] = str(horizon)
    return browser.post(f"/decisions/{pk}/tco/", data)


def simulation_panel(browser: Browser, url: str) -> str:
    """The status panel as the page polls it, as text: "Running… 38 %", "Queued …"."""
    response = browser.get(url, headers={"HX-Request": "true"})
    parser = _Text()
    parser.feed(response.text)
    return " ".join(" ".join(parser.parts).split())


def heading(panel: str) -> str:
    for word in ("Queued", "Running", "Failed", "Cancelled", "Results"):
        if panel.startswith(word):
            return word
    return panel[:40]


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def report(title: str, checks: list[tuple[str, bool]]) -> int:
    """Print the outcome, one line per check; exit status 0 when every check held."""
    print(f"\n{title}")
    for what, held in checks:
        print(f"  {'PASS' if held else 'FAIL'}  {what}")
    failed = sum(1 for _, held in checks if not held)
    print(f"  => {len(checks) - failed} of {len(checks)} held")
    return 1 if failed else 0
