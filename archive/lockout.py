"""Staff sign-in lockout (django-axes) for staff who share one office address.

One colleague's typos must not lock everyone behind the same address, so a
(username, address) pair is locked after AXES_FAILURE_LIMIT failures (5), while a
whole address, or a whole account tried from many addresses, is locked only after
STAFF_LOGIN_WIDE_FAILURE_LIMIT (50): a guesser moving across accounts, or across
addresses, is still stopped.

django-axes compares one count with one limit (AXES_FAILURE_LIMIT); it counts
each of AXES_LOCKOUT_PARAMETERS apart. Each count is given here in units of the
pair's limit, so that any of the three reaching its own limit locks. A successful
sign-in clears its own account's failures at its address only: a colleague's
success does not clear a guesser's count at the shared address.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

PAIR = ["username", "ip_address"]


class PairThenWideLockout(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair_limit = settings.AXES_FAILURE_LIMIT
        wide_limit = settings.STAFF_LOGIN_WIDE_FAILURE_LIMIT
        counts = []
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            limit = pair_limit if parameter == PAIR else wide_limit
            counts.append(failures * pair_limit // limit)
        return max(counts)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.filter_user_attempts(request, credentials),
            strict=True,
        ):
            if parameter == PAIR:
                deleted, _by_model = attempts.delete()
                return deleted
        return 0
