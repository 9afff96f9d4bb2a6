"""Platform-neutral helpers for adapters: a reply pushed to another chat, and button callbacks
as the typed commands a chat without buttons (Zalo) answers with."""

from __future__ import annotations

import logging

from handlers.messages import Reply
from scheduler.messenger import OutgoingMessage

log = logging.getLogger(__name__)


def pushed_message(reply: Reply) -> OutgoingMessage:
    """A reply for another chat (an office admin, an official on another platform) as a push.

    A file cannot go this way; it is left out and logged (files answer the chat that asked).
    """
    if reply.file is not None:
        log.warning("file %s left out of a reply pushed to another chat", reply.file.filename)
    return OutgoingMessage(reply.text(), tuple((b.label, b.callback) for b in reply.buttons))
