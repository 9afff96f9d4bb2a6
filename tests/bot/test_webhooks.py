"""The Telegram and Zalo webhook routes under attack, in a process of their own whose memory is
measured: a wrong secret is refused on the headers, before any of a 50 MB body is read; bodies
are capped, requests in flight too; bad JSON is a 400, logged cut short."""

from __future__ import annotations

import json
import select
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.bot.telegram.webhook_server import TELEGRAM_SECRET, ZALO_SECRET

REPO = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
ATTACK_MB = 50
# Allowed growth of the server's peak memory over a whole attack.
MAX_GROWTH_KB = 20 * 1024
CHUNK = b"0" * MB

ROUTES = {
    "telegram": ("/tg", "X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET),
    "zalo": ("/zalo", "X-Bot-Api-Secret-Token", ZALO_SECRET),
}
UPDATES = {
    "telegram": {
        "update_id": 42,
        "message": {
            "message_id": 1,
            "date": 1677600000,
            "chat": {"id": 7, "type": "private", "first_name": "Lan"},
            "from": {"id": 7, "is_bot": False, "first_name": "Lan"},
            "text": "/trogiup",
        },
    },
    "zalo": {
        "event_name": "message.text.received",
        "message": {
            "message_id": "m1",
            "date": 1677600000000,
            "chat": {"id": "z-7", "chat_type": "PRIVATE"},
            "from": {"id": "z-7", "display_name": "Lan"},
            "text": "/trogiup",
        },
    },
}


@dataclass
class Server:
    process: subprocess.Popen[str]
    ports: dict[str, int]
    stderr: list[str]
    stdout: list[str]

    def status(self, field: str) -> int:
        """A memory figure of the process from /proc (kB): VmRSS, VmHWM (its peak)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise AssertionError(f"no {field} for {self.process.pid}")


def _start(in_flight: int) -> Iterator[Server]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.bot.telegram.webhook_server", str(in_flight)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    out, err = process.stdout, process.stderr
    stderr: list[str] = []
    stdout: list[str] = []
    readers = [threading.Thread(target=lambda: stderr.extend(err), daemon=True)]
    readers[0].start()
    first = out.readline()
    assert first, "".join(stderr)
    readers.append(threading.Thread(target=lambda: stdout.extend(out), daemon=True))
    readers[1].start()
    try:
        yield Server(process, json.loads(first), stderr, stdout)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for reader in readers:
            reader.join(10)
        out.close()
        err.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if not Path("/proc/self/status").exists():
        pytest.skip("memory is read from /proc (Linux)")
    yield from _start(16)


def _status_of(sock: socket.socket, wait: float) -> int | None:
    """The status line's code, if the server answers within `wait` seconds."""
    ready, _, _ = select.select([sock], [], [], wait)
    if not ready:
        return None
    try:
        head = sock.recv(4096)
    except ConnectionResetError:
        return None
    if not head.startswith(b"HTTP/1.1 "):
        return None
    return int(head.split()[1])


@dataclass
class Posted:
    status: int | None
    before_body: bool  # answered before a byte of the body was sent
    body_sent: int  # bytes of the body the server took before closing


def post(
    port: int,
    path: str,
    headers: dict[str, str],
    body: bytes = b"",
    *,
    megabytes: int = 0,
    chunked: bool = False,
) -> Posted:
    """POST `body` (or `megabytes` of zeros) the way an attacker would: headers, then the
    body as fast as the server takes it; the answer is read as soon as it comes."""
    size = len(body) + megabytes * MB
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
        lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}")
        lines += [f"{k}: {v}" for k, v in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        status = _status_of(sock, 0.5)  # a server checking headers first answers now
        before = status is not None
        sent = 0
        try:
            pieces = [body] if body else []
            pieces += [CHUNK] * megabytes
            for piece in pieces:
                if chunked:
                    piece = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
                sock.sendall(piece)
                sent += len(piece)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed: it reads no more of it
        if status is None:
            status = _status_of(sock, 10)
        return Posted(status, before, sent)


def attack(server: Server, route: str, headers: dict[str, str], parallel: int = 6) -> list[Posted]:
    path = ROUTES[route][0]
    results: list[Posted] = []

    def one() -> None:
        results.append(post(server.ports[route], path, headers, megabytes=ATTACK_MB))

    threads = [threading.Thread(target=one) for _ in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.mark.parametrize("route", ["telegram", "zalo"])
def test_a_wrong_secret_is_refused_before_any_of_50_mb_is_read(server: Server, route: str) -> None:
    path, header, secret = ROUTES[route]
    ok = post(server.ports[route], path, {header: secret}, json.dumps(UPDATES[route]).encode())
    assert ok.status == 200
    peak = server.status("VmHWM")
    for headers in ({header: "guess"}, {}):
        results = attack(server, route, headers)
        assert [r.status for r in results] == [403] * 6
        assert all(r.before_body for r in results)
    growth = server.status("VmHWM") - peak
    print(f"{route}: peak RSS grew {growth} kB over 12 x {ATTACK_MB} MB refused")
    assert growth <= MAX_GROWTH_KB


@pytest.mark.parametrize("route", ["telegram", "zalo"])
def test_a_body_over_the_cap_is_refused(server: Server, route: str) -> None:
    path, header, secret = ROUTES[route]
    peak = server.status("VmHWM")
    declared = attack(server, route, {header: secret}, parallel=3)
    assert [(r.status, r.before_body) for r in declared] == [(413, True)] * 3
    # no length declared: counted as it comes, refused past the cap
    streamed = post(server.ports[route], path, {header: secret}, megabytes=ATTACK_MB, chunked=True)
    assert streamed.status == 413
    assert streamed.body_sent < 20 * MB
    growth = server.status("VmHWM") - peak
    print(f"{route}: peak RSS grew {growth} kB over 4 x {ATTACK_MB} MB too large")
    assert growth <= MAX_GROWTH_KB


@pytest.mark.parametrize("route", ["telegram", "zalo"])
def test_bad_json_is_a_400_logged_cut_short(server: Server, route: str) -> None:
    path, header, secret = ROUTES[route]
    port = server.ports[route]
    secret_header = {header: secret}
    bodies = [
        b'{"update_id": 1, "message": ' + b"x" * 100_000,  # not JSON
        b"[" * 100_000 + b"]" * 100_000,  # nested past any decoder
        b'{"message": "\xff\xfe not utf-8"}',
        json.dumps({"secret": "s" * 100_000}).encode(),  # JSON, but no update
        b"[]",
    ]
    for body in bodies:
        answered = post(port, path, secret_header, body)
        assert answered.status == 400, body[:40]
    logged = [line for line in server.stderr if "webhook" in line and "400" not in line]
    assert logged
    assert max(len(line) for line in logged) < 1000  # never the whole payload
    assert not any(line.startswith(("CRITICAL", "ERROR")) for line in server.stderr)
    assert not any("Traceback" in line for line in server.stderr)


def test_requests_in_flight_are_capped_and_released() -> None:
    for server in _start(2):
        port = server.ports["telegram"]
        path, header, secret = ROUTES["telegram"]
        body = json.dumps(UPDATES["telegram"]).encode()
        held = []
        for _ in range(2):  # two slow senders take both places
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            head = (
                f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n"
                f"{header}: {secret}\r\n\r\n"
            )
            sock.sendall(head.encode() + body[:10])
            held.append(sock)
        assert _status_of(held[0], 0.3) is None  # still waiting for the rest
        third = post(port, path, {header: secret}, body)
        assert (third.status, third.before_body) == (503, True)
        held[0].sendall(body[10:])
        assert _status_of(held[0], 10) == 200
        held[1].close()  # a sender that gives up frees its place too
        for sock in held:
            sock.close()
        again = [post(port, path, {header: secret}, body).status for _ in range(2)]
        assert again == [200, 200]
