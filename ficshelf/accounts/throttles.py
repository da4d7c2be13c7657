"""When a throttled account action (login, sign-up, password reset, email change) may be
tried again.

The limits are allauth's (ACCOUNT_RATE_LIMITS in settings.py): it counts the attempts,
but its refusal says only "later". This reads the same counts to say when.
"""

import math
import time

from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.core.cache import cache
from django.http import HttpRequest

from ficshelf.accounts.models import User

APP = "allauth.account"  # the rate limits' namespace in allauth's cache keys


def seconds_to_wait(
    request: HttpRequest, action: str, key: str | None = None, user: User | None = None
) -> int:
    """How long until `action` is allowed again for this request's address (and `key`,
    `user`), in whole seconds; 0 if it is allowed now. Rates this request cannot be
    counted against (a per-key rate without a key) are left out."""
    signed_in = user or (request.user if request.user.is_authenticated else None)
    now = time.time()
    waits = [0.0]
    for rate in get_rates(app=APP, action=action):
        if (rate.per == "key" and key is None) or (rate.per == "user" and signed_in is None):
            continue
        cache_key = get_cache_key(request, app=APP, action=action, rate=rate, key=key, user=signed_in)
        # Newest first, as allauth keeps them; the attempt whose expiry frees a place.
        recent = [at for at in cache.get(cache_key, []) if at > now - rate.duration]
        if len(recent) >= rate.amount:
            waits.append(recent[rate.amount - 1] + rate.duration - now)
    return math.ceil(max(waits))


def wait_words(seconds: int) -> str:
    """ "20 seconds", "57 minutes": a wait as a sentence says it."""
    if seconds < 90:
        return f"{max(seconds, 1)} second{'s' if seconds > 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


def wait_message(seconds: int) -> str:
    return f"Too many attempts. Please wait {wait_words(seconds)} and try again."
