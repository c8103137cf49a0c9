"""Czech "… ago" phrases in the Wagtail admin.

Wagtail builds "před %(time_period)s" from Django's `timesince`, whose units
are in the nominative ("1 minuta"), so the admin said "před 1 minuta". Czech
needs the instrumental after "před" ("před 1 minutou", "před 5 minutami"),
so the admin's template tags get `timesince` with unit strings in that case.
"""

from django.utils import timesince as django_timesince
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext, npgettext_lazy

AGO_TIME_STRINGS = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}


def timesince_ago(d, now=None, reversed=False, time_strings=None, depth=2):
    """`timesince` whose units read correctly after "před"; "0 minutes" stays as is for "just now"."""
    plain = django_timesince.timesince(d, now=now, reversed=reversed, time_strings=time_strings, depth=depth)
    if time_strings is not None or plain == avoid_wrapping(gettext("0 minutes")):
        return plain
    return django_timesince.timesince(d, now=now, reversed=reversed, time_strings=AGO_TIME_STRINGS, depth=depth)


def patch_wagtail_admin_timesince():
    """Point the admin tags' `timesince` at the Czech-aware one (they look the name up at call time)."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    wagtailadmin_tags.timesince = timesince_ago
