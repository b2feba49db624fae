"""report.html in a real browser: Debian's chromium, headless, driven over the DevTools
protocol on a pipe (--remote-debugging-pipe: fd 3 in, fd 4 out; no websocket, no packages).

    browser_report.py CHROMIUM REPORT.html EVIDENCE.csv SHOT.png

Loads the page and fails if the page logs a console error or an exception, if it requests
anything but itself, if a chart has no size, if the screenshot is blank (counted in a canvas
of a separate blank page), if printing to A4 fails, or if a figure in the DOM differs from
evidence.csv: data-value must be the CSV's text exactly and the shown text must round from it.
Exit 0 on success, 1 on a failure, 77 when chromium cannot start at all (test_report_cli
fails on it unless STIPEND_SKIP_BROWSER=1).
"""
import base64
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe"]


class Browser:
    def __init__(self, exe, profile):
        to_child_r, self.w = os.pipe()
        self.r, from_child_w = os.pipe()

        def fds():
            # through fresh copies: a pipe may already sit on 3 or 4, and dup2 onto itself
            # would keep its close-on-exec flag
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.p = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=fds)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        m = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        os.write(self.w, json.dumps(m).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            msg = self._read(deadline)
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, method, session, timeout=60):
        deadline = time.time() + timeout
        for e in self.events:
            if e.get("method") == method and e.get("sessionId") == session:
                return e
        while True:
            msg = self._read(deadline)
            self.events.append(msg)
            if msg.get("method") == method and msg.get("sessionId") == session:
                return msg

    def page(self, url):
        t = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = self.send("Target.attachToTarget", {"targetId": t, "flatten": True})["sessionId"]
        for d in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{d}.enable", session=s)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 900, "height": 1200, "deviceScaleFactor": 1, "mobile": False},
                  session=s)
        self.send("Page.navigate", {"url": url}, session=s)
        self.wait_event("Page.loadEventFired", s)
        return s

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def number(text, scale, nb):
    """The value a cell shows, in the CSV's unit."""
    t = text.replace("\u2009", "").replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    t = re.sub(r"(pp|p\.p\.|%|NOKmillion|mill\.kr)$", "", t).lstrip("+")
    if nb:
        t = t.replace(",", ".")
    v = float(t)
    decimals = len(t.split(".")[1]) if "." in t else 0
    unit = {"million": 1e6, "percent": 0.01, "one": 1}[scale]
    return v * unit, 0.5 * 10 ** -decimals * unit


def main():
    exe, html, evidence, shot = sys.argv[1:5]
    bad = []
    try:
        v = subprocess.run([exe, "--headless", "--no-sandbox", "--version"], capture_output=True,
                           timeout=60, text=True)
        if v.returncode != 0:
            raise OSError(v.stderr.strip())
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"SKIP: chromium cannot run: {e}", file=sys.stderr)
        return 77
    url = "file://" + os.path.abspath(html)
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(exe, profile)
        try:
            s = b.page(url)
            time.sleep(0.5)  # late events (a failed request reports after the load)
            b.send("Runtime.evaluate", {"expression": "1"}, session=s)
            dom = b.send("Runtime.evaluate", {"returnByValue": True, "expression": """
              JSON.stringify({
                lang: document.documentElement.lang,
                cells: [...document.querySelectorAll('[data-measure]')].map(e => ({
                  reform: e.dataset.reform, measure: e.dataset.measure, field: e.dataset.field,
                  value: e.dataset.value, scale: e.dataset.scale, text: e.textContent.trim()})),
                charts: [...document.querySelectorAll('figure.chart svg')].map(e => {
                  const r = e.getBoundingClientRect();
                  return {id: e.parentNode.id, w: r.width, h: r.height,
                          marks: e.querySelectorAll('rect,polyline').length};}),
                scripts: document.scripts.length,
                height: document.documentElement.scrollHeight})"""}, session=s)
            d = json.loads(dom["result"]["value"])
            h = min(int(d["height"]), 16000)
            png = b.send("Page.captureScreenshot",
                         {"format": "png", "captureBeyondViewport": True,
                          "clip": {"x": 0, "y": 0, "width": 900, "height": h, "scale": 1}},
                         session=s)["data"]
            with open(shot, "wb") as f:
                f.write(base64.b64decode(png))
            pdf = b.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                             "printBackground": True}, session=s)["data"]
            pages = base64.b64decode(pdf).count(b"/Type /Page\n") or \
                len(re.findall(rb"/Type\s*/Page[^s]", base64.b64decode(pdf)))
            events = [e for e in b.events if e.get("sessionId") == s]
            # a blank page is one colour: count the screenshot's non-white pixels in a canvas
            # of a page of its own (the report's policy allows no canvas work, rightly)
            s2 = b.page("about:blank")
            ink = b.send("Runtime.evaluate", {"awaitPromise": True, "returnByValue": True,
                                              "expression": """
              new Promise(ok => { const i = new Image(); i.onload = () => {
                const c = document.createElement('canvas'); c.width = i.width; c.height = i.height;
                const x = c.getContext('2d'); x.drawImage(i, 0, 0);
                const p = x.getImageData(0, 0, i.width, i.height).data; let n = 0;
                for (let k = 0; k < p.length; k += 4) if (p[k] < 200 || p[k+1] < 200 || p[k+2] < 200) n++;
                ok({w: i.width, h: i.height, ink: n}); }; i.src = 'data:image/png;base64,%s'; })
              """ % png}, session=s2, timeout=120)["result"]["value"]
        finally:
            b.close()
    # no console errors, no exceptions, nothing requested but the page itself
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            bad.append(f"console error: {p.get('args')}")
        elif m == "Runtime.exceptionThrown":
            bad.append(f"exception: {p.get('exceptionDetails', {}).get('text')}")
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            bad.append(f"log error: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        elif m == "Network.requestWillBeSent" and p.get("request", {}).get("url") != url:
            bad.append(f"network request: {p['request']['url']}")
    if d["scripts"]:
        bad.append(f"{d['scripts']} script elements")
    if not d["charts"]:
        bad.append("no chart")
    for c in d["charts"]:
        if c["w"] < 100 or c["h"] < 50 or c["marks"] < 2:
            bad.append(f"chart {c['id']} is not visible: {c}")
    if ink["w"] != 900 or ink["ink"] < 0.005 * ink["w"] * ink["h"]:
        bad.append(f"the screenshot is blank: {ink}")
    if pages < 1:
        bad.append("printing to A4 gave no pages")
    # the figures against evidence.csv
    with open(evidence, newline="", encoding="utf-8") as f:
        ev = {(r["reform"], r["measure"]): r for r in csv.DictReader(f)}
    seen = set()
    nb = d["lang"] == "nb"
    for c in d["cells"]:
        key = (c["reform"], c["measure"])
        row = ev.get(key)
        if row is None:
            bad.append(f"{key}: in the page, not in evidence.csv")
            continue
        want = row.get(c["field"])
        if want is None:
            bad.append(f"{key}: field {c['field']!r} is not a column of evidence.csv")
            continue
        if c["value"] != want:
            bad.append(f"{key} {c['field']}: data-value {c['value']!r}, evidence.csv {want!r}")
        if want == "":
            if c["text"] not in ("", "–"):
                bad.append(f"{key} {c['field']}: shows {c['text']!r} for an empty value")
        else:
            try:
                shown, tol = number(c["text"], c["scale"], nb)
                if abs(shown - float(want)) > tol * 1.0001 + 1e-9:
                    bad.append(f"{key} {c['field']}: shows {c['text']!r}, evidence.csv {want}")
            except ValueError:
                bad.append(f"{key} {c['field']}: {c['text']!r} is not a number")
        seen.add((key, c["field"]))
    for key, row in ev.items():
        for field in ("baseline_value", "reform_value", "difference", "difference_ci95_low",
                      "difference_ci95_high"):
            if row.get(field, "") != "" and (key, field) not in seen:
                bad.append(f"{key} {field}: in evidence.csv, not in the page")
    for x in bad:
        print("FAIL:", x, file=sys.stderr)
    print(f"{len(d['cells'])} figures, {len(d['charts'])} charts, {pages} A4 pages, "
          f"{ink['ink']} inked pixels of {ink['w']}x{ink['h']}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
