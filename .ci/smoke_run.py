"""Run the README's first command (./run) from this clone as a new user would, twice.

First start: it sets up, loads the demo and prints a login; we sign in with it and change
something. Second start: the data is still there (the change survives, no second demo load).
"""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

PORT = int(os.environ.get("SMOKE_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"


def start() -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen(
        ["./run", "--port", str(PORT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    serving = threading.Event()

    def pump():  # echo the output as it comes; never block the test on it
        for line in process.stdout:
            print("  run>", line.rstrip(), flush=True)
            lines.append(line)
            if "serving at" in line:
                serving.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + 600
    while not serving.wait(timeout=1):
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit("./run exited or did not start serving within 10 minutes")
    wait_ready()
    return process, lines


def wait_ready() -> None:
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{BASE}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    sys.exit("/readyz never answered 200")


def port_closed() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) != 0


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as a person would: everything stops and the port is free again."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        sys.exit("./run did not stop within 40 s of Ctrl-C")
    for _ in range(50):
        if port_closed():
            return
        time.sleep(0.1)
    sys.exit(f"after Ctrl-C something still listens on port {PORT}")


def browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def csrf(jar) -> str:
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def sign_in(email: str, password: str):
    opener, jar = browser()
    opener.open(f"{BASE}/accounts/login/").read()
    form = urllib.parse.urlencode(
        {"login": email, "password": password, "csrfmiddlewaretoken": csrf(jar)}
    ).encode()
    request = urllib.request.Request(
        f"{BASE}/accounts/login/", data=form, headers={"Referer": f"{BASE}/accounts/login/"}
    )
    with opener.open(request) as response:
        page = response.read().decode()
        if response.url.rstrip("/") != BASE:
            sys.exit(f"signing in as {email} did not reach the home page: {response.url}")
    return opener, jar, page


def api(opener, jar, method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{BASE}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "X-CSRFToken": csrf(jar), "Referer": BASE},
    )
    with opener.open(request) as response:
        return json.loads(response.read())


def main() -> None:
    process, lines = start()
    output = "".join(lines)
    found = re.search(r"Sign in at \S+ as (\S+@\S+) / (\S+)", output)
    if not found:
        stop(process)
        sys.exit("./run did not print a demo login ('Sign in at URL as EMAIL / PASSWORD')")
    email, password = found.groups()
    opener, jar, _ = sign_in(email, password)
    me = api(opener, jar, "PATCH", "/api/v1/me", {"job_title": "Smoke tester"})
    assert me["job_title"] == "Smoke tester", me
    print(f"signed in as {email} and changed the job title")
    stop(process)

    process, lines = start()
    output = "".join(lines)
    try:
        if "demo is already loaded" not in output:
            sys.exit("the second start did not find the demo already loaded: data was not kept")
        opener, jar, _ = sign_in(email, password)
        me = api(opener, jar, "GET", "/api/v1/me")
        if me["job_title"] != "Smoke tester":
            sys.exit(f"the change did not survive a restart: {me}")
        print("second start kept the data: sign-in works and the change is there")
    finally:
        stop(process)


if __name__ == "__main__":
    main()
