import pytest
from django.urls import reverse

from search.highlight import highlight, snippet
from search.understanding import HighlightTerms
from tests.builders import make_initiative


def typed(*words: str) -> HighlightTerms:
    """What a query of these words, naming neither a place nor a glossary term, highlights."""
    return HighlightTerms(phrases=(words,) if len(words) > 1 else (), words=frozenset(words))


def test_words_are_marked_with_their_diacritics_and_the_rest_escaped():
    html = highlight("Đà Nẵng <b>& Huế</b>", typed("da", "nang"))
    assert html == "<mark>Đà Nẵng</mark> &lt;b&gt;&amp; Huế&lt;/b&gt;"


def test_only_whole_syllables_are_marked():
    assert highlight("Nẵng ang", typed("ang")) == "Nẵng <mark>ang</mark>"
    text = "Gọi hotline của Hội, hỏng hồ sơ tại Hồ Chí Minh"
    assert (
        highlight(text, typed("ho"))
        == "Gọi hotline của Hội, hỏng <mark>hồ</mark> sơ tại <mark>Hồ</mark> Chí Minh"
    )


def test_where_the_text_holds_the_phrase_only_the_phrase_is_marked():
    text = "Hồ sơ của người dân tại Thành phố Hồ Chí Minh, chính quyền thông minh"
    expected = "Hồ sơ của người dân tại Thành phố <mark>Hồ Chí Minh</mark>, chính quyền thông minh"
    assert highlight(text, typed("ho", "chi", "minh")) == expected
    scattered = "Hồ sơ chính quyền thông minh"
    assert (
        highlight(scattered, typed("ho", "chi", "minh"))
        == "<mark>Hồ</mark> sơ chính quyền thông <mark>minh</mark>"
    )


def test_the_snippet_is_taken_around_the_first_match_of_the_first_text_that_has_one():
    long_text = " ".join(["chữ"] * 40 + ["đất", "đai"] + ["chữ"] * 40)
    text = snippet(["<p>Không liên quan</p>", f"<p>{long_text}</p>"], typed("dat"))
    assert text.startswith("… ") and text.endswith(" …")
    assert "<mark>đất</mark> đai" in text
    assert len(text.split()) < 40


def test_without_a_match_the_snippet_is_the_start_of_the_first_text():
    assert snippet(["", "<p>Người dân chờ lâu.</p>"], typed("xyz")) == "Người dân chờ lâu."
    assert snippet([], typed("xyz")) == ""


def test_the_entities_of_rich_text_are_escaped_once():
    html = snippet(["<p>Chặn &lt;script&gt; &amp; mã &quot;độc&quot;</p>"], typed("chan"))
    assert html == "<mark>Chặn</mark> &lt;script&gt; &amp; mã &quot;độc&quot;"


def test_blocks_of_rich_text_stay_apart():
    assert snippet(["<p>Một cửa</p><p>liên thông</p>"], typed("lien")) == "Một cửa <mark>liên</mark> thông"


@pytest.fixture
def unusual_texts(site_tree):
    return make_initiative(
        site_tree.community,
        "Biểu mẫu an toàn",
        summary="Lọc thẻ <script> và 1 < 2 > 0 & “ngoặc” trong biểu mẫu.",
        problem="<p>Người dân gõ &lt;b&gt;in đậm&lt;/b&gt; &amp; ký tự lạ.</p>",
    )


def test_a_snippet_shows_the_plain_summary_as_typed_escaped_once(client, unusual_texts):
    data = client.get("/api/v2/solutions/", {"q": "loc the", "locale": "vi"}).json()
    expected = "<mark>Lọc thẻ</mark> &lt;script&gt; và 1 &lt; 2 &gt; 0 &amp; “ngoặc” trong biểu mẫu."
    assert data["results"][0]["highlight"]["snippet"] == expected
    html = client.get(reverse("search:solutions"), {"q": "loc the"}).content.decode()
    assert expected in html


def test_a_snippet_shows_rich_text_as_typed_escaped_once(client, unusual_texts):
    data = client.get("/api/v2/solutions/", {"q": "ky tu", "locale": "vi"}).json()
    expected = "Người dân gõ &lt;b&gt;in đậm&lt;/b&gt; &amp; <mark>ký tự</mark> lạ."
    assert data["results"][0]["highlight"]["snippet"] == expected
    html = client.get(reverse("search:solutions"), {"q": "ky tu"}).content.decode()
    assert expected in html and "&amp;lt;" not in html


def test_words_typed_with_diacritics_mark_the_syllables_written_exactly_so():
    typed = HighlightTerms(
        words=frozenset({"ha", "noi"}), phrases=(("ha", "noi"),), accented=(("ha", "hà"), ("noi", "noi"))
    )
    assert highlight("Hà Nội và hạ tầng", typed) == "<mark>Hà Nội</mark> và hạ tầng"
    assert (
        highlight("Hạ tầng Nội Bài", typed) == "<mark>Hạ</mark> tầng <mark>Nội</mark> Bài"
    )  # no "hà": as if typed without
    exact = HighlightTerms(words=frozenset({"ho"}), accented=(("ho", "hồ"),))
    assert highlight("Hồ sơ hỗ trợ", exact) == "<mark>Hồ</mark> sơ hỗ trợ"
