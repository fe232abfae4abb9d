"""Form fields for the places of July 2025: a province among the 34, and a commune or ward of it.

    from initiatives.locality_fields import CommuneField, Province2025ChoiceField

    class ProblemForm(forms.Form):
        province = Province2025ChoiceField(required=True)
        commune = CommuneField(province_field_name="province", required=False)

`Province2025ChoiceField(required=..., **kwargs)` is a select of the 34 provinces, labelled and sorted
alphabetically in the request's language; its value in the HTML and in `initial` is the province's `code`
("ha-noi"), and it cleans to a `Province2025`.

`CommuneField(province_field_name="province", required=False, **kwargs)` is a text input. It cleans to a
`Commune` or None. It takes a commune's statistics-office code (70) or its name, with or without its
kind and diacritics ("Phường Hoàn Kiếm", "hoan kiem", "Hoàn Kiếm Ward"), looked for in the province
chosen in the form's field `province_field_name` (a `Province2025ChoiceField`, before or after it): a
name unknown there, a code unknown, a commune of another province, or a commune with no province chosen
are refused with a translated message. The field finds that province itself, through the form it is
bound to, so no form mixin is needed; it cannot be cleaned on its own, outside a form. Its `initial` may
be a `Commune` or a code. Render `{{ form.media }}` in the page: a small script
(`initiatives/js/communes.js`) fills the input's `<datalist>` from `/<lang>/localities/communes/` with
the chosen province's communes as the person types; without it, the name is typed in full.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.forms.models import ModelChoiceIterator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.text import vietnamese_sort_key

from .localities import commune_name_forms
from .models import Commune, Province2025
from .query import whole_number


class _SortedByLabel(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # "Thành phố Hồ Chí Minh" is looked for under H.
        for province in sorted(
            self.queryset, key=lambda p: vietnamese_sort_key(p.label.removeprefix("Thành phố "))
        ):
            yield self.choice(province)


class Province2025ChoiceField(forms.ModelChoiceField):
    """One of the 34 provinces of July 2025, by its code; see the module's docstring."""

    iterator = _SortedByLabel

    def __init__(self, *, required: bool = True, **kwargs):
        kwargs.setdefault("label", _("Province or city"))
        kwargs.setdefault("empty_label", _("Choose a province or city"))
        kwargs.setdefault("error_messages", {"required": _("Choose a province or city.")})
        super().__init__(
            queryset=Province2025.objects.all(), to_field_name="code", required=required, **kwargs
        )

    def label_from_instance(self, obj: Province2025) -> str:
        return obj.label


class CommuneInput(forms.TextInput):
    """A text input with a `<datalist>` that `communes.js` fills from the communes' lookup."""

    template_name = "initiatives/widgets/commune_input.html"

    class Media:
        js = [forms.Script("initiatives/js/communes.js", defer=True)]

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            widget_attrs["list"] = f"{widget_attrs['id']}-options"
        widget_attrs["data-communes-url"] = str(reverse_lazy("localities:communes"))
        return context


class CommuneField(forms.CharField):
    """A commune or ward of the province chosen in a sibling field; see the module's docstring."""

    widget = CommuneInput
    default_error_messages = {
        "no_province": _("Choose the province or city first, then its commune or ward."),
        "unknown_code": _("No commune or ward has the code %(code)s."),
        "unknown_name": _(
            "There is no commune or ward called “%(name)s” in %(province)s. Choose one from the list or "
            "check the spelling."
        ),
        "other_province": _("%(commune)s is in %(its_province)s, not in %(province)s."),
        "ambiguous": _(
            "Several communes or wards of %(province)s are called “%(name)s”: choose one from the list or "
            "type its code."
        ),
    }

    def __init__(self, *, province_field_name: str = "province", required: bool = False, **kwargs):
        self.province_field_name = province_field_name
        self.form = None
        kwargs.setdefault("label", _("Commune or ward"))
        kwargs.setdefault("max_length", 255)
        super().__init__(required=required, **kwargs)

    def get_bound_field(self, form, field_name):
        # Each form has its own copy of the field: this one learns the form that cleans it, whose province
        # field tells where to look.
        self.form = form
        bound_field = super().get_bound_field(form, field_name)
        self.widget.attrs["data-province-field"] = form.add_prefix(self.province_field_name)
        return bound_field

    def prepare_value(self, value):
        # The number as whole_number reads it: int() of the text refuses thousands of (leading zero) digits.
        code = value if isinstance(value, int) else whole_number(value) if isinstance(value, str) else None
        if code is not None:
            value = Commune.objects.filter(gso_code=code).first() or value
        return value.label if isinstance(value, Commune) else value

    def clean(self, value) -> Commune | None:
        text = super().clean(value)
        if not text:
            return None
        province, known = self._chosen_province()
        if not known:
            return None  # the province's own error says what to fix first
        if province is None:
            raise ValidationError(self.error_messages["no_province"], "no_province")
        code = whole_number(text)
        commune = self._numbered(code) if code is not None else self._named(text, province)
        if commune.province_id != province.pk:
            raise ValidationError(
                self.error_messages["other_province"],
                "other_province",
                {
                    "commune": commune.label,
                    "its_province": commune.province.label,
                    "province": province.label,
                },
            )
        return commune

    def _numbered(self, code: int) -> Commune:
        commune = Commune.objects.select_related("province").filter(gso_code=code).first()
        if commune is None:
            raise ValidationError(self.error_messages["unknown_code"], "unknown_code", {"code": code})
        return commune

    def _named(self, text: str, province: Province2025) -> Commune:
        forms_typed = commune_name_forms(text)
        candidates = list(
            Commune.objects.select_related("province").filter(
                province=province, search_name__in=[f" {form} " for form in forms_typed]
            )
        )
        if not candidates:
            raise ValidationError(
                self.error_messages["unknown_name"],
                "unknown_name",
                {"name": text, "province": province.label},
            )
        # A commune called as typed wins over one called as typed without what looked like its kind: "Xá
        # Lượng" over "Lượng". Two called alike but for their accents are not chosen between.
        rank = {commune.pk: forms_typed.index(commune.search_name.strip()) for commune in candidates}
        best = [commune for commune in candidates if rank[commune.pk] == min(rank.values())]
        if len(best) > 1:
            raise ValidationError(
                self.error_messages["ambiguous"], "ambiguous", {"name": text, "province": province.label}
            )
        return best[0]

    def _chosen_province(self) -> tuple[Province2025 | None, bool]:
        """The province chosen in the form, and whether it could be read (False: it has an error)."""
        form, name = self.form, self.province_field_name
        if form is None or name not in form.fields:
            raise ImproperlyConfigured(f"CommuneField needs a form with a province field named {name!r}.")
        if name in form.cleaned_data:
            return form.cleaned_data[name], True
        try:
            return form.fields[name].clean(form[name].data), True
        except ValidationError:
            return None, False
