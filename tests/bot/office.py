"""An office for the cross-platform tests: a config, a database holding a notice, an App."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from bot.cli import main
from bot.config import load_settings
from bot.wiring import App

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "knowledge" / "data" / "units" / "huyen-truoc-2025.toml"

_TASKS = (
    "rà soát, sắp xếp tổ chức bộ máy các phòng chuyên môn",
    "tổng hợp nhu cầu đào tạo, bồi dưỡng cán bộ, công chức năm 2023",
    "hướng dẫn các xã đánh giá, xếp loại cán bộ, công chức",
    "xây dựng kế hoạch cải cách hành chính năm 2023",
    "kiểm tra công tác văn thư, lưu trữ tại các xã",
    "chuẩn bị hồ sơ thi đua, khen thưởng cuối năm",
    "rà soát vị trí việc làm của các đơn vị sự nghiệp",
)
# Seven tasks for Phòng Nội vụ, due 06/3 to 12/3/2023: more than one page of answers (five).
NOTICE = "\n".join(
    [
        "UBND HUYỆN TÂN YÊN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 52/TB-UBND",
        "Tân Yên, ngày 01 tháng 3 năm 2023",
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban tháng 3",
        "Chủ tịch UBND huyện kết luận như sau:",
        *(
            f"{n}. Giao Phòng Nội vụ chủ trì {task}; hoàn thành trước ngày {5 + n}/3/2023."
            for n, task in enumerate(_TASKS, start=1)
        ),
        "Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.",
    ]
)


def write_config(folder: Path, body: str = "") -> Path:
    """config.toml in `folder` with its data there and `body` appended."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(f'[storage]\ndata_dir = "data"\n\n{body}\n', encoding="utf-8")
    return path


def ingest_notice(config: Path, text: str = NOTICE) -> None:
    """Load `text` (a notice) into the database `config` names."""
    notice = config.parent / "tb-52.txt"
    notice.write_text(text + "\n", encoding="utf-8")
    err = io.StringIO()
    code = main(["--config", str(config), "ingest", str(notice)], io.StringIO(), err)
    assert code == 0, err.getvalue()


def copy_office(source: Path, target: Path) -> Path:
    """A second office with the same database state and config (SQLite file copied)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target / "config.toml")
    shutil.copytree(source.parent / "data", target / "data")
    return target / "config.toml"


def open_app(config: Path) -> App:
    """The App `giaoviec run` would build from `config`."""
    settings = load_settings(config)
    return App(settings, settings.db_url, UNITS, io.StringIO(), io.StringIO())
