"""Telegram updates in the core's words: an IncomingMessage, a file to fetch, a removed chat."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Chat, ChatMember, ChatMemberUpdated, Message, MessageEntity, Update, User
from telegram.constants import ChatMemberStatus, ChatType

from handlers.messages import ChatKind, ChatRef, IncomingMessage, Sender

PLATFORM = "telegram"
# What Telegram sends us; everything else (edits, channel posts, polls...) is not asked for.
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER)
_GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)
_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True)
class DocumentRef:
    """A file attached to a message, not yet downloaded."""

    file_id: str
    filename: str
    size: int | None  # bytes, as Telegram reports it; None when it does not


@dataclass(frozen=True)
class Inbound:
    """A translated update: the message for the core, and the file it carries, if any."""

    message: IncomingMessage
    document: DocumentRef | None = None
    message_id: int | None = None  # the Telegram message, to reply to it in a group

    @property
    def addressed(self) -> bool:
        """Whether the bot was spoken to (in a private chat it always is)."""
        m = self.message
        return (
            m.chat.kind is ChatKind.PRIVATE
            or m.command is not None
            or m.callback is not None
            or m.mentions_bot
            or m.replies_to_bot
        )


def chat_ref(chat: Chat) -> ChatRef | None:
    """Our reference to a private chat or a group; None for a channel."""
    if chat.type == ChatType.PRIVATE:
        return ChatRef(PLATFORM, str(chat.id), ChatKind.PRIVATE)
    if chat.type in _GROUP_TYPES:
        return ChatRef(PLATFORM, str(chat.id), ChatKind.GROUP)
    return None


def telegram_chat_id(chat: ChatRef) -> int:
    """The Bot API chat_id of one of our chat references."""
    return int(chat.chat_id)


def sender(user: User) -> Sender:
    """The core's sender for a Telegram user; chat_admin is filled in by the adapter."""
    return Sender(str(user.id), user.full_name)


def translate_update(update: Update, me: User) -> Inbound | None:
    """The core's view of a message or a button press; None for what the bot ignores."""
    query = update.callback_query
    if query is not None:
        if not query.data:
            return None  # a game button: no data of ours
        chat = (
            chat_ref(query.message.chat)
            if query.message is not None
            else ChatRef(PLATFORM, str(query.from_user.id), ChatKind.PRIVATE)
        )
        if chat is None:
            return None
        title = query.message.chat.title if query.message is not None else None
        message = IncomingMessage(
            chat, sender(query.from_user), callback=query.data, chat_title=title or ""
        )
        return Inbound(message)
    if update.message is not None:
        return translate_message(update.message, me)
    return None


def translate_message(message: Message, me: User) -> Inbound | None:
    """A text or a document sent to the bot, with commands, mentions and replies recognised."""
    chat = chat_ref(message.chat)
    user = message.from_user
    if chat is None or user is None or (user.is_bot and not _anonymous_admin(message)):
        return None  # channels, service messages, other bots
    if message.is_automatic_forward:
        return None  # a linked channel's post copied into the group
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    text = message.text or message.caption or ""
    command: str | None = None
    args = ""
    mentions = False
    for entity, value in entities.items():
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            name, _, target = value[1:].partition("@")
            if target and target.casefold() != (me.username or "").casefold():
                return None  # /lenh@AnotherBot is not for us
            command, args = name, text[len(value) :].strip()
        elif _names_me(entity, value, me):
            mentions = True
            text = text.replace(value, " ")
    if mentions:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()
    document = None
    if message.document is not None:
        doc = message.document
        document = DocumentRef(doc.file_id, doc.file_name or "tep", doc.file_size)
    if not text and document is None:
        return None  # a sticker, a photo, a member joining: nothing to answer
    replied = message.reply_to_message
    who = sender(user)
    if _anonymous_admin(message):
        # an admin posting as the group: Telegram shows the group, not the person
        who = Sender(f"chat:{message.chat.id}", message.chat.title or "", chat_admin=True)
    incoming = IncomingMessage(
        chat,
        who,
        text=text,
        command=command,
        args=args,
        mentions_bot=mentions,
        replies_to_bot=bool(replied and replied.from_user and replied.from_user.id == me.id),
        chat_title=message.chat.title or "",
    )
    return Inbound(incoming, document, message.message_id)


def _names_me(entity: MessageEntity, value: str, me: User) -> bool:
    if entity.type == MessageEntity.MENTION:
        return bool(me.username) and value[1:].casefold() == (me.username or "").casefold()
    return (
        entity.type == MessageEntity.TEXT_MENTION
        and entity.user is not None
        and entity.user.id == me.id
    )


def _anonymous_admin(message: Message) -> bool:
    return message.sender_chat is not None and message.sender_chat.id == message.chat.id


_MEMBER_STATUSES = (
    ChatMemberStatus.MEMBER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.OWNER,
)


def _is_member(member: ChatMember) -> bool:
    if member.status == ChatMemberStatus.RESTRICTED:
        return bool(getattr(member, "is_member", False))
    return member.status in _MEMBER_STATUSES


def removed_chat(change: ChatMemberUpdated, me: User) -> ChatRef | None:
    """The chat the bot was removed from (kicked, left, blocked in private); else None."""
    if change.new_chat_member.user.id != me.id:
        return None
    if _is_member(change.old_chat_member) and not _is_member(change.new_chat_member):
        return chat_ref(change.chat)
    return None
