"""Settings for the test suite: the production settings, with plain-HTTP test servers allowed."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("JIANFU_PUBLIC_URL", "https://jianfu.anshun.gov.cn")  # what documents print

from jianfu.config.settings import *  # noqa: F403

# Hashing passwords at full cost makes every named actor cost a quarter second.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns on a missing root)

import tempfile  # noqa: E402

# Uploaded files of the tests go to a throwaway folder, not into var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="jianfu-test-media-"))  # noqa: F405
