"""The data dictionary of the open data files: every dataset and every column, in Vietnamese and English.

Defined once here; the exporter writes exactly these columns (in this order), the open data page shows
them and the dictionary files (`dictionary.csv`, `dictionary.json`) list them. Meanings are written in
both languages side by side rather than marked for translation: a file serves readers of both.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import localized

# In a CSV cell, a list (goals, tags…) is written as its items joined by this; in JSON it is a list.
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    name: str
    meaning_vi: str
    meaning_en: str
    type: str
    example: str
    # The language of the example, which is data: shown with its `lang` on both languages' pages.
    example_language: str = "vi"

    @property
    def is_list(self) -> bool:
        return self.type.startswith("list")


@dataclass(frozen=True)
class Dataset:
    key: str
    name_vi: str
    name_en: str
    description_vi: str
    description_en: str
    columns: tuple[Column, ...]
    formats: tuple[str, ...] = ("csv", "json")

    @property
    def name(self) -> str:
        return localized(self.name_vi, self.name_en)

    @property
    def description(self) -> str:
        return localized(self.description_vi, self.description_en)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def file_name(self, file_format: str) -> str:
        return f"{self.key}.{file_format}"


def text(name: str, vi: str, en: str, example: str) -> Column:
    """A text column; the example of an English column (its name ends in `_en`) is English."""
    return Column(name, vi, en, "text", example, "en" if name.endswith("_en") else "vi")


def coded(name: str, vi: str, en: str, example: tuple[str, str, str], *, many: bool = False) -> list[Column]:
    """A taxonomy as three columns: its code, its Vietnamese label and its English label."""
    kind = "list of codes" if many else "code"
    labels = "list of text" if many else "text"
    code, label_vi, label_en = example
    return [
        Column(f"{name}_code", f"{vi}: mã", f"{en}: code", kind, code),
        Column(f"{name}_vi", f"{vi}: nhãn tiếng Việt", f"{en}: Vietnamese label", labels, label_vi),
        Column(f"{name}_en", f"{vi}: nhãn tiếng Anh", f"{en}: English label", labels, label_en, "en"),
    ]


def page_columns(thing_vi: str, thing_en: str, example_id: str, example_title: str) -> list[Column]:
    """The columns every page dataset begins with: which page, in which language, at which addresses."""
    return [
        Column(
            "id",
            f"Số hiệu của trang gốc của {thing_vi} (trang viết bằng ngôn ngữ ở cột language)",
            f"Identifier of the original page of the {thing_en} (written in the language of 'language')",
            "integer",
            example_id,
        ),
        text("title", f"Tên {thing_vi}", f"Title of the {thing_en}", example_title),
        Column(
            "language",
            "Ngôn ngữ của nội dung dòng này: vi (tiếng Việt) hoặc en (tiếng Anh)",
            "Language this row's text is written in: vi (Vietnamese) or en (English)",
            "code",
            "vi",
        ),
        Column(
            "url_vi",
            "Địa chỉ trang tiếng Việt (trống nếu chưa có bản tiếng Việt)",
            "Address of the Vietnamese page (empty when there is no Vietnamese version)",
            "URL",
            "https://example.org/vi/…",
        ),
        Column(
            "url_en",
            "Địa chỉ trang tiếng Anh (trống nếu chưa có bản dịch tiếng Anh)",
            "Address of the English page (empty when there is no English translation)",
            "URL",
            "https://example.org/en/…",
        ),
        Column(
            "first_published_at",
            "Thời điểm đăng lần đầu (ISO 8601, UTC)",
            "When first published (ISO 8601, UTC)",
            "datetime",
            "2021-07-01T08:00:00+00:00",
        ),
        Column(
            "last_published_at",
            "Thời điểm đăng gần nhất (ISO 8601, UTC)",
            "When last published (ISO 8601, UTC)",
            "datetime",
            "2022-03-15T02:30:00+00:00",
        ),
    ]


PROVINCE_2025_COLUMNS = [
    Column(
        "province_2025_code",
        "Mã tỉnh, thành phố (34 tỉnh, thành từ tháng 7/2025)",
        "Code of the province (one of the 34 since July 2025)",
        "code",
        "ha-noi",
    ),
    Column(
        "province_2025_gso_code",
        "Mã thống kê của tỉnh, thành phố (từ tháng 7/2025)",
        "Statistics office code of the province (since July 2025)",
        "integer",
        "1",
    ),
    text(
        "province_2025_vi",
        "Tên tỉnh, thành phố (từ 7/2025), tiếng Việt",
        "Province (since July 2025), in Vietnamese",
        "Hà Nội",
    ),
    text(
        "province_2025_en",
        "Tên tỉnh, thành phố (từ 7/2025), tiếng Anh",
        "Province (since July 2025), in English",
        "Ha Noi",
    ),
]

COMMUNE_COLUMNS = [
    Column(
        "commune_code",
        "Mã thống kê của xã, phường, đặc khu (trống nếu không ghi)",
        "Statistics office code of the commune or ward (empty when not given)",
        "integer",
        "4",
    ),
    text(
        "commune_vi",
        "Tên xã, phường, đặc khu",
        "Name of the commune or ward (in Vietnamese)",
        "Phường Ba Đình",
    ),
]

INITIATIVES = Dataset(
    key="initiatives",
    name_vi="Sáng kiến",
    name_en="Initiatives",
    description_vi="Các sáng kiến đã đăng ở Gian Triển lãm số và Gian Cộng đồng, mỗi sáng kiến một dòng.",
    description_en="The initiatives published in the Expo Hall and the Community Hall, one row each.",
    columns=(
        *page_columns("sáng kiến", "initiative", "412", "Một cửa điện tử"),
        text("summary", "Tóm tắt", "Summary", "Người dân nộp hồ sơ trực tuyến…"),
        *coded("hall", "Gian trưng bày", "Hall", ("expo", "Gian Triển lãm số", "Expo Hall")),
        *coded("goals", "Mục tiêu", "Goals", ("egov", "Quản trị điện tử…", "E-governance…"), many=True),
        *coded(
            "innovation_types",
            "Loại hình đổi mới",
            "Innovation types",
            ("service", "Sản phẩm/dịch vụ công", "Public product or service"),
            many=True,
        ),
        *coded("stage", "Giai đoạn", "Stage", ("pilot", "Thí điểm", "Pilot")),
        *coded(
            "proposer_type",
            "Loại chủ thể đề xuất",
            "Proposer type",
            ("agency", "Cơ quan nhà nước", "Government agency"),
        ),
        *coded("level", "Cấp hành chính", "Administrative level", ("province", "Tỉnh", "Province")),
        Column(
            "province_2021_code",
            "Mã thống kê của tỉnh, thành phố (63 tỉnh, thành năm 2021) nơi sáng kiến được đăng ký",
            "Statistics office code of the province (one of the 63 of 2021) the initiative was registered in",
            "code",
            "01",
        ),
        text(
            "province_2021_vi",
            "Tên tỉnh, thành phố (2021), tiếng Việt",
            "Province (2021), in Vietnamese",
            "Thành phố Hà Nội",
        ),
        text(
            "province_2021_en",
            "Tên tỉnh, thành phố (2021), tiếng Anh",
            "Province (2021), in English",
            "Ha Noi",
        ),
        *PROVINCE_2025_COLUMNS,
        *COMMUNE_COLUMNS,
        text("organisation", "Tổ chức thực hiện", "Organisation carrying it out", "UBND phường Thử"),
        text("authority_name", "Cơ quan xác nhận", "Endorsing authority", "UBND tỉnh"),
        *coded(
            "authority_kind",
            "Loại cơ quan xác nhận",
            "Kind of endorsing authority",
            ("government", "Chính quyền địa phương…", "Local government…"),
        ),
        *coded(
            "authority_level",
            "Cấp của cơ quan xác nhận",
            "Level of the endorsing authority",
            ("province", "Tỉnh", "Province"),
        ),
        Column("start_year", "Năm bắt đầu", "Year it started", "integer", "2020"),
        Column(
            "call_id",
            "Số hiệu của đợt tiếp nhận (xem tệp calls)",
            "Identifier of the call (see the calls file)",
            "integer",
            "7",
        ),
        text("call_title", "Tên đợt tiếp nhận", "Title of the call", "CPII 2021"),
        Column("tags", "Từ khoá", "Tags", "list of text", "một cửa | dịch vụ công"),
        Column("video_url", "Đường dẫn video", "Video link", "URL", "https://www.youtube.com/watch?v=…"),
    ),
)

CALLS = Dataset(
    key="calls",
    name_vi="Đợt tiếp nhận",
    name_en="Calls",
    description_vi="Các đợt tiếp nhận sáng kiến và cuộc thi đã đăng, mỗi đợt một dòng.",
    description_en="The published calls for initiatives and contests, one row each.",
    columns=(
        *page_columns("đợt tiếp nhận", "call", "7", "CPII 2021"),
        text("organiser", "Đơn vị tổ chức", "Organiser", "UNDP"),
        Column("intake_opens", "Ngày mở tiếp nhận", "Intake opens", "date", "2021-05-05"),
        Column("intake_closes", "Ngày đóng tiếp nhận", "Intake closes", "date", "2021-06-30"),
        Column("grant_min", "Khoản tài trợ nhỏ nhất", "Smallest grant", "integer", "20000"),
        Column("grant_max", "Khoản tài trợ lớn nhất", "Largest grant", "integer", "40000"),
        Column("grant_currency", "Đơn vị tiền tệ (ISO 4217)", "Currency (ISO 4217)", "code", "USD"),
        Column(
            "initiatives_count",
            "Số sáng kiến đã đăng thuộc đợt này (như trong tệp initiatives)",
            "Number of published initiatives of this call (as counted in the initiatives file)",
            "integer",
            "12",
        ),
    ),
)

PROBLEMS = Dataset(
    key="problems",
    name_vi="Bài toán",
    name_en="Problems",
    description_vi="Các bài toán địa phương đã đăng ở ngân hàng bài toán, mỗi bài toán một dòng.",
    description_en="The local problems published in the problem bank, one row each.",
    columns=(
        *page_columns("bài toán", "problem", "530", "Hồ sơ đất đai tồn đọng"),
        text("statement", "Vấn đề", "The problem", "Hồ sơ đất đai tồn đọng quá hạn…"),
        text("affected", "Ai bị ảnh hưởng", "Who is affected", "Người dân làm thủ tục đất đai"),
        Column("affected_count", "Số người bị ảnh hưởng", "Number of people affected", "integer", "12000"),
        text("context", "Bối cảnh và số liệu ban đầu", "Context and baseline figures", "…"),
        text("causes", "Nguyên nhân", "Causes", "…"),
        text("tried", "Những gì đã thử", "What has been tried", "…"),
        text("outcome_wanted", "Kết quả mong muốn", "The outcome wanted", "…"),
        text("outcome_measure", "Cách đo kết quả", "How the outcome would be measured", "…"),
        *coded(
            "budget_range",
            "Ngân sách sẵn có",
            "Budget available",
            ("under_100m", "Dưới 100 triệu đồng", "Under 100 million VND"),
        ),
        Column("time_limit_months", "Thời gian sẵn có (tháng)", "Time available (months)", "integer", "12"),
        text("constraints", "Ràng buộc khác", "Other constraints", "…"),
        Column("expertise", "Chuyên môn cần tìm", "Expertise sought", "list of text", "dữ liệu | pháp lý"),
        *coded("goals", "Mục tiêu", "Goals", ("egov", "Quản trị điện tử…", "E-governance…"), many=True),
        *coded(
            "sector",
            "Lĩnh vực",
            "Sector",
            ("administrative-procedures", "Thủ tục hành chính", "Administrative procedures"),
        ),
        *PROVINCE_2025_COLUMNS,
        *COMMUNE_COLUMNS,
        text("owner_body", "Cơ quan sở hữu bài toán", "Body that owns the problem", "UBND phường Thử"),
        *coded("status", "Trạng thái", "Status", ("open", "Đang mở", "Open")),
        Column("open_until", "Nhận giải pháp đến ngày", "Open for solutions until", "date", "2026-12-31"),
    ),
)


# The grants follow the 360Giving Data Standard (jury.open_data): its CSV column titles, its JSON schema.
GRANTS = Dataset(
    key="grants",
    name_vi="Khoản tài trợ (chuẩn 360Giving)",
    name_en="Grants (360Giving Data Standard)",
    description_vi=(
        "Các khoản tài trợ đã trao, theo chuẩn dữ liệu 360Giving; tệp JSON theo lược đồ của chuẩn."
    ),
    description_en=(
        "The grants awarded to initiatives, in the 360Giving Data Standard; the JSON file follows its schema."
    ),
    columns=(
        Column("Identifier", "Mã khoản tài trợ", "Identifier of the grant", "text", "360G-expo-3"),
        Column(
            "Title", "Tên sáng kiến được tài trợ", "Title of the initiative funded", "text", "Một cửa điện tử"
        ),
        Column(
            "Description", "Tóm tắt sáng kiến", "Summary of the initiative", "text", "Người dân nộp hồ sơ…"
        ),
        Column("Currency", "Đơn vị tiền tệ (ISO 4217)", "Currency (ISO 4217)", "code", "USD"),
        Column("Amount Awarded", "Số tiền tài trợ", "Amount awarded", "integer", "30000"),
        Column("Award Date", "Ngày trao", "Award date", "date", "2022-01-15"),
        Column(
            "Planned Dates:Start Date", "Ngày bắt đầu dự kiến", "Planned start date", "date", "2022-02-01"
        ),
        Column("Planned Dates:End Date", "Ngày kết thúc dự kiến", "Planned end date", "date", "2023-07-31"),
        Column("Planned Dates:Duration (months)", "Thời gian (tháng)", "Duration (months)", "integer", "18"),
        Column(
            "Recipient Org:Identifier",
            "Mã đơn vị nhận",
            "Identifier of the recipient",
            "text",
            "360G-expo-initiative-412",
        ),
        Column("Recipient Org:Name", "Tên đơn vị nhận", "Name of the recipient", "text", "UBND phường Thử"),
        Column(
            "Funding Org:Identifier",
            "Mã nhà tài trợ (org-id.guide)",
            "Identifier of the funder (org-id.guide)",
            "text",
            "XM-DAC-41114",
        ),
        Column("Funding Org:Name", "Tên nhà tài trợ", "Name of the funder", "text", "UNDP"),
        Column("Grant Programme:Title", "Tên đợt tiếp nhận", "Title of the call", "text", "CPII 2021"),
        Column("Last modified", "Ngày cập nhật gần nhất", "Last modified", "date", "2023-08-01"),
    ),
)

DATASETS: tuple[Dataset, ...] = (INITIATIVES, CALLS, PROBLEMS, GRANTS)

DICTIONARY_KEY = "dictionary"
DICTIONARY_COLUMNS = ("dataset", "column", "meaning_vi", "meaning_en", "type", "example")


def dictionary_rows() -> list[dict]:
    return [
        {
            "dataset": dataset.key,
            "column": column.name,
            "meaning_vi": column.meaning_vi,
            "meaning_en": column.meaning_en,
            "type": column.type,
            "example": column.example,
        }
        for dataset in DATASETS
        for column in dataset.columns
    ]
