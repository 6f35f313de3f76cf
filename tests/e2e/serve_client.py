"""The client half of test_serve.sh (environment: TMP, URL)."""
import http.client
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

URL = os.environ["URL"]
TMP = os.environ["TMP"]
HOST = urllib.parse.urlparse(URL)
passed = failed = 0


def t(name, ok):
    global passed, failed
    print(("ok - " if ok else "not ok - ") + name)
    if ok:
        passed += 1
    else:
        failed += 1


def get(path):
    try:
        with urllib.request.urlopen(URL + path.lstrip("/"), timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def raw(path):
    """A request with the path exactly as written (no client-side normalising)."""
    c = http.client.HTTPConnection(HOST.hostname, HOST.port, timeout=10)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, body


def status():
    gen, state = get("/__taskdoc/status")[1].split()
    return int(gen), state


def wait_gen(after, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        gen, state = status()
        if gen > after:
            return gen, state
        time.sleep(0.05)
    return None, None


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))


ws = "content/workstreams/docs.yaml"
code, body = get("/")
t("GET / is the site's index", code == 200 and "<title>" in body)
t("served pages carry the reload script", "/__taskdoc/reload.js?gen=" in body)
code, body = get("/workstreams/docs.html")
t("GET a workstream page", code == 200 and "User guide" in body)
t("GET the reload script", get("/__taskdoc/reload.js")[0] == 200)

# live reload: a long poll waiting for the next generation is answered by the edit
gen0, _ = status()
answer = {}


def poll():
    answer["body"] = get(f"/__taskdoc/wait.js?since={gen0}")[1]


th = threading.Thread(target=poll)
th.start()
time.sleep(0.3)
edit(ws, "title: User guide", "title: User handbook")
gen1, state = wait_gen(gen0)
th.join(30)
t("an edit is rebuilt", gen1 is not None and state == "ok")
t("the waiting page is told to reload", "location.reload()" in answer.get("body", ""))
code, body = get("/workstreams/docs.html")
t("the change is served", code == 200 and "User handbook" in body)

# a bad save: every page shows the error; the next good save brings the site back
edit("content/project.yaml", "risks:", "risks: [")
gen2, state = wait_gen(gen1)
t("a bad save is an error generation", state == "error")
code, body = get("/index.html")
t("a page shows the error instead of the site", code == 500 and "The plan has errors" in body
  and re.search(r"project\.yaml:\d+:\d+: error:", body) is not None)
t("the error page reloads too", "/__taskdoc/reload.js?gen=" in body)
edit("content/project.yaml", "risks: [", "risks:")
gen3, state = wait_gen(gen2)
t("the next good save brings the site back", state == "ok" and get("/index.html")[0] == 200)

# nothing outside the folder
os.symlink(os.path.join(TMP, "outside.txt"), "site/out-link.txt")
os.symlink(TMP, "site/out-dir")
for p in ["/../taskdoc.yaml", "/%2e%2e/taskdoc.yaml", "/workstreams/../../taskdoc.yaml",
          "/out-link.txt", "/out-dir/outside.txt", "/./index.html", "/..%2ftaskdoc.yaml"]:
    code, body = raw(p)
    t(f"refused: {p} ({code})", code in (403, 404) and "secret" not in body and "content:" not in body)
t("a missing file is 404", raw("/nope.html")[0] == 404)

try:
    urllib.request.urlopen(urllib.request.Request(URL, data=b"x", method="POST"), timeout=10)
    t("POST is refused", False)
except urllib.error.HTTPError as e:
    t("POST is refused", e.code == 405)

# a hundred rapid saves while eight clients keep fetching
stop = threading.Event()
errors = []
count = [0]


def client():
    while not stop.is_set():
        try:
            code, _ = get("/workstreams/docs.html")
            if code not in (200, 500):
                errors.append(code)
            count[0] += 1
        except Exception as e:  # noqa: BLE001 - any failure counts
            errors.append(repr(e))


clients = [threading.Thread(target=client) for _ in range(8)]
for c in clients:
    c.start()
gen4, _ = status()
for i in range(100):
    edit(ws, re.search(r"title: User handbook[^\n]*", open(ws).read()).group(0), f"title: User handbook {i}")
    time.sleep(0.005)
time.sleep(0.5)
end = time.time() + 30
while time.time() < end:
    gen, state = status()
    if state == "ok" and "User handbook 99" in get("/workstreams/docs.html")[1]:
        break
    time.sleep(0.1)
stop.set()
for c in clients:
    c.join(30)
t(f"100 saves: the last one is served ({status()[0] - gen4} rebuilds)", "User handbook 99" in get("/workstreams/docs.html")[1])
t(f"{count[0]} concurrent requests, none failed", not errors and count[0] > 0)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
