from dataclasses import dataclass

import pytest

from initiatives.models import InitiativePage
from tests.builders import add_english_tree, make_call, make_initiative


@dataclass
class Bank:
    tree: object
    english: object
    pages: dict[str, InitiativePage]


@pytest.fixture
def bank(site_tree) -> Bank:
    """A varied solutions bank in both language trees: halls, provinces, goals, calls, years, languages."""
    english = add_english_tree(site_tree)
    call = make_call(site_tree.calls, title="Sáng kiến CPII 2021", slug="cpii-2021")
    pages = {
        "reform": make_initiative(
            site_tree.expo,
            "Cải cách hành chính tại bộ phận một cửa",
            province="48",
            goals=("egov", "satisfaction"),
            stage="scaled",
            call=call,
            start_year=2021,
        ),
        "land": make_initiative(
            site_tree.community,
            "Tra cứu hồ sơ đất đai trực tuyến",
            province="01",
            solution="<p>Cổng thông tin về cải cách hành chính trong lĩnh vực đất đai.</p>",
            proposer="citizen",
            start_year=2019,
        ),
        "feedback": make_initiative(
            site_tree.community,
            "Phản ánh hiện trường bằng ứng dụng",
            province="46",
            goals=("feedback",),
            types=("process",),
            call=call,
            start_year=2021,
        ),
        "kiosk": make_initiative(
            english.community,
            "Citizen feedback kiosk for administrative reform",
            province="79",
            language="en",
            goals=("feedback", "egov"),
            start_year=2022,
        ),
    }
    return Bank(tree=site_tree, english=english, pages=pages)
