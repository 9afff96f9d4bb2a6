"""A fake Zalo Bot API server for end-to-end tests: a separate process speaking HTTP on loopback.

Run: python fake_zalo_server.py --token T [--port 0] [--max-idle-wait 0.05]
It prints "READY <port>" once listening. Stdlib only, so it shares nothing with the bot.

Bot API (POST /bot<token>/<method>, JSON): getMe, getUpdates (one update, or HTTP 200
{"ok":false,"error_code":408} after the wait), setWebhook, deleteWebhook, getWebhookInfo,
sendMessage (refuses text over 2,000 UTF-16 units), sendPhoto, sendChatAction. A wrong token
gets ok:false 401 inside HTTP 200, as Zalo answers.

Test controls (JSON):
  POST /_test/reset                      forget everything but the token
  POST /_test/me {...}                   what getMe returns
  POST /_test/route {public: local}      where a webhook URL really is (the reverse proxy)
  POST /_test/user_message {...}         a person writes: queued for getUpdates, or, with a
                                         webhook set, POSTed to it at once; "secret" may be
                                         "right" (default), "wrong" or "missing"; answers
                                         {"queued": true} or {"status": <webhook's answer>}
  POST /_test/fail {method, times, status, body, headers}
                                         the next `times` calls of `method` get this answer
  GET  /_test/state                      calls made, messages sent, webhook, queue length
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_TEXT = 2000
DEFAULT_ME = {
    "id": "4711",
    "account_name": "Bot Giao Viec",
    "account_type": "BASIC",
    "can_join_groups": False,
}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class State:
    """Everything the fake remembers, behind one lock."""

    def __init__(self, token: str, max_idle_wait: float) -> None:
        self.token = token
        self.max_idle_wait = max_idle_wait
        self.cond = threading.Condition()
        self.reset()

    def reset(self) -> None:
        with self.cond:
            self.me: dict[str, Any] = dict(DEFAULT_ME)
            self.updates: deque[dict[str, Any]] = deque()
            self.webhook: dict[str, str] | None = None
            self.routes: dict[str, str] = {}
            self.calls: list[str] = []
            self.sent: list[dict[str, Any]] = []
            self.failures: dict[str, deque[dict[str, Any]]] = {}
            self.idle_polls = 0
            self.next_id = 1
            self.cond.notify_all()

    def message_id(self) -> str:
        with self.cond:
            self.next_id += 1
            return f"{self.next_id:020x}"


class Handler(BaseHTTPRequestHandler):
    """One request: the Bot API or a test control."""

    server: FakeZaloServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: pytest shows stderr of a failing test

    # --- plumbing ---

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        return json.loads(raw)

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/_test/state":
            state = self.server.state
            with state.cond:
                self._send(
                    200,
                    {
                        "calls": list(state.calls),
                        "sent": list(state.sent),
                        "webhook": state.webhook,
                        "pending": len(state.updates),
                        "idle_polls": state.idle_polls,
                    },
                )
            return
        self._send(404, {"ok": False, "error_code": 404, "description": "Not found"})

    def do_POST(self) -> None:
        try:
            body = self._body()
        except ValueError:
            self._send(400, {"ok": False, "error_code": 400, "description": "Bad JSON"})
            return
        if self.path.startswith("/_test/"):
            self._control(self.path.removeprefix("/_test/"), body)
            return
        prefix = "/bot"
        if not self.path.startswith(prefix) or self.path.count("/") != 2:
            self._send(404, {"ok": False, "error_code": 404, "description": "Not found"})
            return
        token, _, method = self.path[len(prefix) :].partition("/")
        self._bot_api(urllib.parse.unquote(token), method, body if isinstance(body, dict) else {})

    # --- Bot API ---

    def _bot_api(self, token: str, method: str, params: dict[str, Any]) -> None:
        state = self.server.state
        with state.cond:
            state.calls.append(method)
            failure = state.failures.get(method)
            scripted = failure.popleft() if failure else None
        if token != state.token:
            self._send(200, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        if scripted is not None:
            self._send(scripted["status"], scripted["body"], scripted.get("headers"))
            return
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            self._send(200, {"ok": False, "error_code": 404, "description": "Method not found"})
            return
        status, body = handler(params)
        self._send(status, body)

    @staticmethod
    def _ok(result: Any) -> tuple[int, dict[str, Any]]:
        return 200, {"ok": True, "result": result}

    @staticmethod
    def _error(code: int, description: str) -> tuple[int, dict[str, Any]]:
        return 200, {"ok": False, "error_code": code, "description": description}

    def _m_getMe(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.server.state.cond:
            return self._ok(dict(self.server.state.me))

    def _m_getUpdates(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        state = self.server.state
        try:
            wait = float(params.get("timeout", 30))
        except (TypeError, ValueError):
            return self._error(400, "Bad request: timeout")
        deadline = time.monotonic() + min(wait, state.max_idle_wait)
        with state.cond:
            if state.webhook is not None:
                return self._error(400, "Bad request: webhook is set")
            while not state.updates:
                left = deadline - time.monotonic()
                if left <= 0:
                    state.idle_polls += 1
                    return self._error(408, "Request timeout")
                state.cond.wait(left)
            return self._ok(state.updates.popleft())

    def _m_setWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        url, secret = str(params.get("url", "")), str(params.get("secret_token", ""))
        if not url.startswith("https://"):
            return self._error(400, "Bad request: url must be https")
        if not 8 <= len(secret) <= 256:
            return self._error(400, "Bad request: secret_token")
        with self.server.state.cond:
            self.server.state.webhook = {"url": url, "secret": secret}
        return self._ok({"url": url, "updated_at": int(time.time() * 1000)})

    def _m_deleteWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.server.state.cond:
            self.server.state.webhook = None
        return self._ok({"url": "", "updated_at": int(time.time() * 1000)})

    def _m_getWebhookInfo(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.server.state.cond:
            hook = self.server.state.webhook
        return self._ok({"url": hook["url"] if hook else "", "updated_at": 0})

    def _record(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        state = self.server.state
        with state.cond:
            state.sent.append({"method": method, **params})
        return self._ok({"message_id": state.message_id(), "date": int(time.time() * 1000)})

    def _m_sendMessage(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        text = params.get("text")
        if not params.get("chat_id") or not isinstance(text, str):
            return self._error(400, "Bad request: chat_id and text are required")
        if not 1 <= utf16_length(text) <= MAX_TEXT:
            return self._error(400, f"Bad request: text must be 1-{MAX_TEXT} characters")
        return self._record("sendMessage", params)

    def _m_sendPhoto(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        photo = str(params.get("photo", ""))
        if not params.get("chat_id") or not photo.startswith(("http://", "https://")):
            return self._error(400, "Bad request: photo must be a URL")
        return self._record("sendPhoto", params)

    def _m_sendChatAction(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if params.get("action") != "typing":
            return self._error(400, "Bad request: action")
        with self.server.state.cond:
            self.server.state.sent.append({"method": "sendChatAction", **params})
        return 200, {"ok": True}

    # --- controls ---

    def _control(self, name: str, body: Any) -> None:
        state = self.server.state
        if name == "reset":
            state.reset()
            self._send(200, {"ok": True})
        elif name == "me":
            with state.cond:
                state.me = {**DEFAULT_ME, **body}
            self._send(200, {"ok": True})
        elif name == "route":
            with state.cond:
                state.routes.update(body)
            self._send(200, {"ok": True})
        elif name == "fail":
            answer = {
                "status": int(body.get("status", 200)),
                "body": body.get("body"),
                "headers": body.get("headers") or {},
            }
            with state.cond:
                queue = state.failures.setdefault(str(body["method"]), deque())
                queue.extend([answer] * int(body.get("times", 1)))
            self._send(200, {"ok": True})
        elif name == "user_message":
            self._user_message(body)
        else:
            self._send(404, {"ok": False, "description": f"no control {name}"})

    def _user_message(self, body: dict[str, Any]) -> None:
        state = self.server.state
        chat_id = str(body.get("chat_id", "u-1"))
        message: dict[str, Any] = {
            "message_id": state.message_id(),
            "date": int(time.time() * 1000),
            "chat": {"id": chat_id, "chat_type": body.get("chat_type", "PRIVATE")},
            "from": {
                "id": str(body.get("from_id", chat_id)),
                "display_name": body.get("display_name", "Người dùng"),
                "is_bot": False,
            },
        }
        if "text" in body:
            message["text"] = body["text"]
        message.update(body.get("extra") or {})
        update = {
            "event_name": body.get("event_name", "message.text.received"),
            "message": message,
        }
        with state.cond:
            hook = dict(state.webhook) if state.webhook else None
            target = state.routes.get(hook["url"], "") if hook else ""
            if hook is None:
                state.updates.append(update)
                state.cond.notify_all()
        if hook is None:
            self._send(200, {"queued": True, "message_id": message["message_id"]})
            return
        self._send(200, {"status": deliver(target, update, hook["secret"], body)})


def deliver(target: str, update: dict[str, Any], secret: str, body: dict[str, Any]) -> int:
    """POST `update` to the bot's webhook listener as Zalo would; the status it answered."""
    mode = body.get("secret", "right")
    headers = {"Content-Type": "application/json"}
    if mode == "right":
        headers["X-Bot-Api-Secret-Token"] = secret
    elif mode == "wrong":
        headers["X-Bot-Api-Secret-Token"] = secret[:-1] + ("x" if secret[-1] != "x" else "y")
    payload = update if body.get("bare") else {"ok": True, "result": update}
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(target, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0  # nothing listening


class FakeZaloServer(ThreadingHTTPServer):
    """The HTTP server holding the fake's state."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: State) -> None:
        super().__init__(address, Handler)
        self.state = state

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a client gone mid-answer (a bot stopping during a long poll) is not the fake's error
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--token", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-idle-wait", type=float, default=0.05)
    args = parser.parse_args()
    server = FakeZaloServer((args.host, args.port), State(args.token, args.max_idle_wait))
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
