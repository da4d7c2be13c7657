"""Telling visitors apart without keeping their addresses, and slowing down floods.

Guests are keyed by a salted HMAC of their IP address (salt derived from
SECRET_KEY), so a leaked database reveals no addresses. Rate limits count in
Django's cache, per user and per address.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def client_ip(request: HttpRequest) -> str:
    """The address the request came from: behind trusted proxies, the one they report
    (site/proxies.py sets REMOTE_ADDR; X-Forwarded-For from anyone else is ignored)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def ip_hash(request: HttpRequest) -> str:
    """A stable, salted hash of the request's IP address: 64 hex characters, never the address."""
    return salted_hmac("ficshelf.community.visitor-ip", client_ip(request), algorithm="sha256").hexdigest()


def visitor_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return ip_hash(request)


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


# Generous for people, tight for scripts. Settings may override: FICSHELF_RATE_LIMITS.
DEFAULT_LIMITS = {
    # action: (per signed-in user, per IP address)
    "comment": (Limit(10, 60), Limit(20, 60)),
    "guest_comment": (Limit(0, 60), Limit(5, 300)),
    "kudos": (Limit(30, 60), Limit(60, 60)),
    "bookmark": (Limit(30, 60), Limit(60, 60)),
    "subscribe": (Limit(30, 60), Limit(60, 60)),
}


def _limits(action: str) -> tuple[Limit, Limit]:
    return getattr(settings, "FICSHELF_RATE_LIMITS", {}).get(action, DEFAULT_LIMITS[action])


def _over(key: str, limit: Limit) -> bool:
    """Count one attempt; True if over `limit`.

    A sliding window estimated from two fixed ones (this window's count plus the
    previous window's, weighted by how much of it still overlaps), so a burst
    straddling a window boundary can't get through twice the limit.
    """
    now = time.time()
    window, into = divmod(now, limit.seconds)
    current_key = f"ratelimit:{key}:{int(window)}"
    cache.add(current_key, 0, timeout=2 * limit.seconds + 5)
    try:
        current = cache.incr(current_key)
    except ValueError:  # evicted between add and incr: start again
        cache.set(current_key, 1, timeout=2 * limit.seconds + 5)
        current = 1
    previous = cache.get(f"ratelimit:{key}:{int(window) - 1}", 0)
    return current + previous * (1 - into / limit.seconds) > limit.count


def slow_down_message(request: HttpRequest, action: str) -> str:
    """Count this attempt; a "slow down" message if it is over a limit, else ""."""
    per_user, per_ip = _limits(action)
    user = getattr(request, "user", None)
    over = []
    if user is not None and user.is_authenticated and per_user.count:
        over += [per_user] if _over(f"{action}:u{user.pk}", per_user) else []
    over += [per_ip] if _over(f"{action}:{ip_hash(request)}", per_ip) else []
    if not over:
        return ""
    minutes = max(-(-limit.seconds // 60) for limit in over)
    wait = "a minute" if minutes == 1 else f"{minutes} minutes"
    return f"Slow down! You're doing that too often. Please wait {wait} and try again."
