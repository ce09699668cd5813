"""Helpers of the live-system tests: a server process started from the command line on
127.0.0.1 (any free port), its tokens, and JSON over HTTP with the standard library only."""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


class Failure(AssertionError):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


class Server:
    """`akichi serve SCENARIO --db DB --listen 127.0.0.1:0`, stopped with SIGTERM by stop()."""

    def __init__(self, akichi, scenario, db, extra=()):
        self.akichi, self.scenario, self.db, self.extra = akichi, scenario, db, list(extra)
        self.proc = None
        self.url = None

    def start(self, timeout=120):
        self.proc = subprocess.Popen(
            [self.akichi, "serve", self.scenario, "--db", self.db, "--listen", "127.0.0.1:0",
             "--threads", os.environ.get("AKICHI_SERVE_THREADS", "2")] + self.extra,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + timeout
        line = ""
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
            if m:
                self.url = m.group(1)
                return self
        err = self.proc.stderr.read() if self.proc.poll() is not None else ""
        raise Failure(f"server did not start: {line!r} {err}")

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc is None:
            return None
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure("server did not stop within %d s of signal %d" % (timeout, sig))
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.proc = None
        return rc

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.proc = None

    def request(self, method, path, body=None, token=None, content_type="application/json",
                raw=None):
        """(status, decoded JSON or text) of one request."""
        data = None
        headers = {}
        if raw is not None:
            data = raw.encode() if isinstance(raw, str) else raw
            headers["Content-Type"] = content_type
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = content_type
        if token:
            headers["Authorization"] = "Bearer " + token
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                status, text, ctype = r.status, r.read().decode(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, text, ctype = e.code, e.read().decode(), e.headers.get("Content-Type", "")
        if "json" in ctype:
            return status, json.loads(text)
        return status, text

    def raw(self, path, headers=None):
        """(status, headers, body bytes) of a GET."""
        req = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def get(self, path, token=None):
        return self.request("GET", path, token=token)

    def post(self, path, body, token=None):
        return self.request("POST", path, body, token=token)


def make_token(akichi, db, role, licensee=None):
    cmd = [akichi, "serve", "token", "create", "--db", db, "--role", role]
    if licensee:
        cmd += ["--licensee", licensee]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    m = re.search(r": (ak_[0-9a-f]{64})$", out.splitlines()[0])
    check(m is not None, "token create printed no secret: " + out)
    return m.group(1)


def scenario_copy(src_dir):
    """A temporary copy of a scenario folder (the tests write databases and exports beside it)."""
    tmp = tempfile.mkdtemp(prefix="akichi-serve-")
    dst = os.path.join(tmp, os.path.basename(src_dir.rstrip("/")))
    shutil.copytree(src_dir, dst)
    return tmp, dst
