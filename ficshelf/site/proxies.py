"""Who sent a request, and over which scheme, when reverse proxies stand in front.

The one place that reads X-Forwarded-For and X-Forwarded-Proto. Only a request whose
peer is in TRUSTED_PROXIES may set them: any client can write those headers, so from
anyone else they are ignored. Everything downstream (guest kudos, hits and rate
limits through REMOTE_ADDR; is_secure(), absolute addresses and the HTTPS redirect
through the scheme) reads what this middleware decided.
"""

from collections.abc import Callable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = IPv4Network | IPv6Network


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(text.strip())
    except ValueError:
        return None
    # A server listening on [::] sees IPv4 peers as ::ffff:a.b.c.d.
    return (address.ipv4_mapped or address) if isinstance(address, IPv6Address) else address


def is_loopback(remote_addr: str) -> bool:
    """Whether REMOTE_ADDR (as this middleware set it: the real client) is this host."""
    address = _address(remote_addr)
    return address is not None and address.is_loopback


def _trusted(address: IPv4Address | IPv6Address | None, proxies: Sequence[Network]) -> bool:
    return address is not None and any(address in network for network in proxies)


def real_client(peer: str, forwarded_for: str, proxies: Sequence[Network]) -> str:
    """The client's address: X-Forwarded-For walked from the right, past trusted hops.

    Each proxy appends the address that connected to it, so the entries nearest the
    end are the ones our own proxies wrote; whatever lies left of the first untrusted
    entry was written by the client and may be forged. An entry that is no address
    ends the walk at the last hop that is known.
    """
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        if not _trusted(_address(client), proxies):
            break
        address = _address(hop)
        if address is None:
            break
        client = str(address)
    return client


class RealClientMiddleware:
    """Sets REMOTE_ADDR and the scheme to what trusted proxies report; first in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = settings.TRUSTED_PROXIES
        peer = request.META.get("REMOTE_ADDR", "")
        if _trusted(_address(peer), proxies):
            request.META["REMOTE_ADDR"] = real_client(
                peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), proxies
            )
            # The nearest proxy's word: it sets the header or appends to it.
            scheme = request.META.get("HTTP_X_FORWARDED_PROTO", "").rpartition(",")[2].strip().lower()
            if scheme in ("http", "https"):
                request.META["wsgi.url_scheme"] = scheme  # what request.scheme and is_secure() read
        return self.get_response(request)
