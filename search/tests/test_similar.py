"""Similar initiatives from other provinces, on each initiative's page."""

from search.similar import stored_similar_initiatives
from tests.builders import make_initiative


def test_similar_initiatives_come_from_other_provinces_and_share_the_problem(client, same_problem):
    page, (closest, close) = same_problem
    assert [similar.pk for similar in stored_similar_initiatives(page)] == [closest.pk, close.pk]

    html = client.get(page.url).content.decode()
    assert "Sáng kiến tương tự ở các tỉnh, thành phố khác" in html
    assert closest.url in html and close.url in html


def test_an_initiative_without_a_match_shows_no_similar_section(client, site_tree):
    page = make_initiative(site_tree.community, "Thu gom rác thông minh", province="01")
    assert stored_similar_initiatives(page) == []
    assert "Sáng kiến tương tự" not in client.get(page.url).content.decode()


def test_a_shared_term_makes_initiatives_alike_a_shared_common_phrase_does_not(site_tree):
    page = make_initiative(
        site_tree.community,
        "Bộ phận một cửa của xã",
        province="48",
        summary="Nâng cao sự hài lòng của người dân.",
        problem="<p>Người dân phải chờ lâu ở bộ phận một cửa.</p>",
    )
    alike = make_initiative(
        site_tree.community, "Một cửa liên thông cấp huyện", province="01", summary="Một cửa hiện đại."
    )
    make_initiative(
        site_tree.community,
        "Thu gom rác thải",
        province="79",
        summary="Giữ sạch đường phố của người dân.",
        problem="<p>Rác thải của người dân.</p>",
    )
    assert [similar.pk for similar in stored_similar_initiatives(page)] == [alike.pk]
