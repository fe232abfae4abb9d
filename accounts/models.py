from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import single_line

from .validators import normalize_phone, validate_phone


class EmailUserManager(UserManager):
    """Users sign in with their e-mail address; there is no username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # Required on the sign-up and profile forms; blank only for accounts made by administrators.
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    proposer_type = models.ForeignKey(
        "initiatives.ProposerType",
        verbose_name=_("proposer type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Accounts made before the merger of July 2025 keep the province they gave then; new ones give theirs
    # among the 34 of 2025.
    province = models.ForeignKey(
        "initiatives.Province",
        verbose_name=_("province before July 2025"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    province_2025 = models.ForeignKey(
        "initiatives.Province2025",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        """Text is stored NFC-normalised and stripped, whichever form or script it came from."""
        self.full_name = single_line(self.full_name)
        self.organisation = single_line(self.organisation)
        self.phone = normalize_phone(self.phone)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        """The name given at sign-up; Wagtail's admin shows it too. First and last name as a fallback."""
        return self.full_name or super().get_full_name()

    def get_short_name(self) -> str:
        return self.first_name or self.full_name
