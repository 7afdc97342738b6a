"""pytest against snapengage-mock, for Python users: start the CLI on a free port, read its URL from the banner.

Needs Node.js and the package (see the README's "Installing it in your project"); only the standard library here.
Run: python3 -m pytest examples/python   (SNAPENGAGE_MOCK overrides the command, e.g. "node dist/cli.js")
"""
import json
import os
import re
import shlex
import signal
import subprocess
import threading
import urllib.error
import urllib.request

import pytest

KEY = "dev-api-key"


@pytest.fixture(scope="module")
def mock_url():
    command = shlex.split(os.environ.get("SNAPENGAGE_MOCK", "npx snapengage-mock")) + [
        "--port", "0", "--https-port", "off", "--db", ":memory:", "--clock", "virtual", "--no-fixtures", "--log-format", "json",
    ]
    # npx runs the server through a shell, two processes down: signalling npx alone would leave the server running.
    # In a session of their own, the three are stopped together (POSIX; on Windows run `node` on the package's
    # dist/cli.js instead of npx, and proc.terminate()).
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    url = None
    for line in proc.stdout:
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            url = match.group(1)
            break
    if url is None:
        proc.wait(timeout=10)
        pytest.fail(f"snapengage-mock exited ({proc.returncode}) before listening")
    # Keep reading its logs so the server never blocks on a full pipe; the pipe ends when every process holding it
    # (npx, its shell, the server) has exited.
    logs = []
    reader = threading.Thread(target=lambda: logs.extend(proc.stdout), daemon=True)
    reader.start()
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    reader.join(timeout=15)
    assert not reader.is_alive(), "snapengage-mock still running 15 s after SIGTERM"
    proc.wait(timeout=5)
    # npx itself dies of the signal; the server's own last line says it stopped cleanly.
    assert any(json.loads(line).get("msg") == "stopped" for line in logs if line.startswith("{"))


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {} if body is None else {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture(autouse=True)
def reset(mock_url):
    status, _ = call("POST", f"{mock_url}/_mock/reset?api_key={KEY}")
    assert status == 200


def test_creates_and_reads_a_user(mock_url):
    user = {"email": "jim@example.com", "name": "Jim", "password": "12345", "accountType": "biz"}
    status, created = call("PUT", f"{mock_url}/api/v1/user.json?api_key={KEY}", user)
    assert status == 201
    assert created == {"email": "jim@example.com", "name": "Jim", "phone": None, "accountType": "biz"}
    status, again = call("PUT", f"{mock_url}/api/v1/user.json?api_key={KEY}", user)
    assert status == 409 and again["error"]["code"] == "user_exists"


def test_a_fault_answers_429_once(mock_url):
    rule = {"api_key": KEY, "method": "GET", "path": "/api/v1/user.json", "status": 429, "count": 1}
    assert call("POST", f"{mock_url}/_mock/faults", rule)[0] == 201
    assert call("GET", f"{mock_url}/api/v1/user.json?api_key={KEY}&email=x@example.com")[0] == 429
    assert call("GET", f"{mock_url}/api/v1/user.json?api_key={KEY}&email=x@example.com")[0] == 404


def test_the_clock_is_virtual(mock_url):
    _, before = call("GET", f"{mock_url}/_mock/clock")
    status, after = call("POST", f"{mock_url}/_mock/clock/advance", {"ms": 60000})
    assert status == 200 and after["now"] == before["now"] + 60000
