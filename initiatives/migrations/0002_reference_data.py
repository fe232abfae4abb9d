"""Loads the fixed vocabularies, the provinces of 2021 and 2025, and the Screeners group."""

import csv
import unicodedata
from pathlib import Path

from django.db import migrations

PROVINCES_CSV = Path(__file__).resolve().parent.parent / "data" / "provinces.csv"

TAXONOMIES = {
    "Goal": [
        (
            "feedback",
            "Thu thập ý kiến đóng góp của người dân vào hoạch định, thực thi chính sách và cải cách hành chính",
            "Collecting citizens' input into policy-making, policy implementation and administrative reform",
        ),
        (
            "egov",
            "Tăng cường quản trị điện tử và khả năng tiếp cận dịch vụ công trực tuyến",
            "E-governance and access to online public services",
        ),
        (
            "satisfaction",
            "Phản ánh “360 độ” về mức độ hài lòng của người dân với thủ tục hành chính và dịch vụ công",
            "“360°” feedback on citizen satisfaction with administrative procedures and public services",
        ),
    ],
    "InnovationType": [
        ("service", "Đổi mới sản phẩm, dịch vụ công", "Public product or service"),
        ("process", "Đổi mới quy trình quản lý", "Management process"),
        ("organisation", "Đổi mới tổ chức bộ máy", "Organisational structure"),
        ("interaction", "Đổi mới tương tác với người dân", "Interaction with citizens"),
    ],
    "Stage": [
        ("idea", "Ý tưởng", "Idea"),
        ("pilot", "Thí điểm", "Pilot"),
        ("scaled", "Triển khai diện rộng", "Deployed widely"),
    ],
    "ProposerType": [
        ("citizen", "Người dân", "Citizen"),
        ("business", "Doanh nghiệp", "Business"),
        ("social", "Tổ chức xã hội, đoàn thể", "Social or mass organisation"),
        ("agency", "Cơ quan nhà nước", "Government agency"),
    ],
}

RENAMED_2025 = {"Huế": "Hue"}


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in letters).split())


def load(apps, schema_editor):
    for model_name, terms in TAXONOMIES.items():
        model = apps.get_model("initiatives", model_name)
        for position, (code, name_vi, name_en) in enumerate(terms):
            model.objects.update_or_create(
                code=code, defaults={"name_vi": name_vi, "name_en": name_en, "sort_order": position}
            )

    Province = apps.get_model("initiatives", "Province")
    Province2025 = apps.get_model("initiatives", "Province2025")
    with PROVINCES_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    english_names = {row["name_vi"]: row["name_en"] for row in rows}
    merged = {}
    for name_vi in sorted({row["merged_into_2025"] for row in rows}):
        name_en = english_names.get(name_vi) or RENAMED_2025[name_vi]
        merged[name_vi], _ = Province2025.objects.update_or_create(
            code=ascii_slug(name_en), defaults={"name_vi": name_vi, "name_en": name_en}
        )
    for row in rows:
        Province.objects.update_or_create(
            gso_code=row["gso_code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "region": row["region"],
                "merged_into": merged[row["merged_into_2025"]],
            },
        )

    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Screeners")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
