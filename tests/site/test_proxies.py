"""The real client behind trusted proxies: X-Forwarded-For and -Proto, believed only from them."""

from ipaddress import ip_network

from django.test import override_settings

from tests.base import BaseTestCase

LOOPBACK = (ip_network("127.0.0.1/32"), ip_network("::1/128"))
PROXIES = (*LOOPBACK, ip_network("10.0.0.0/8"))


@override_settings(TRUSTED_PROXIES=PROXIES)
class ProxiesTestCase(BaseTestCase):
    def seen(self, remote_addr: str, forwarded_for: str | None = None, proto: str | None = None):
        """The request as the views see it: its client address and whether it is secure."""
        headers = {"REMOTE_ADDR": remote_addr}
        if forwarded_for is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
        if proto is not None:
            headers["HTTP_X_FORWARDED_PROTO"] = proto
        request = self.client.get("/works/", **headers).wsgi_request
        return request.META["REMOTE_ADDR"], request.is_secure()

    def test_it_ignores_forwarded_headers_from_an_untrusted_client(self):
        assert self.seen("203.0.113.5", "198.51.100.1", "https") == ("203.0.113.5", False)
        assert self.seen("203.0.113.5", "127.0.0.1, 10.0.0.1", "https") == ("203.0.113.5", False)

    def test_it_takes_the_client_and_scheme_a_trusted_proxy_reports(self):
        assert self.seen("127.0.0.1", "198.51.100.1", "https") == ("198.51.100.1", True)
        assert self.seen("::1", "2001:db8::7", "http") == ("2001:db8::7", False)
        assert self.seen("127.0.0.1") == ("127.0.0.1", False)  # no headers: the proxy itself
        # A server listening on [::] sees an IPv4 proxy, and names clients, as ::ffff:…
        assert self.seen("::ffff:10.0.0.2", "::ffff:203.0.113.7")[0] == "203.0.113.7"

    def test_it_walks_forwarded_for_from_the_right_past_trusted_hops(self):
        # The client wrote the first entry itself; the proxies appended the rest.
        assert self.seen("127.0.0.1", "192.0.2.66, 203.0.113.7, 10.1.2.3")[0] == "203.0.113.7"
        # Every hop trusted: the first is as far back as anyone can tell.
        assert self.seen("127.0.0.1", "10.0.0.9, 10.1.2.3")[0] == "10.0.0.9"

    def test_an_entry_that_is_no_address_ends_the_walk(self):
        assert self.seen("127.0.0.1", "not-an-address, 203.0.113.7")[0] == "203.0.113.7"
        assert self.seen("127.0.0.1", "203.0.113.7, unknown")[0] == "127.0.0.1"
        assert self.seen("127.0.0.1", "203.0.113.7:5555")[0] == "127.0.0.1"
        assert self.seen("127.0.0.1", "")[0] == "127.0.0.1"

    def test_the_scheme_comes_from_the_nearest_proxy_and_only_http_or_https(self):
        assert self.seen("127.0.0.1", "198.51.100.1", "http, https")[1] is True
        assert self.seen("127.0.0.1", "198.51.100.1", "javascript")[1] is False

    @override_settings(TRUSTED_PROXIES=())
    def test_an_empty_list_trusts_nobody(self):
        assert self.seen("127.0.0.1", "198.51.100.1", "https") == ("127.0.0.1", False)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_the_https_redirect_follows_the_same_trust(self):
        behind_https = self.client.get("/works/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        assert behind_https.status_code == 200
        forged = self.client.get("/works/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https")
        assert forged.status_code == 301
        assert forged["Location"] == "https://testserver/works/"
