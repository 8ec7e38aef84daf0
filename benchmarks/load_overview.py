"""Load benchmark of the pages people open first (issue 10) and of the clerks'
writes at the deadline beside 100 supervisors browsing (issue 12), against
gunicorn as the README deploys it: 2 workers, DEBUG=0, PostgreSQL, a Redis
cache, on the loopback.

    createdb -h 127.0.0.1 -U postgres wtover
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wtover REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python benchmarks/load_overview.py [--seconds 5] [--rounds 4] [--port 8771]

Data (generated once, kept): the demo (Bắc Kạn, its city's HĐND and accounts)
and Thanh Hóa's 549 communes with approved reports of 2022–2023, a framework
per year and its recomputed ranking (benchmarks/rankings.py's generator), a
supervision team of HĐND tỉnh Thanh Hóa, a clerk for each of Bắc Kạn's 108
communes and a reviewer of UBND tỉnh Bắc Kạn.

1. Ratios (issue 10's goal): each page in turn is measured in rounds that
   alternate with the login page in the same run (``--rounds`` × ``--seconds``
   on each, 4 clients in a closed loop), so that both see the same machine:
   req/s, p50, p99 of each and the page's rate over the login page's. Goals: the
   overview of Thanh Hóa (549 communes) ≥ 1/3 of the login page's rate, the
   city's ≥ 1/2, the profile and the ranking ≥ 1/2.
2. Deadline (issue 12): 100 supervisors browse (the city's and the province's
   overview, a profile, the ranking; 5–15 s on a page) while 108 clerks write
   through the API (save, save, submit 5–20 s apart, then the reviewer approves;
   ``--quarters`` of them), everyone arriving within the first 10 s:
   throughput, p95, errors. Goal: a clerk's write p95 ≤ 500 ms, no error.
   Bounded by ``--deadline-seconds``.

Every scenario is bounded (≤ 60 s). Prints a table; the last line is JSON.
``--tiny`` (tests/test_benchmarks.py): the same pages and writes through
Django's test client on the test database, a few requests each, no server.
"""

import sys

if "--drive" in sys.argv:  # the driver process: gevent must patch the sockets before anything imports them
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

if not __package__:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import BASE, emit, setup  # noqa: E402

TH_CODE, BK_CODE = "38", "06"
TH_BODY, BK_REVIEW_BODY = "HĐND tỉnh Thanh Hóa (benchmark)", "UBND tỉnh Bắc Kạn (benchmark)"
WRITE_QUARTERS = [(2024, 3), (2024, 4), (2025, 1), (2025, 2)]
WRITE_VALUES = [
    {"campaigns_mobile": 2, "broadcasts_loudspeaker": 3},
    {"campaigns_mobile": 3, "festival_sessions": 1},
    {"campaigns_mobile": 4},
]
# The deadline scenario's pace: people, not a request loop. Everyone arrives within the
# first ARRIVAL_SECONDS ("at the deadline"); a supervisor reads a page 5–15 s, a clerk
# fills the form 5–20 s between saves (--clerk-think to change it).
ARRIVAL_SECONDS = 10
SUPERVISOR_THINK = (5, 15)
CLERK_THINK = (5, 20)
# The server and this process sign the sessions made for the run with the same key.
BENCH_SECRET_KEY = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - loopback only
GOALS = {"overview_province": 1 / 3, "overview_city": 1 / 2, "profile": 1 / 2, "ranking": 1 / 2}


# --- Data (Django). -----------------------------------------------------------


def _province(code: str):
    import datetime

    from wards.choices import Level
    from wards.models import AdministrativeUnit

    return AdministrativeUnit.objects.valid_on(datetime.date(2024, 1, 1)).get(level=Level.PROVINCE, code=code)


def _member(username: str, role: str, *, body=None, unit=None):
    from django.contrib.auth import get_user_model

    from wards.models import Membership

    user, created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": username})
    if created:  # signed in by a session or a token made for the run: no password to hash (PBKDF2 costs 0,3 s)
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, role=role, body=body, unit=unit)
    return user


def prepare(*, tiny: bool) -> dict:
    """Generate what is missing (idempotent); the users and the URLs of the run."""
    import datetime

    from demo.services import load_demo
    from par_index.models import Framework
    from wards.choices import BodyKind, Role
    from wards.models import AdministrativeUnit, SupervisingBody

    if not SupervisingBody.objects.filter(name="HĐND thành phố Bắc Kạn").exists():
        load_demo()
    if tiny:  # the test database: the province's Sở Nội vụ (108 communes) stands for the big body
        province_user = "thamdinh_snv"
    else:
        thanh_hoa = _province(TH_CODE)
        if not Framework.objects.filter(province=thanh_hoa).exists():
            from benchmarks import rankings
            from par_index.recompute import recompute_all

            rankings.generate(provinces=[TH_CODE], years=[2022, 2023])
            recompute_all(frameworks=Framework.objects.filter(province=thanh_hoa))
        body, _ = SupervisingBody.objects.get_or_create(
            name=TH_BODY, unit=thanh_hoa, defaults={"kind": BodyKind.HDND, "valid_to": datetime.date(2025, 6, 30)}
        )
        province_user = "bench_giamsat_38"
        _member(province_user, Role.SUPERVISOR, body=body)
    bac_kan = _province(BK_CODE)
    review_body, _ = SupervisingBody.objects.get_or_create(
        name=BK_REVIEW_BODY, unit=bac_kan, defaults={"kind": BodyKind.UBND, "valid_to": datetime.date(2025, 6, 30)}
    )
    reviewer = _member("bench_reviewer_06", Role.REVIEWER, body=review_body)
    communes = list(
        AdministrativeUnit.objects.communes_under(bac_kan).valid_on(datetime.date(2025, 1, 1)).order_by("code")
    )
    clerks = [(_member(f"bench_clerk_{u.code}", Role.CLERK, unit=u), u.code) for u in communes[: 3 if tiny else None]]
    th_units = 108 if tiny else AdministrativeUnit.objects.communes_under(_province(TH_CODE)).count()
    return {
        "pages": {
            "login": ("/accounts/login/", None),
            "overview_province": ("/", province_user),
            "overview_city": ("/", "giamsat"),
            "profile": ("/profile/01855/?on=2024-04-24", "giamsat"),
            "ranking": ("/par/06/2023/", "giamsat"),
        },
        "province_units": th_units,
        "reviewer": reviewer.username,
        "clerks": [(c.username, code) for c, code in clerks],
    }


def reset_writes(clerk_codes) -> int:
    """Remove the reports the deadline scenario writes, so that every run starts from none."""
    import datetime

    from django.db.models import Q

    from digital_metrics.models import QuarterlyReport
    from wards.models import AdministrativeUnit

    units = AdministrativeUnit.objects.filter(code__in=clerk_codes).valid_on(datetime.date(2025, 1, 1))
    period = Q()
    for y, q in WRITE_QUARTERS:
        period |= Q(year=y, quarter=q)
    deleted, _ = QuarterlyReport.objects.filter(period, unit__in=units).delete()
    return deleted


def session_cookie(username: str) -> str:
    """A signed-in session for ``username``, as the login would make it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    user = get_user_model().objects.get(username=username)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def token(username: str) -> str:
    from django.contrib.auth import get_user_model

    from core.tokens import create_token

    return create_token(user=get_user_model().objects.get(username=username), days=1)[1]


# --- Figures. -------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def summary(latencies: list[float], errors: int, seconds: float) -> dict:
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(pct(latencies, 0.50) * 1000, 1),
        "p95_ms": round(pct(latencies, 0.95) * 1000, 1),
        "p99_ms": round(pct(latencies, 0.99) * 1000, 1),
        "errors": errors,
    }


# --- The driver (a separate process: gevent patches its sockets). --------------


def drive(plan: dict, args) -> dict:
    import gevent
    import requests

    base = f"http://127.0.0.1:{args.port}"
    cookie_name = plan["cookie_name"]

    def client(session_key):
        s = requests.Session()
        if session_key:
            s.cookies.set(cookie_name, session_key, domain="127.0.0.1")
        return s

    def phase(url, session_key, seconds, concurrency):
        latencies, errors = [], [0]
        stop = time.perf_counter() + seconds

        def loop():
            s = client(session_key)
            while time.perf_counter() < stop:
                t = time.perf_counter()
                r = s.get(base + url, allow_redirects=False)
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors[0] += 1

        start = time.perf_counter()
        gevent.joinall([gevent.spawn(loop) for _ in range(concurrency)])
        return latencies, errors[0], time.perf_counter() - start

    out = {"ratios": {}}
    login_url, _ = plan["pages"]["login"]
    for name, (url, key) in plan["pages"].items():
        if name == "login" or (args.only and name not in args.only):
            continue
        client(plan["sessions"][key]).get(base + url)  # warm: the first request fills the cache
        acc = {"login": ([], 0, 0.0), name: ([], 0, 0.0)}
        for _round in range(args.rounds):
            for which, u, k in (("login", login_url, None), (name, url, key)):
                lat, err, sec = phase(u, plan["sessions"].get(k), args.seconds, args.concurrency)
                a = acc[which]
                acc[which] = (a[0] + lat, a[1] + err, a[2] + sec)
        login, page = summary(*acc["login"]), summary(*acc[name])
        ratio = round(page["rps"] / login["rps"], 3) if login["rps"] else 0.0
        out["ratios"][name] = {
            "login": login,
            "page": page,
            "ratio": ratio,
            "goal": round(GOALS[name], 3),
            "met": ratio >= GOALS[name] and page["errors"] == 0 and login["errors"] == 0,
        }
    if not args.skip_deadline:
        out["deadline"] = deadline_run(plan, args, base)
    return out


def deadline_run(plan: dict, args, base: str) -> dict:
    """100 supervisors browsing, 108 clerks writing at once (locust as a library)."""
    import gevent
    from locust import HttpUser, between, events, task  # noqa: F401
    from locust.env import Environment
    from locust.stats import StatsEntry

    pages = plan["pages"]
    sessions = plan["sessions"]
    clerks = [tuple(c) for c in plan["clerks"]]  # (username, unit code); each Clerk takes one
    reviewer = {"Authorization": f"Token {plan['reviewer_token']}"}
    cookie_name = plan["cookie_name"]
    finished = []

    class Supervisor(HttpUser):
        fixed_count = 100
        wait_time = between(*SUPERVISOR_THINK)
        host = base

        def on_start(self):
            gevent.sleep(random.uniform(0, ARRIVAL_SECONDS))
            self.client.cookies.set(cookie_name, sessions["giamsat"], domain="127.0.0.1")
            self.province = random.random() < 0.3
            if self.province:
                self.client.cookies.set(cookie_name, sessions[pages["overview_province"][1]], domain="127.0.0.1")

        @task(3)
        def overview(self):
            self.client.get("/", name="supervisor: overview (province)" if self.province else "supervisor: overview")

        @task(1)
        def profile(self):
            self.client.get(pages["profile"][0], name="supervisor: profile")

        @task(1)
        def ranking(self):
            self.client.get(pages["ranking"][0], name="supervisor: ranking")

    class Clerk(HttpUser):
        fixed_count = len(clerks)
        wait_time = between(*(args.clerk_think or CLERK_THINK))
        host = base

        def on_start(self):
            gevent.sleep(random.uniform(0, ARRIVAL_SECONDS))
            username, self.code = clerks.pop()
            self.auth = {"Authorization": f"Token {plan['clerk_tokens'][username]}"}
            self.steps = self._steps()

        def _url(self, y, q, tail=""):
            return f"/api/v1/reports/{self.code}/{y}/{q}/{tail}"

        def _call(self, method, url, name, headers, body):
            with self.client.request(method, url, json=body, headers=headers, name=name, catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"{r.status_code}: {r.text[:200]}")
                    return None
                return r.json()["version"]

        def _steps(self):
            for y, q in WRITE_QUARTERS[: args.quarters]:
                version = 0
                for values in WRITE_VALUES[:2]:
                    version = yield (
                        "PUT",
                        self._url(y, q),
                        "clerk: save",
                        self.auth,
                        {"version": version, "values": values, "confirm_warnings": True},
                    )
                version = yield ("POST", self._url(y, q, "submit/"), "clerk: submit", self.auth, {"version": version})
                yield ("POST", self._url(y, q, "approve/"), "reviewer: approve", reviewer, {"version": version})

        @task
        def step(self):
            try:
                call = next(self.steps) if not hasattr(self, "_sent") else self.steps.send(self._last)
            except StopIteration:
                finished.append(self.code)
                self.wait_time = lambda: 3600
                return
            self._sent = True
            self._last = self._call(*call)
            if self._last is None and call[2] != "reviewer: approve":
                finished.append(self.code)  # a refused write ends this clerk's run (counted as an error)
                self.wait_time = lambda: 3600

    env = Environment(user_classes=[Supervisor, Clerk], events=events)
    runner = env.create_local_runner()
    started = time.perf_counter()
    runner.start(100 + len(clerks), spawn_rate=1000)
    deadline = started + args.deadline_seconds
    while time.perf_counter() < deadline and len(finished) < len(plan["clerk_tokens"]):
        gevent.sleep(0.5)
    clerks_done = time.perf_counter() - started
    runner.quit()
    elapsed = time.perf_counter() - started
    stats = env.stats
    by_name = {}
    writes = StatsEntry(stats, "clerk writes", "")
    for (name, _method), entry in stats.entries.items():
        by_name[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": round(entry.num_requests / elapsed, 1),
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "max_ms": round(entry.max_response_time or 0, 1),
        }
        if name.startswith("clerk:"):
            writes.extend(entry)
    total = stats.total
    return {
        "supervisors": 100,
        "clerks": len(plan["clerk_tokens"]),
        "seconds": round(elapsed, 1),
        "clerks_done_s": round(clerks_done, 1),
        "reports_approved": by_name.get("reviewer: approve", {}).get("requests", 0)
        - by_name.get("reviewer: approve", {}).get("failures", 0),
        "requests": total.num_requests,
        "rps": round(total.num_requests / elapsed, 1),
        "p95_ms": total.get_response_time_percentile(0.95),
        "errors": total.num_failures,
        "clerk_write_p95_ms": writes.get_response_time_percentile(0.95),
        "clerk_write_p50_ms": writes.get_response_time_percentile(0.5),
        "by_name": by_name,
        "errors_sample": [str(e.error)[:200] for e in list(stats.errors.values())[:5]],
        "goal_write_p95_le_500ms": (writes.get_response_time_percentile(0.95) or 0) <= 500 and total.num_failures == 0,
    }


# --- The server. ----------------------------------------------------------------


def server_env(args) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY", BENCH_SECRET_KEY),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on the loopback: the TLS settings of production would redirect every request.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        API_THROTTLE_USER="100000/min",
    )
    return env


def serve(args) -> subprocess.Popen:
    """gunicorn as the README's production command (2 workers here: the machine has 2 cores)."""
    import urllib.request

    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "oversight_portal.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=BASE, env=server_env(args))  # noqa: S603 - our own command line
    for _ in range(100):
        time.sleep(0.3)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/accounts/login/", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn did not start") from None
    proc.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


# --- Tiny: the same plan through the test client. ---------------------------------


def tiny_run(plan: dict) -> dict:
    from django.conf import settings
    from django.test import Client

    out = {"ratios": {}, "deadline": {}}

    def timed(c, url, n=3):
        lat, errors = [], 0
        for _ in range(n):
            t = time.perf_counter()
            r = c.get(url)
            lat.append(time.perf_counter() - t)
            errors += r.status_code != 200
        return lat, errors, sum(lat)

    login = summary(*timed(Client(), "/accounts/login/"))
    for name, (url, key) in plan["pages"].items():
        if name == "login":
            continue
        c = Client()
        c.cookies[settings.SESSION_COOKIE_NAME] = plan["sessions"][key]
        page = summary(*timed(c, url))
        out["ratios"][name] = {"login": login, "page": page, "ratio": round(page["rps"] / login["rps"], 3)}
    api = Client()
    username, code = plan["clerks"][0]
    auth = {"HTTP_AUTHORIZATION": f"Token {plan['clerk_tokens'][username]}"}
    y, q = WRITE_QUARTERS[0]
    r = api.put(
        f"/api/v1/reports/{code}/{y}/{q}/",
        data=json.dumps({"version": 0, "values": WRITE_VALUES[0]}),
        content_type="application/json",
        **auth,
    )
    r2 = api.post(
        f"/api/v1/reports/{code}/{y}/{q}/submit/",
        data=json.dumps({"version": r.json().get("version")}),
        content_type="application/json",
        **auth,
    )
    out["deadline"] = {"clerk_save": r.status_code, "clerk_submit": r2.status_code, "errors": 0}
    return out


# --- Entry points. --------------------------------------------------------------


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tiny", action="store_true")
    p.add_argument("--port", type=int, default=8771)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seconds", type=float, default=5.0, help="length of one phase")
    p.add_argument("--rounds", type=int, default=4, help="login/page alternations per page (≤ 60 s in all)")
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--deadline-seconds", type=float, default=55.0)
    p.add_argument("--clerk-think", type=float, nargs=2, help="seconds between a clerk's requests (default 5 20)")
    p.add_argument("--quarters", type=int, default=1, help="quarters each clerk reports in the deadline scenario (1–4)")
    p.add_argument("--skip-deadline", action="store_true")
    p.add_argument("--collectstatic", action="store_true", help="collect the static files again")
    p.add_argument("--only", nargs="*", help="pages to measure (overview_province overview_city profile ranking)")
    p.add_argument("--drive", help=argparse.SUPPRESS)  # the driver process reads its plan from this file
    args = p.parse_args(argv)
    if 2 * args.rounds * args.seconds > 60:
        p.error("--rounds × --seconds × 2 must stay within 60 s")
    return args


def run(argv=None) -> dict:
    args = parse(argv if argv is not None else sys.argv[1:])
    if args.drive:
        plan = json.loads(Path(args.drive).read_text())
        print(json.dumps(drive(plan, args)))
        return {}
    if not args.tiny:
        os.environ.setdefault("SECRET_KEY", BENCH_SECRET_KEY)
    setup(migrate=not args.tiny)
    from django.conf import settings
    from django.db import connection

    plan = prepare(tiny=args.tiny)
    deleted = reset_writes([code for _u, code in plan["clerks"]])
    keys = {key for _url, key in plan["pages"].values() if key}
    plan["sessions"] = {key: session_cookie(key) for key in keys}
    plan["cookie_name"] = settings.SESSION_COOKIE_NAME
    plan["clerk_tokens"] = {u: token(u) for u, _code in plan["clerks"]}
    plan["reviewer_token"] = token(plan["reviewer"])
    if args.tiny:
        figures = tiny_run(plan)
    else:
        if connection.vendor != "postgresql":
            raise SystemExit("the load benchmark runs on PostgreSQL (DATABASE_URL=postgres://…)")
        # DEBUG=0 serves hashed static names from the manifest collectstatic writes under the same
        # settings (minutes: it compresses every file); once is enough unless --collectstatic.
        if args.collectstatic or not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            subprocess.run(  # noqa: S603 - our own command line
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                cwd=BASE,
                env=server_env(args),
                check=True,
            )
        connection.close()
        server = serve(args)
        try:
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
                json.dump(plan, fh)
            cmd = [sys.executable, __file__, "--drive", fh.name, "--port", str(args.port)]
            cmd += ["--seconds", str(args.seconds), "--rounds", str(args.rounds)]
            cmd += ["--concurrency", str(args.concurrency), "--deadline-seconds", str(args.deadline_seconds)]
            cmd += ["--quarters", str(args.quarters)]
            cmd += ["--clerk-think", *map(str, args.clerk_think)] if args.clerk_think else []
            cmd += ["--skip-deadline"] if args.skip_deadline else []
            cmd += (["--only", *args.only]) if args.only else []
            done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=600)  # noqa: S603
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-3000:])
            figures = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            server.terminate()
            server.wait(timeout=30)
            os.unlink(fh.name)
    result = {
        "benchmark": "load_overview",
        "tiny": args.tiny,
        "database": connection.vendor,
        "workers": args.workers,
        "province_units": plan["province_units"],
        "reset_reports": deleted,
        "load_average_1min": round(os.getloadavg()[0], 2),
        **figures,
    }
    report(result)
    return emit(result)


def report(result: dict) -> None:
    print(f"{'page':<20} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'login req/s':>12} {'ratio':>6} {'goal':>6}")
    for name, r in result.get("ratios", {}).items():
        page, login = r["page"], r["login"]
        print(
            f"{name:<20} {page['rps']:>7} {page['p50_ms']:>8} {page['p99_ms']:>8} {login['rps']:>12}"
            f" {r['ratio']:>6} {r.get('goal', ''):>6}"
        )
    d = result.get("deadline") or {}
    if "rps" in d:
        print(
            f"deadline: {d['supervisors']} supervisors + {d['clerks']} clerks, {d['seconds']} s: {d['rps']} req/s,"
            f" p95 {d['p95_ms']} ms, clerk writes p95 {d['clerk_write_p95_ms']} ms, errors {d['errors']}"
        )


if __name__ == "__main__":
    run()
