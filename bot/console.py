"""The console chat: lines from a stream in, replies as plain text out, through the router."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from handlers import texts
from handlers.messages import Button, ChatRef, Dispatcher, IncomingMessage, Reply, Sender
from handlers.router import parse_command
from knowledge.text import clean_line, fold

PLATFORM = "console"
QUIT_COMMANDS = frozenset({"thoat", "quit", "exit"})


def console_chat(chat_id: str = "console") -> ChatRef:
    """The one private chat a console session is."""
    return ChatRef(PLATFORM, chat_id)


def message_from_line(
    line: str, *, chat: ChatRef, sender: Sender, buttons: Sequence[Button] = ()
) -> IncomingMessage:
    """A typed line as the router expects it.

    The console has no buttons to press: typing a shown button's label ("Xem thêm", a unit
    name offered by "Có phải ý bạn là ...?") presses it.
    """
    text = clean_line(line)
    typed = fold(text)
    for button in buttons:
        if typed and typed == fold(button.label):
            return IncomingMessage(chat, sender, text=text, callback=button.callback)
    command, args = parse_command(text)
    if command is not None:
        return IncomingMessage(chat, sender, text=text, command=command, args=args)
    return IncomingMessage(chat, sender, text=text)


def save_file(reply: Reply, folder: Path) -> Path | None:
    """Write the reply's file into `folder` (a report asked for in the console); its path."""
    if reply.file is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(reply.file.filename).name or "tep"
    path = folder / name
    stem, suffix, n = path.stem, path.suffix, 1
    while path.exists():  # a second /baocao the same day keeps the first file
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    path.write_bytes(reply.file.content)
    return path


def render_reply(reply: Reply, saved: Path | None = None) -> str:
    """Title, lines, footer, then the buttons as hints: "[Chi tiết 1] [Xem thêm]".

    `saved` is where the reply's file was written, when it was.
    """
    parts = [reply.text()] if reply.text() else []
    if reply.to is not None and parts:
        parts[0] = texts.CONSOLE_TO.format(
            chat=f"{reply.to.platform}:{reply.to.chat_id}", text=parts[0]
        )
    if reply.file is not None and saved is not None:
        parts.append(texts.CONSOLE_FILE_SAVED.format(path=saved))
    elif reply.file is not None:
        parts.append(texts.CONSOLE_FILE.format(filename=reply.file.filename))
    if reply.buttons:
        parts.append(" ".join(texts.CONSOLE_BUTTON.format(label=b.label) for b in reply.buttons))
    return "\n".join(parts)


def is_terminal(stream: TextIO) -> bool:
    """Whether a person types into `stream` (a closed or odd stream is taken as a pipe)."""
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):
        return False


def _read_line(inp: TextIO) -> str | None:
    try:
        line = inp.readline()
    except (OSError, UnicodeDecodeError, ValueError):
        # a closed or unreadable input ends the chat like EOF does
        return None
    return line or None


def run_console(
    router: Dispatcher,
    inp: TextIO,
    out: TextIO,
    *,
    interactive: bool | None = None,
    chat: ChatRef | None = None,
    sender: Sender | None = None,
    files_dir: Path | None = None,
) -> int:
    """Chat until EOF or /thoat; prompt only on a terminal, echo piped questions instead.

    Files in replies (/baocao) are written to `files_dir` when given.
    """
    if interactive is None:
        interactive = is_terminal(inp)
    chat = chat or console_chat()
    sender = sender or Sender("console-user")
    buttons: list[Button] = []
    try:
        while True:
            if interactive:
                out.write(texts.CONSOLE_PROMPT)
                out.flush()
            line = _read_line(inp)
            if line is None:
                if interactive:
                    out.write("\n" + texts.CONSOLE_BYE + "\n")
                break
            text = clean_line(line)
            if not text:
                continue
            if not interactive:
                out.write(texts.CONSOLE_ECHO.format(text=text) + "\n")
            message = message_from_line(text, chat=chat, sender=sender, buttons=buttons)
            if message.command in QUIT_COMMANDS:
                out.write(texts.CONSOLE_BYE + "\n")
                break
            replies = router.dispatch(message)
            for reply in replies:
                saved = save_file(reply, files_dir) if files_dir is not None else None
                out.write(render_reply(reply, saved) + "\n\n")
            out.flush()
            if replies:
                buttons = [b for r in replies for b in r.buttons]
    except KeyboardInterrupt:  # Ctrl+C at the prompt or during an answer: leave quietly
        out.write("\n" + texts.CONSOLE_BYE + "\n")
    return 0
