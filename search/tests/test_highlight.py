from search.highlight import highlight, snippet


def test_words_are_marked_with_their_diacritics_and_the_rest_escaped():
    html = highlight("Đà Nẵng <b>& Huế</b>", ["da", "nang"])
    assert html == "<mark>Đà</mark> <mark>Nẵng</mark> &lt;b&gt;&amp; Huế&lt;/b&gt;"


def test_a_word_is_marked_only_when_a_query_word_begins_it():
    assert highlight("Nẵng ang", ["ang"]) == "Nẵng <mark>ang</mark>"


def test_the_snippet_is_taken_around_the_first_match_of_the_first_text_that_has_one():
    long_text = " ".join(["chữ"] * 40 + ["đất", "đai"] + ["chữ"] * 40)
    text = snippet(["<p>Không liên quan</p>", f"<p>{long_text}</p>"], ["dat"])
    assert text.startswith("… ") and text.endswith(" …")
    assert "<mark>đất</mark> đai" in text
    assert len(text.split()) < 40


def test_without_a_match_the_snippet_is_the_start_of_the_first_text():
    assert snippet(["", "<p>Người dân chờ lâu.</p>"], ["xyz"]) == "Người dân chờ lâu."
    assert snippet([], ["xyz"]) == ""
