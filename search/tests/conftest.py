from dataclasses import dataclass

import pytest

from initiatives.models import InitiativePage
from tests.builders import add_english_tree, build_site_tree, fresh, fresh_tree, make_call, make_initiative


@dataclass
class Bank:
    tree: object
    english: object
    pages: dict[str, InitiativePage]


@pytest.fixture(scope="module")
def bank_built_once(module_transaction) -> Bank:
    site_tree = build_site_tree()
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


@pytest.fixture
def bank(bank_built_once, db) -> Bank:
    """A varied solutions bank in both language trees: halls, provinces, goals, calls, years, languages.

    Built once for each module whose tests only read it, or change it in their own transaction.
    """
    return Bank(
        tree=fresh_tree(bank_built_once.tree),
        english=fresh_tree(bank_built_once.english),
        pages={name: fresh(page) for name, page in bank_built_once.pages.items()},
    )


@pytest.fixture
def initiatives(site_tree) -> dict[str, InitiativePage]:
    """Three initiatives for matching: a title match, a body match, an English one with a tag."""
    reform = make_initiative(
        site_tree.expo,
        "Cải cách hành chính tại bộ phận một cửa",
        province="48",
        problem="<p>Người dân chờ lâu.</p>",
        source_ref="cpii-2021-001",
    )
    land = make_initiative(
        site_tree.community,
        "Tra cứu hồ sơ đất đai trực tuyến",
        province="01",
        solution="<p>Cổng thông tin về cải cách hành chính trong lĩnh vực đất đai.</p>",
        organisation="Văn phòng đăng ký đất đai",
    )
    kiosk = make_initiative(site_tree.community, "Citizen feedback kiosk", province="79", language="en")
    kiosk.tags.add("phản ánh kiến nghị")
    kiosk.save_revision().publish()
    return {"reform": reform, "land": land, "kiosk": kiosk}


@pytest.fixture
def same_problem(site_tree) -> tuple[InitiativePage, list[InitiativePage]]:
    """An initiative, and those of other provinces that share its problem, the closest first.

    Around them: one of the same province, one with another problem, and a draft.
    """
    page = make_initiative(
        site_tree.expo,
        "Cải cách hành chính tại bộ phận một cửa",
        province="48",
        problem="<p>Người dân phải đi lại nhiều lần để nộp hồ sơ.</p>",
    )
    closest = make_initiative(
        site_tree.community,
        "Bộ phận một cửa điện tử",
        province="01",
        problem="<p>Người dân phải đi lại nhiều lần; cải cách hành chính chậm.</p>",
    )
    close = make_initiative(site_tree.community, "Cải cách hành chính cấp xã", province="79")
    make_initiative(site_tree.community, "Cải cách hành chính ở Hòa Vang", province="48")
    make_initiative(site_tree.community, "Thu gom rác thông minh", province="01")
    make_initiative(site_tree.community, "Cải cách hành chính (bản nháp)", province="01", publish=False)
    return page, [closest, close]
