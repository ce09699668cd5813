"""Debian's chromium, headless, driven over the DevTools protocol with the websocket module: the
browser of the end-to-end tests (the live system's web page, the study report). The events the
page sends while a command waits for its answer (console messages, exceptions, network requests)
are kept in `events`."""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket


class BrowserFailure(AssertionError):
    pass


def _check(cond, what):
    if not cond:
        raise BrowserFailure(what)


class Browser:
    """A headless chromium and its one page, over the DevTools protocol."""

    def __init__(self, window_size="1400,900"):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        _check(exe is not None, "chromium is not installed (scripts/setup.sh installs it)")
        self.profile = tempfile.mkdtemp(prefix="akichi-chromium-")
        args = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}", f"--window-size={window_size}", "about:blank"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 60
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            _check(time.time() < deadline and self.proc.poll() is None, "chromium did not start")
            time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
        page = next(p for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                _check("error" not in msg, f"{method}: {msg.get('error')}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def js(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                      returnByValue=True)
        _check("exceptionDetails" not in r,
               f"script failed: {expression}: {r.get('exceptionDetails')}")
        return r["result"].get("value")

    def mouse(self, kind, x, y):
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                  buttons=1 if kind != "mouseReleased" else 0, clickCount=1)

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(30)
            shutil.rmtree(self.profile, ignore_errors=True)
