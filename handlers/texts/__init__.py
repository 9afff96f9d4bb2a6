"""Every sentence a user reads, in Vietnamese with diacritics, kept in one place.

One module per area; every sentence is read as `texts.NAME` (`from handlers import texts`).

Glossary: document = văn bản; assignment = nhiệm vụ được giao; lead unit = đơn vị chủ trì;
cooperating unit = đơn vị phối hợp; deadline = hạn chót / thời hạn; issuer = cơ quan ban hành.
"""

from handlers.texts.answers import *  # noqa: F403
from handlers.texts.chats import *  # noqa: F403
from handlers.texts.cli import *  # noqa: F403
from handlers.texts.documents import *  # noqa: F403
from handlers.texts.progress import *  # noqa: F403
from handlers.texts.reports import *  # noqa: F403
