"""Words of unit phrases: quantifiers, titles, heads, levels, name words, predicates, fields."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from knowledge.abbreviations import head_abbreviation_forms
from knowledge.text import fold, match_key


def _phrases(*items: str) -> tuple[tuple[str, ...], ...]:
    # a comma is a token of its own, as the tokenizer makes it ("phòng, chống")
    out = {tuple(match_key(item).replace(",", " , ").split()) for item in items}
    return tuple(sorted(out, key=len, reverse=True))


_CAN_BO_CONG_CHUC = ("cán", "bộ", ",", "công", "chức")
# "các chi, đảng bộ": the Party's cells and committees, written with one "bộ"
_CHI_DANG_BO = ("chi", ",", "đảng", "bộ")
QUANTIFIERS = frozenset({"các", "những", "mọi", "mỗi", "toàn", "từng", "tất", "cả"})

TITLES = _phrases(
    "thủ trưởng",
    "kế toán",  # "Kế toán Ủy ban MTTQ xã": the body's accountant
    "thủ quỹ",
    "chủ tịch",
    "phó chủ tịch",
    "giám đốc",
    "phó giám đốc",
    "trưởng phòng",
    "phó trưởng phòng",
    "trưởng ban",
    "phó trưởng ban",
    "lãnh đạo",
    "người đứng đầu",
    "bí thư",
    "phó bí thư",
    "đồng chí",
    "đ/c",
    "các đồng chí",
    "chánh văn phòng",
    "chánh thanh tra",
    "trưởng",
    "chỉ huy trưởng",
    "cán bộ",
    "trưởng các",
    "tổ trưởng",
    "thành viên",
    "ủy viên",
    "đại biểu",  # "đại biểu HĐND tỉnh": a council's deputies, asked to receive citizens
    "chuyên viên",
    # the heads of schools, institutes, departments and committees
    "hiệu trưởng",
    "phó hiệu trưởng",
    "viện trưởng",
    "cục trưởng",
    "chi cục trưởng",
    "chủ nhiệm",
    "phó chủ nhiệm",
    "chánh án",
    "tổng giám đốc",
    "chính trị viên",
    "ông",
    "bà",
    "ông bà",
    "các ông",
    "các bà",
)

# Heads that only name a unit after a quantifier or title ("các xã", "các tổ chức"); they
# are heads all the same, and HEADS lists them too.
_WEAK_HEAD_WORDS = (
    "tổ chức",
    "ngành",
    "địa phương",
    "xã",
    "phường",
    "thị trấn",
    "huyện",
    "tỉnh",
    "thành phố",
    "thị xã",
    "quận",
    "cơ quan",
    "đơn vị",
    "đoàn thể",
    "đoàn",
    "tổ",
    "đội",
    "thôn",
    "ban",
    "hội",
    "lực lượng",
    "quân sự",
    "bộ phận",
    "cá nhân",
    "cấp",
    "ban ngành",
    "sở ngành",
    "phòng ban",  # "các phòng ban chuyên môn": a commune's or district's offices
    "doanh nghiệp",
    "chính quyền",
    "cấp ủy",
    "hội viên",
    "đoàn viên",
    "người dân",
    "tập thể",
    "trường",
    "nhà trường",
    "giáo viên",
    "công chức",
    "cán bộ",
    "kế toán",
    "thủ quỹ",
    "thường trực",
    "chủ đầu tư",
    "chuyên môn",  # "các chuyên môn thuộc UBND xã": a commune's specialist officers
    "nhà thầu",  # "các nhà thầu", "đơn vị thi công" of a works: a conclusion's usual addressees
    "nhà đầu tư",
    "chủ rừng",
    "bộ",
    "báo",
    "bản",
    "ấp",
    "xóm",
    "buôn",
    "làng",
    "khu phố",
    "khối phố",  # a town's residential quarter (Quảng Nam, Đà Nẵng)
    "tổ dân phố",
    "viễn thông",
)

# Head nouns: what kind of body a name is.
_HEAD_WORDS = (
    *_WEAK_HEAD_WORDS,
    "ủy ban nhân dân",
    "ủy ban mặt trận tổ quốc",
    "ủy ban",
    "ubnd",
    "ubmttq",
    "ub mttq",  # "UB MTTQ phường": the front's committee, its "Ủy ban" cut short
    "ubmttqvn",
    "mttq",
    "mttqvn",
    "mặt trận tổ quốc",
    "mặt trận",
    "hđnd",
    "hội đồng nhân dân",
    "hội đồng",
    "phòng",
    "p.",
    "sở",
    "huyện đoàn",
    "tỉnh đoàn",
    "thành đoàn",
    "thị đoàn",
    "đoàn thanh niên",
    "đoàn tn",
    "liên đoàn lao động",
    "lđlđ",
    "ldld",
    "công đoàn",
    "công an",
    "bộ chỉ huy",
    "bộ đội biên phòng",
    "bộ đội",
    "bchqs",
    "văn phòng",
    "vp",
    "thanh tra",
    "trung tâm",
    "trạm",
    "chi cục",
    "cục",
    "kho bạc",
    "kbnn",
    "bảo hiểm xã hội",
    "bhxh",
    "đài",
    "tòa án",
    "tand",
    "viện kiểm sát",
    "vksnd",
    "ngân hàng",
    "nhcsxh",
    "đảng ủy",
    "huyện ủy",
    "tỉnh ủy",
    "thành ủy",
    "thị ủy",
    "quận ủy",
    "chi bộ",
    "đảng bộ",
    "hợp tác xã",
    "điện lực",
    "tổ công tác",
    "tổ giúp việc",
    "thông tấn xã",  # "Thông tấn xã Việt Nam": a news agency, not a commune
    "khu dân cư",
    "chi nhánh",
    "công ty",
    "bql",
    "bqlda",
    "ubkt",
    "hđbc",
    "ubbc",
    "bcđ",
    "ban chỉ đạo",
    "tiểu ban",  # a committee's subcommittee: "Tiểu ban Hậu cần", "các tiểu ban PCTT"
    "ban quản lý",
    "ban chỉ huy",
    "ban chấp hành",
    "ban thường vụ",
    "ban thường trực",
    "ban công tác mặt trận",
    "ban tuyên giáo",
    "ban dân vận",
    "ban tổ chức",
    "ban cán sự",  # "Ban cán sự thôn"
    "đảng đoàn",  # a Party caucus in a council or front: "Đảng đoàn HĐND tỉnh"
    "ban cán sự đảng",  # "Ban cán sự Đảng UBND tỉnh" ("đảng" folds as "đang", in progress)
    "ban vận động",  # "Ban vận động Quỹ bảo trợ trẻ em huyện"
    "cấp xã",
    "cấp huyện",
    "cấp tỉnh",
    "xóm trưởng",
    "thôn trưởng",
    "trưởng thôn",
    "trưởng xóm",
    "trưởng ấp",
    "trưởng bản",
    "tổ trưởng tổ dân phố",
    "bch",
    "dân quân",
    "bệnh viện",
    "đơn vị thi công",  # the builder and the supervising consultant of a works
    "đơn vị tư vấn",
    "đơn vị tư vấn giám sát",
    "liên hiệp các hội",  # "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"
    "hạt kiểm lâm",
    "kiểm lâm địa bàn",  # the ranger posted to a commune
    "đồn biên phòng",
    "đồn công an",
    "cổng thông tin điện tử",  # "Cổng Thông tin điện tử huyện" publishes what it is given
    # teams a conclusion sets to work: "Đoàn kiểm tra liên ngành", "Tổ kiểm tra liên ngành xã"
    "đoàn kiểm tra",
    "đoàn giám sát",
    "đoàn thanh tra",
    "tổ kiểm tra",
    "tổ giám sát",
    "cảnh sát",  # "Cảnh sát PCCC huyện", "Cảnh sát giao thông"
    "bưu điện",
)
# ... and the abbreviation table's words for a whole head ("TTYT" Trung tâm Y tế, "HND" Hội Nông
# dân, "HĐNVQS"), which questions are read with too: one lexicon for both. Longest first.
_HEAD_ABBREVIATIONS = head_abbreviation_forms(_HEAD_WORDS)
HEADS = _phrases(*_HEAD_WORDS, *_HEAD_ABBREVIATIONS)
# The same abbreviations folded, for readers of typed questions ("ttyt", "hnd").
UNIT_HEAD_ABBREVIATIONS = frozenset(fold(form) for form in _HEAD_ABBREVIATIONS)
WEAK_HEADS = frozenset((*_phrases(*_WEAK_HEAD_WORDS), _CAN_BO_CONG_CHUC))
# The heads of two words or more, folded, for the readers of typed questions: one lexicon for
# documents and questions ("đồn biên phòng", "tổ kiểm tra", "cổng thông tin điện tử").
PHRASE_HEADS_FOLDED = tuple(
    dict.fromkeys(
        fold(" ".join(words))
        for words in HEADS
        if len(words) >= 2 and words not in WEAK_HEADS and all(w.isalpha() for w in words)
    )
)
_LOCALITIES = frozenset(_phrases("xã", "huyện", "tỉnh", "phường", "thị trấn"))
# Bare nouns that make one conventional group after a quantifier ("các sở, ban, ngành", "các cơ
# quan, đơn vị"); other heads after a comma name a body of their own ("các cấp ủy, chính
# quyền" is two).
_COLLECTIVE = frozenset(
    _phrases(
        "sở",
        "ban",
        "ngành",
        "ban ngành",
        "sở ngành",
        "cơ quan",
        "đơn vị",
        "địa phương",
        "hội",
        "đoàn thể",
        "phòng",
        "trường",
        "doanh nghiệp",
        "tổ chức",
        "chi bộ",
        "đảng bộ",
        "xã",
        "phường",
        "thị trấn",
        "huyện",
        "thị xã",
        "thành phố",
        "quận",
        "tỉnh",
        "thôn",
        "tổ dân phố",
        "khu phố",
        "khối phố",
        "bộ",
    )
)
# The same, folded, for readers of typed questions ("cac co quan, ban nganh, doan the").
COLLECTIVE_NOUNS_FOLDED = frozenset(fold(" ".join(p)) for p in _COLLECTIVE)
# Collective nouns some offices write capitalised in a group: "các Sở, Ban, Ngành tỉnh".
_CAPITAL_COLLECTIVE = frozenset({"sở", "ban", "ngành"})
# Heads of bodies that carry their own level: a level written after a list does not reach them.
_OWN_LEVEL = frozenset(_phrases("sở", "bộ", "cục", "tổng cục", "chi cục", "kho bạc nhà nước"))
_STAFF_OR_MEMBER = frozenset((*_phrases("công chức", "cán bộ", "thành viên"), _CAN_BO_CONG_CHUC))
_STAFF = frozenset((*_phrases("công chức", "cán bộ"), _CAN_BO_CONG_CHUC))
# A standing body written alone, capitalised, before its verb: the one the document named
_STANDING_BODIES = frozenset(_phrases("thường trực"))
# The administrative levels: one of them closes a body's name ("... nhân dân huyện").
ADMINISTRATIVE_LEVELS = _phrases(
    "huyện",
    "tỉnh",
    "xã",
    "thị trấn",
    "thành phố",
    "thị xã",
    "quận",
    "phường",
    "cấp huyện",
    "cấp tỉnh",
    "cấp xã",
)
# A weak head names a unit on its own when a capitalised name or a level follows it.
LEVELS = _phrases(
    *(" ".join(level) for level in ADMINISTRATIVE_LEVELS),
    "thôn",
    "các cấp",
    "cùng cấp",
    "cấp trên",
    "cấp dưới",
    "cơ sở",
    "trung ương",
    "đặc khu",
    "khu vực",
    "quân khu",  # the army's level between the ministry and the provinces
    "tp",
    "tp.",
    "tx",
    "tx.",
    "tt",
    "tt.",
)

# Lower-case words that still belong to a unit's name.
NAME_WORDS = frozenset(
    match_key(w)
    for w in (
        "nhân dân mặt trận tổ quốc việt nam chuyên môn quản lý nhà nước chính trị xã hội "
        "liên quan thành viên đoàn thể cơ sở thuộc trực thuộc địa bàn đóng trên nông thôn "
        "thể thao du lịch môi trường đầu tư thương binh lao động đào tạo y tế tư pháp nội vụ "
        "tài chính kế hoạch văn hóa thông tin truyền thông giáo dục công thương nông nghiệp "
        "phát triển khoa học công nghệ tài nguyên giao thông vận tải hạ tầng đô thị dân tộc "
        "tôn giáo ngoại vụ kinh tế quân sự phòng chống thiên tai tìm kiếm cứu nạn cứu hộ "
        "khí tượng thủy văn chữ thập đỏ cựu chiến binh phụ nữ nông dân thanh niên liên hiệp "
        "cộng sản hồ chí minh người cao tuổi khuyến học quỹ đất dự án hành chính công phục vụ "
        "cửa bầu cử thi đua khen thưởng an toàn giao thông thực phẩm nhà nước "
        "thường trực chỉ huy chỉ đạo quản lý thuế hải quan biên phòng điện lực viễn thông bưu "
        "điện kiểm sát tòa án thi hành án dân sự thống kê chính sách bảo hiểm chức chăn nuôi "
        "thú trồng trọt bảo vệ thực vật lâm nghiệp thủy sản khuyến nông kiểm lâm truyền hình "
        "phát thanh toán tịch hộ thống kê địa chính ngành đảng gia khu lệnh thác trình lợi "
        "nghĩa thẩm quyền cháy chữa đặc dụng rừng tiểu học mầm non trung phổ"
    ).split()
)

# Words that begin the task: the unit phrase ends before them (unless capitalised right after
# a head, as in "Ban Chỉ đạo", "Ban Tổ chức", "Trung tâm Phát triển quỹ đất").
PREDICATES = _phrases(
    "phải",
    # verbs that open with a syllable of a name word ("phát", "động", "công", "tư", "nhân")
    "huy động",  # "huy" of "chỉ huy": "UBND các xã huy động lực lượng" ends at "xã"
    "thông báo",
    "thống nhất",
    "công khai",
    "công nhận",
    "kiểm soát",
    "kiểm kê",
    "kiểm điểm",
    "bảo quản",
    "trực tiếp",
    "thường xuyên",
    "bám sát",  # "các đồng chí được phân công phụ trách bám sát cơ sở"
    "phát động",
    "đóng góp",
    "phát hiện",
    "phát huy",
    "phát hành",
    "động viên",
    "tư vấn",
    "tài trợ",
    "khuyến khích",
    "khuyến cáo",
    "công bố",
    "nhân rộng",
    "kiểm định",
    "gia cố",
    "chính thức",
    "vệ sinh",
    "gia hạn",
    "gia tăng",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "chủ trì",
    "phối hợp",
    "khẩn trương",
    "tiếp tục",
    "chủ động",
    "tham mưu",
    "chỉ đạo",
    "triển khai",
    "tổ chức",
    "thực hiện",
    "xây dựng",
    "hướng dẫn",
    "rà soát",
    "kiểm tra",
    "theo dõi",
    "đảm bảo",
    "bảo đảm",
    "nghiên cứu",
    "lựa chọn",
    "chọn",
    "tăng cường",
    "đẩy mạnh",
    "quan tâm",
    "nắm",
    "nắm bắt",
    "báo cáo",
    "tuyên truyền",
    "phổ biến",
    "thành lập",
    "ưu tiên",
    "giải quyết",
    "chấp hành",
    "hoàn thiện",
    "hoàn thành",
    "tiếp thu",
    "cân đối",
    "thẩm định",
    "trình",
    "đôn đốc",
    "giúp",
    "làm",
    "là",
    "cần",
    "nên",
    "sẽ",
    "cùng",
    "tích cực",
    "nghiêm túc",
    "kịp thời",
    "sớm",
    "bố trí",
    "tiến hành",
    "chuẩn bị",
    "dự kiến",
    "quyết định",
    "phê duyệt",
    "đăng ký",
    "tổng hợp",
    "đề xuất",
    "tham gia",
    "hỗ trợ",
    "vận động",
    "củng cố",
    "kiện toàn",
    "sắp xếp",
    "ban hành",
    "tiếp nhận",
    "xử lý",
    "thu gom",
    "gửi",
    "cung cấp",
    "mở",
    "triệu tập",
    "tập trung",
    "duy trì",
    "nâng cao",
    "phát huy",
    "ra quân",
    "huấn luyện",
    "điều tra",
    "thống kê",
    "cập nhật",
    "đăng tải",
    "đưa",
    "áp dụng",
    "ký",
    "xác minh",
    "thường xuyên",
    "ngoài",
    "trong",
    "tại",
    "theo",
    "để",
    "nhằm",
    "với",
    "về",
    "cho",
    "đã",
    "chưa",
    "đang",
    "được",
    "không",
    "vẫn",
    "cũng",
    "đề nghị",
    "yêu cầu",
    "giao",
    "lập",
    "thẩm tra",
    "thanh tra",
    "giám sát",
    "phụ trách",
    "đảm nhiệm",
    "lãnh đạo",
    "quán triệt",
    "cụ thể hóa",
    "rút kinh nghiệm",
    "phân công",
    "bổ sung",
    "điều chỉnh",
    "kiểm soát",
    "quản lý",
    "căn cứ",
    "sau khi",
    "trước",
    "sau",
    "khi",
    "nếu",
    "như",
    "và phối hợp",
    "thông báo",
    "thừa lệnh",
    "kết luận",
    "đánh giá",
    "tập huấn",
    "vận hành",
    "bảo vệ",
    "đề cao",
    "siết chặt",
    "rà",
    "nhanh chóng",
    "khắc phục",
    "dừng",
    "tạm dừng",
    "thu hồi",
    "xem xét",
    "trả lời",
    "công khai",
    "niêm yết",
    "mời",
    "hoàn tất",
    "soạn thảo",
    "dự thảo",
    "lấy ý kiến",
    "truyền đạt",
    "trân trọng",
    "đón tiếp",
    "tiếp đón",
    "phát biểu",
    "nhấn mạnh",
    "tiếp",
    "nghiêm",
    "tuyệt đối",
    "có",
    "ở",
    "từ",
    "đến",
    "đối với",
)
# Within a name, these lower-case words continue it despite being predicates elsewhere.
_NAME_CONTINUERS = frozenset(
    _phrases(
        "có liên quan",
        "còn lại",  # "các xã còn lại": the rest of a group
        "chức năng",  # "các cơ quan, đơn vị chức năng"
        "của huyện",  # "các cơ quan, ban ngành, đoàn thể của huyện"
        "của tỉnh",
        "của xã",
        "của thành phố",
        # "Chi cục An toàn vệ sinh thực phẩm"; "vệ sinh" alone is the verb ("vệ sinh trường lớp")
        "an toàn vệ sinh thực phẩm",
        "vệ sinh thực phẩm",
        "vệ sinh an toàn thực phẩm",
        "từ tỉnh",
        "đến huyện",
        "đến xã",
        "trên địa bàn",
        "thuộc",
        "quản lý nhà nước",
        "chuyên môn",
        "đóng trên địa bàn",
        "trực thuộc",
        "các công trình",
        "công trình",
        "giao thông",
        "soát bệnh tật",  # "Trung tâm Kiểm soát bệnh tật" (CDC)
    )
)


# A commune's office post is named as a body of its own: "Văn phòng - Thống kê xã".
HEADS = (_CAN_BO_CONG_CHUC, _CHI_DANG_BO, ("văn", "phòng", "-", "thống", "kê"), *HEADS)


_EXTRA_SPECIALITIES = (
    "HĐND và UBND",
    "HĐND & UBND",
    "HĐND&UBND",
    "Hội đồng nhân dân và Ủy ban nhân dân",
    "Đoàn ĐBQH và HĐND",
    "Đoàn đại biểu Quốc hội và Hội đồng nhân dân",
    "Nội vụ",
    "Tư pháp",
    "Tài chính",
    "Tài chính - Kế hoạch",
    "Kế hoạch và Đầu tư",
    "Xây dựng",
    "Giao thông vận tải",
    "Y tế",
    "Giáo dục và Đào tạo",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Văn hóa - Thông tin",
    "Văn hóa và Thông tin",
    "Công Thương",
    "Lao động - Thương binh và Xã hội",
    "Lao động Thương binh và Xã hội",
    "Tài nguyên và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Khoa học và Công nghệ",
    "Thông tin và Truyền thông",
    "Ngoại vụ",
    "Dân tộc",
    "Dân tộc và Tôn giáo",
    "Kinh tế",
    "Kinh tế và Hạ tầng",
    "Kinh tế - Hạ tầng",
    "Kinh tế, Hạ tầng và Đô thị",
    "Quản lý đô thị",
    "Văn hóa - Xã hội",
    "Văn hóa, Khoa học và Thông tin",
    "Du lịch",
    "Quy hoạch - Kiến trúc",
    "Nông nghiệp",
    "Chỉ huy Quân sự",
    "Chỉ huy quân sự",
    "Chỉ đạo",
    "Quản lý dự án",
    "Thường trực",
    "Mặt trận Tổ quốc",
    "Mặt trận Tổ quốc Việt Nam",
    "nhân dân",
    "Liên hiệp Phụ nữ",
    "Nông dân",
    "Cựu chiến binh",
    "Chữ thập đỏ",
    "Người cao tuổi",
    "Khuyến học",
    "Phục vụ hành chính công",
    "Quản lý dự án đầu tư xây dựng",
    "Quản lý dự án",
    "Phát triển quỹ đất",
    "Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn",
    "Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn",
    "Khí tượng thủy văn",
    "Khí tượng Thủy văn",
    "Tổ chức",
    "Tuyên giáo",
    "Dân vận",
    "Kiểm tra",
    # a commune's civil-servant posts (Nghị định 33/2023/NĐ-CP), written as their fields
    "Văn phòng - Thống kê",
    "Địa chính - Xây dựng",
    "Địa chính - Nông nghiệp",
    "Địa chính - Môi trường",
    "Địa chính - Xây dựng - Đô thị và Môi trường",
    "Địa chính - Nông nghiệp - Xây dựng và Môi trường",
    "Tài chính - Kế toán",
    "Tư pháp - Hộ tịch",
)


@lru_cache(maxsize=1)
def speciality_names() -> tuple[str, ...]:
    """Names of offices' fields as written ("Tài nguyên và Môi trường", "Nội vụ")."""
    names = list(_EXTRA_SPECIALITIES)
    table = files("knowledge") / "data" / "abbreviations.tsv"
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 3 and parts[2].startswith(("office-", "ministry", "front-mass-org")):
            expansion = re.sub(r"\s*\(.*", "", parts[1])
            for head in ("Phòng ", "Sở ", "Bộ ", "Hội ", "Ban ", "Trung tâm "):
                if expansion.startswith(head):
                    names.append(expansion[len(head) :])
    return tuple(dict.fromkeys(names))


@lru_cache(maxsize=1)
def _specialities() -> tuple[tuple[str, ...], ...]:
    """The speciality names as key tuples ("tài nguyên và môi trường"), punctuation dropped."""
    keys = {tuple(re.sub(r"[,\-–&]", " ", match_key(n)).split()) for n in speciality_names()}
    return tuple(sorted(keys, key=len, reverse=True))


@lru_cache(maxsize=1)
def _comma_specialities() -> frozenset[tuple[str, ...]]:
    """Specialities written with a comma ("Văn hóa, Thể thao và Du lịch"): only they may run
    across one, so "HĐND, UBND xã" stays two bodies while "HĐND và UBND" is one office's field."""
    return frozenset(
        tuple(re.sub(r"[,\-–&]", " ", match_key(n)).split())
        for n in speciality_names()
        if "," in n
    )


# Words that begin like a head but name an event, a case or an act: "hội nghị", "trường hợp",
# "phòng chống", "ban hành".
_NOT_HEADS = _phrases(
    "hội nghị",
    "hội thảo",
    "hội thi",
    "hội diễn",
    "hội chợ",
    "hội khỏe",
    "hội trại",
    "hội trường",
    "hội viên",
    "trường hợp",
    "phòng chống",
    "phòng, chống",
    "phòng ngừa",
    "phòng cháy",
    "phòng tránh",
    "phòng dịch",
    "phòng bệnh",
    "ban hành",
    "ban đêm",
    "ban ngày",
    "đoàn kết",
    "đội ngũ",
    "tổ chức thực hiện",
)
