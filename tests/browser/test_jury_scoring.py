"""A juror scores an initiative on a phone (360 pixels wide) and on a desktop: their list and the scoring
page pass axe and never scroll sideways; a missing comment on the top score is refused with the text kept."""

import pytest
from django.utils import translation
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from jury.models import Assignment, Review
from jury.tests.builders import make_evaluation, make_juror
from tests.builders import build_site_tree, make_call, make_initiative, verified

from .actions import admin_log_in, gettext_in, press
from .test_accessibility import Audit

TITLE = "Hộp thư góp ý điện tử"


@pytest.mark.parametrize(("language", "phone"), [("vi", True), ("en", False)], ids=["vi-phone", "en-desktop"])
def test_a_juror_scores_an_assigned_initiative(open_page, language, phone):
    tree = build_site_tree()
    call = make_call(tree.calls)
    juror = verified(make_juror("giam-khao@example.org", full_name="Giám Khảo"))
    UserProfile.objects.update_or_create(user=juror, defaults={"preferred_language": language})
    evaluation = make_evaluation(call, jurors=[juror])
    initiative = make_initiative(tree.expo, TITLE, call=call, solution="<p>Một cổng tiếp nhận.</p>")
    assignment = Assignment.objects.create(evaluation=evaluation, juror=juror, initiative=initiative)
    t = gettext_in(language)

    page = open_page(language, phone=phone)
    admin_log_in(page, juror.email)
    audit = Audit(page, phone=phone)
    audit.visit({"my reviews": "/admin/evaluation/reviews/"})
    expect(page.locator("main")).to_contain_text(t("%(done)s of %(total)s done") % {"done": 0, "total": 1})
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    audit.check("scoring page")

    with translation.override(language):
        labels = [criterion.label for criterion in evaluation.criteria.all()]
    for label, value in zip(labels, ("5", "3", "4", "2"), strict=True):
        page.get_by_role("group", name=label).get_by_label(value, exact=True).check()
    page.get_by_label(t("Overall comment")).fill("Sáng kiến tốt, dễ nhân rộng.")
    press(page, t("Submit"))
    expect(page.locator(".jury-error").first).to_contain_text(
        t("Explain the lowest or the highest score (%(min)s or %(max)s) in a comment.") % {"min": 0, "max": 5}
    )
    expect(page.get_by_label(t("Overall comment"))).to_have_value("Sáng kiến tốt, dễ nhân rộng.")
    audit.check("scoring page with an error")

    page.get_by_label(t("Comment on “%(criterion)s”") % {"criterion": labels[0]}).fill(
        "Có văn bản, nguồn lực và người phụ trách."
    )
    press(page, t("Submit"))
    expect(page.locator(".messages")).to_contain_text(t("Your review is submitted. Thank you."))
    audit.check("my reviews after submitting")
    assert Review.objects.get(assignment=assignment).is_submitted
    assert not audit.problems, audit.report()
