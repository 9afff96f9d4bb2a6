"""The Zalo client against httpx.MockTransport: paths, bodies, envelopes, errors, no token leaks."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bot.zalo.client import (
    ZaloApiError,
    ZaloClient,
    ZaloRetryAfter,
    ZaloTransientError,
    mask_token,
)
from bot.zalo.schema import IMAGE_EVENT, TEXT_EVENT

TOKEN = "1234567890:s3cr3t-T0ken_value"
SECRET_PART = "s3cr3t-T0ken_value"
BASE = "https://zalo.test"

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler answering from a table and remembering each request."""

    def __init__(self, answer: Handler) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    @property
    def last_body(self) -> dict[str, Any]:
        body = json.loads(self.requests[-1].content)
        assert isinstance(body, dict)
        return body


def ok(result: object) -> Handler:
    return lambda request: httpx.Response(200, json={"ok": True, "result": result})


def client_for(handler: Handler) -> ZaloClient:
    return ZaloClient(TOKEN, base_url=BASE, transport=httpx.MockTransport(handler))


TEXT_UPDATE = {
    "event_name": TEXT_EVENT,
    "message": {
        "message_id": "2d6f1ac0a1b2c3d4e5f6",
        "date": 1764320000000,
        "chat": {"id": "u-42", "chat_type": "PRIVATE"},
        "from": {"id": "u-42", "display_name": "Nguyễn Văn A", "is_bot": False},
        "text": "/viec Phòng Nội vụ",
    },
}


# --- requests ---------------------------------------------------------------------------------


async def test_each_method_posts_json_to_its_path_with_the_token() -> None:
    rec = Recorder(ok({"message_id": "m1", "date": 1764320000000}))
    async with client_for(rec) as client:
        sent = await client.send_message("u-42", "Xin chào")
    assert sent.message_id == "m1"
    assert sent.date_ms == 1764320000000
    request = rec.requests[0]
    assert request.method == "POST"
    assert request.url.path == f"/bot{TOKEN}/sendMessage"
    assert request.headers["content-type"] == "application/json"
    assert rec.last_body == {"chat_id": "u-42", "text": "Xin chào"}


async def test_a_base_url_with_a_path_keeps_it() -> None:
    rec = Recorder(ok({"id": "1", "account_name": "Bot Giao Viec"}))
    client = ZaloClient(
        TOKEN, base_url="http://127.0.0.1:9/zalo/", transport=httpx.MockTransport(rec)
    )
    async with client:
        await client.get_me()
    assert str(rec.requests[0].url) == f"http://127.0.0.1:9/zalo/bot{TOKEN}/getMe"


async def test_get_me_reads_the_bot_and_its_group_capability() -> None:
    rec = Recorder(
        ok(
            {
                "id": "4711",
                "account_name": "Bot Giao Viec",
                "account_type": "BASIC",
                "can_join_groups": True,
            }
        )
    )
    async with client_for(rec) as client:
        me = await client.get_me()
    assert (me.id, me.account_name, me.account_type, me.can_join_groups) == (
        "4711",
        "Bot Giao Viec",
        "BASIC",
        True,
    )


async def test_get_updates_returns_one_parsed_update_and_asks_for_the_timeout() -> None:
    rec = Recorder(ok(TEXT_UPDATE))
    async with client_for(rec) as client:
        update = await client.get_updates(wait=25)
    assert rec.last_body == {"timeout": 25}
    assert rec.requests[0].url.path.endswith("/getUpdates")
    # the read may wait longer than the poll itself
    assert rec.requests[0].extensions["timeout"]["read"] == 35
    assert update is not None
    assert update.event_name == TEXT_EVENT
    assert update.message is not None
    assert update.message.text == "/viec Phòng Nội vụ"
    assert update.message.chat.id == "u-42"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(
            200, json={"ok": False, "error_code": 408, "description": "Request timeout"}
        ),
        httpx.Response(408, json={"ok": False, "error_code": 408, "description": "timeout"}),
        httpx.Response(408, text="Request Timeout"),
    ],
    ids=["ok-false-in-200", "http-408-json", "http-408-bare"],
)
async def test_an_idle_poll_is_no_update_not_an_error(response: httpx.Response) -> None:
    async with client_for(lambda request: response) as client:
        assert await client.get_updates(wait=1) is None


async def test_an_idle_408_is_an_error_outside_get_updates() -> None:
    answer = httpx.Response(200, json={"ok": False, "error_code": 408, "description": "timeout"})
    async with client_for(lambda request: answer) as client:
        with pytest.raises(ZaloApiError) as caught:
            await client.send_message("u-42", "x")
    assert caught.value.error_code == 408


async def test_webhook_methods() -> None:
    rec = Recorder(ok({"url": "https://bot.example.vn/zalo", "updated_at": 1764320000000}))
    async with client_for(rec) as client:
        info = await client.set_webhook("https://bot.example.vn/zalo", "a-secret-of-24-characters")
        assert rec.last_body == {
            "url": "https://bot.example.vn/zalo",
            "secret_token": "a-secret-of-24-characters",
        }
        assert info.url == "https://bot.example.vn/zalo"
        assert info.updated_at_ms == 1764320000000
        await client.get_webhook_info()
        rec.answer = ok({"url": "", "updated_at": 1764320000001})
        deleted = await client.delete_webhook()
    assert deleted.url == ""
    paths = [r.url.path.rsplit("/", 1)[1] for r in rec.requests]
    assert paths == ["setWebhook", "getWebhookInfo", "deleteWebhook"]


async def test_set_webhook_refuses_plain_http_and_bad_secrets_before_calling() -> None:
    rec = Recorder(ok({}))
    async with client_for(rec) as client:
        with pytest.raises(ValueError, match="https"):
            await client.set_webhook("http://bot.example.vn/zalo", "long-enough-secret")
        with pytest.raises(ValueError, match="8-256"):
            await client.set_webhook("https://bot.example.vn/zalo", "short")
        with pytest.raises(ValueError, match="8-256"):
            await client.set_webhook("https://bot.example.vn/zalo", "x" * 257)
    assert rec.requests == []


async def test_send_photo_and_chat_action() -> None:
    rec = Recorder(ok({"message_id": "p1", "date": 1}))
    async with client_for(rec) as client:
        await client.send_photo("u-42", "https://bot.example.vn/chart.png", caption="Biểu đồ")
        assert rec.last_body == {
            "chat_id": "u-42",
            "photo": "https://bot.example.vn/chart.png",
            "caption": "Biểu đồ",
        }
        rec.answer = lambda request: httpx.Response(200, json={"ok": True})
        await client.send_chat_action("u-42")
        assert rec.last_body == {"chat_id": "u-42", "action": "typing"}
        with pytest.raises(ValueError, match="URL"):
            await client.send_photo("u-42", "data:image/png;base64,AAAA")


async def test_send_message_checks_the_2000_character_limit_in_utf16_units() -> None:
    rec = Recorder(ok({"message_id": "m", "date": 1}))
    async with client_for(rec) as client:
        await client.send_message("u-42", "ệ" * 2000)  # NFC Vietnamese letters count once
        with pytest.raises(ValueError, match="2000"):
            await client.send_message("u-42", "a" * 2001)
        await client.send_message("u-42", "a" * 1998 + "😀")  # an emoji is two units
        with pytest.raises(ValueError, match="not 2001"):
            await client.send_message("u-42", "a" * 1999 + "😀")
        with pytest.raises(ValueError, match="not 0"):
            await client.send_message("u-42", "")
    assert len(rec.requests) == 2


# --- errors -----------------------------------------------------------------------------------


async def test_ok_false_inside_http_200_raises_with_code_and_description() -> None:
    answer = httpx.Response(
        200, json={"ok": False, "error_code": 401, "description": "Unauthorized: invalid token"}
    )
    async with client_for(lambda request: answer) as client:
        with pytest.raises(ZaloApiError) as caught:
            await client.send_message("u-42", "x")
    assert caught.value.error_code == 401
    assert caught.value.description == "Unauthorized: invalid token"
    assert caught.value.method == "sendMessage"
    assert not isinstance(caught.value, ZaloTransientError | ZaloRetryAfter)


async def test_an_http_error_status_with_a_zalo_body_keeps_the_body_code() -> None:
    answer = httpx.Response(
        400, json={"ok": False, "error_code": 400, "description": "Bad request: chat_id"}
    )
    async with client_for(lambda request: answer) as client:
        with pytest.raises(ZaloApiError) as caught:
            await client.send_message("u-42", "x")
    assert (caught.value.error_code, caught.value.description) == (400, "Bad request: chat_id")


async def test_a_200_without_ok_true_is_not_taken_as_success() -> None:
    answer = httpx.Response(200, json={"result": {"message_id": "m"}})
    async with client_for(lambda request: answer) as client:
        with pytest.raises(ZaloApiError):
            await client.send_message("u-42", "x")


@pytest.mark.parametrize(
    ("response", "retry_after"),
    [
        (httpx.Response(429, json={"ok": False, "error_code": 429, "description": "quota"}), None),
        (httpx.Response(429, headers={"Retry-After": "7"}, text="slow down"), 7.0),
        (
            httpx.Response(
                200,
                json={
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests",
                    "parameters": {"retry_after": 3},
                },
            ),
            3.0,
        ),
    ],
    ids=["status-429", "retry-after-header", "ok-false-429-in-200"],
)
async def test_429_raises_retry_after(response: httpx.Response, retry_after: float | None) -> None:
    async with client_for(lambda request: response) as client:
        with pytest.raises(ZaloRetryAfter) as caught:
            await client.send_message("u-42", "x")
    assert caught.value.error_code == 429
    assert caught.value.retry_after == retry_after


async def test_a_429_on_get_updates_is_not_an_idle_poll() -> None:
    answer = httpx.Response(429, json={"ok": False, "error_code": 429, "description": "quota"})
    async with client_for(lambda request: answer) as client:
        with pytest.raises(ZaloRetryAfter):
            await client.get_updates(wait=1)


@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError],
)
async def test_network_errors_are_transient(error: type[httpx.TransportError]) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error(f"failed talking to {request.url}", request=request)

    async with client_for(fail) as client:
        with pytest.raises(ZaloTransientError) as caught:
            await client.get_me()
    assert error.__name__ in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(502, text="<html>Bad gateway</html>"),
        httpx.Response(500, json={"ok": False, "error_code": 500, "description": "oops"}),
        httpx.Response(200, text="<html>captive portal</html>"),
    ],
    ids=["502-html", "500-json", "200-html"],
)
async def test_server_faults_and_non_json_answers_are_transient(response: httpx.Response) -> None:
    async with client_for(lambda request: response) as client:
        with pytest.raises(ZaloTransientError):
            await client.get_me()


async def test_an_unreadable_update_is_reported_not_returned() -> None:
    async with client_for(ok({"event_name": TEXT_EVENT, "message": "nope"})) as client:
        with pytest.raises(ZaloApiError, match="unreadable update"):
            await client.get_updates(wait=1)


async def test_a_photo_update_reads_photo_url_or_photo() -> None:
    update = {
        "event_name": IMAGE_EVENT,
        "message": {
            "message_id": "p",
            "chat": {"id": "u-1", "chat_type": "PRIVATE"},
            "from": {"id": "u-1"},
            "photo": "https://f.zalo.test/a.jpg",
            "caption": "ảnh",
        },
    }
    async with client_for(ok(update)) as client:
        got = await client.get_updates(wait=1)
    assert got is not None
    assert got.message is not None
    assert got.message.photo_url == "https://f.zalo.test/a.jpg"


# --- the token never leaks ---------------------------------------------------------------------


def test_the_mask_keeps_only_the_bot_id() -> None:
    assert mask_token(TOKEN) == "1234567890:***"
    assert mask_token("no-colon-token") == "***"
    assert mask_token("abc:def") == "***"


def test_the_client_repr_hides_the_token() -> None:
    client = ZaloClient(TOKEN, base_url=BASE, transport=httpx.MockTransport(ok({})))
    transport = client._http._transport
    text = repr(client) + repr(vars(client)) + repr(transport) + repr(vars(transport))
    assert SECRET_PART not in text
    assert "1234567890:***" in repr(client)


def test_an_empty_token_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        ZaloClient("  ", base_url=BASE)


async def test_the_token_is_in_no_log_line_response_or_exception(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """httpx logs every request URL at INFO; errors and the response carry the request."""
    caplog.set_level(logging.DEBUG)
    answers = iter(
        [
            httpx.Response(200, json={"ok": True, "result": {"id": "1"}}),
            # a server that echoes the URL into its error description
            httpx.Response(
                200,
                json={
                    "ok": False,
                    "error_code": 404,
                    "description": f"no method at /bot{TOKEN}/nope",
                },
            ),
            httpx.Response(429, json={"ok": False, "error_code": 429, "description": TOKEN}),
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/getWebhookInfo"):
            raise httpx.ConnectError(f"cannot reach {request.url}", request=request)
        return next(answers)

    seen: list[str] = []
    async with client_for(handler) as client:
        await client.get_me()
        for call in (client.get_me, client.get_me, client.get_webhook_info):
            with pytest.raises((ZaloApiError, ZaloTransientError)) as caught:
                await call()
            seen.append(str(caught.value))
            seen.append(repr(caught.value))
            seen.append(repr(vars(caught.value)))
    seen.extend(record.getMessage() for record in caplog.records)
    assert any("HTTP Request" in line for line in seen)  # httpx did log the requests
    assert any("1234567890:***" in line for line in seen)
    leaks = [line for line in seen if SECRET_PART in line]
    assert leaks == []


async def test_httpx_sees_only_the_masked_url_while_the_server_gets_the_token() -> None:
    rec = Recorder(ok({"id": "1"}))
    client = client_for(rec)
    async with client:
        response = await client._http.post(f"{BASE}/bot1234567890:***/getMe", json={})
    assert SECRET_PART not in str(response.request.url)
    assert str(rec.requests[0].url) == f"{BASE}/bot{TOKEN}/getMe"
