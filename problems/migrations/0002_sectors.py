from django.db import migrations

SECTORS = [
    ("administrative-procedures", "Thủ tục hành chính", "Administrative procedures"),
    ("digital-government", "Chuyển đổi số, chính quyền số", "Digital government"),
    ("land-construction", "Đất đai, xây dựng, đô thị", "Land, construction and urban affairs"),
    ("health", "Y tế", "Health"),
    ("education", "Giáo dục, đào tạo", "Education and training"),
    ("social-welfare", "Lao động, việc làm, an sinh xã hội", "Jobs and social welfare"),
    ("agriculture", "Nông nghiệp, nông thôn", "Agriculture and rural development"),
    ("environment", "Tài nguyên, môi trường", "Natural resources and environment"),
    ("transport", "Giao thông", "Transport"),
    ("business", "Doanh nghiệp, đầu tư", "Business and investment"),
    ("public-order", "Trật tự, an toàn xã hội", "Public order and safety"),
    ("citizen-participation", "Sự tham gia của người dân", "Citizen participation"),
    ("other", "Lĩnh vực khác", "Other"),
]


def add_sectors(apps, schema_editor):
    Sector = apps.get_model("problems", "Sector")
    for position, (code, name_vi, name_en) in enumerate(SECTORS):
        Sector.objects.update_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "sort_order": position}
        )


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]

    operations = [migrations.RunPython(add_sectors, migrations.RunPython.noop)]
