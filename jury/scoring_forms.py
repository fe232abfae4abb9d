"""The forms of the scoring pages: the review (one score and comment per criterion), reopening, conflicts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import reviews
from .models import ConflictKind, Criterion, Evaluation, Review


class ReviewForm(forms.Form):
    """One score (radio buttons over the scale) and one comment per criterion, and the two comments.

    `complete` (a submission) applies the rules of `reviews.entry_errors` for a submission: every
    criterion scored, the scale's ends explained."""

    overall_comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    authors_comment = forms.CharField(
        label=_("Comment for the authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the authors, without your name or scores, once the shortlist is published."),
    )

    def __init__(
        self, *args, evaluation: Evaluation, criteria: list[Criterion], review: Review | None = None, **kwargs
    ):
        self.evaluation, self.criteria = evaluation, criteria
        saved = {score.criterion_id: score for score in review.scores.all()} if review else {}
        initial = kwargs.setdefault("initial", {})
        if review is not None:
            initial.update(overall_comment=review.overall_comment, authors_comment=review.authors_comment)
        super().__init__(*args, **kwargs)
        invalid = reviews.out_of_scale_message(evaluation)
        for criterion in criteria:
            score = saved.get(criterion.pk)
            self.fields[self.score_name(criterion.pk)] = forms.TypedChoiceField(
                label=criterion.label,
                choices=[(value, str(value)) for value in evaluation.scale],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                # A value that is no number, or one outside the scale, is not among the choices.
                error_messages={"invalid_choice": invalid},
            )
            self.fields[self.comment_name(criterion.pk)] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if score is not None:
                self.initial.setdefault(self.score_name(criterion.pk), score.value)
                self.initial.setdefault(self.comment_name(criterion.pk), score.comment)

    @staticmethod
    def score_name(criterion_id: int) -> str:
        return f"score_{criterion_id}"

    @staticmethod
    def comment_name(criterion_id: int) -> str:
        return f"comment_{criterion_id}"

    def rows(self):
        """(criterion, its score field, its comment field) in the criteria's order, for the template."""
        return [
            (criterion, self[self.score_name(criterion.pk)], self[self.comment_name(criterion.pk)])
            for criterion in self.criteria
        ]

    def entries(self) -> dict[int, reviews.Entry]:
        return {
            criterion.pk: reviews.Entry(
                self.cleaned_data.get(self.score_name(criterion.pk)),
                self.cleaned_data.get(self.comment_name(criterion.pk), ""),
            )
            for criterion in self.criteria
        }

    def check(self, *, complete: bool) -> bool:
        """Whether the form is valid for a draft or, with `complete`, for a submission."""
        if not self.is_valid():
            return False
        for criterion_id, message in reviews.entry_errors(
            self.evaluation, self.criteria, self.entries(), complete=complete
        ).items():
            self.add_error(self.score_name(criterion_id), message)
        return not self.errors

    def show_errors(self, refusal: reviews.ReviewRefused) -> None:
        for criterion_id, message in refusal.errors.items():
            self.add_error(self.score_name(criterion_id), message)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The juror and the other chairs see it."),
    )


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of conflict"), choices=ConflictKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=_("I confirm: I will not review this initiative, and it will be given to another juror."),
    )
