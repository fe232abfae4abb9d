from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key"  # noqa: S105 - refused by production settings
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
