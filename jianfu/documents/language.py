"""Official documents and spreadsheets are Chinese, whatever language the person reads the site in.

The certificate, the refusal letter, the annual list and the roster workbooks are the bureau's
official Chinese papers (and the roster is imported back by its Chinese headers and labels), so they
are written with the interface's default language active: labels translated for the screen (a
state, a channel, a role) come out as their Chinese message ids."""

from django.conf import settings
from django.utils import translation


def official_language():
    """`with official_language(): ...` writes in the platform's own language (settings.LANGUAGE_CODE)."""
    return translation.override(settings.LANGUAGE_CODE)


def official_gettext(message: str) -> str:
    """A message of a record others read later (what is owed, a notification, a note): in Chinese, whatever
    language the person whose step wrote it reads the site in. Modules that only write records import it
    as `_`, so makemessages still finds their messages."""
    with official_language():
        return translation.gettext(message)


def official_labels(choices) -> dict[str, str]:
    """A TextChoices' labels as written in spreadsheets and documents: value -> Chinese label."""
    with translation.override(None):
        return {value: str(label) for value, label in choices.choices}
