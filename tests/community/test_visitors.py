from unittest import mock

from django.test import RequestFactory

from ficshelf.community.visitors import Limit, ip_hash, slow_down_message, visitor_key
from tests.community.helpers import CommunityTestCase

LIMITS = {"comment": (Limit(3, 60), Limit(3, 60))}


class VisitorsTestCase(CommunityTestCase):
    def request(self, address: str = "203.0.113.5"):
        request = RequestFactory().post("/", REMOTE_ADDR=address)
        request.user = self.bob
        return request

    def test_the_ip_hash_is_stable_salted_and_never_the_address(self):
        one, again, other = (
            ip_hash(self.request()),
            ip_hash(self.request()),
            ip_hash(self.request("198.51.100.1")),
        )
        assert one == again != other
        # 64 hex digits (which may contain "203" by chance), never the address itself.
        assert len(one) == 64 and int(one, 16) and "203.0.113.5" not in one
        with self.settings(SECRET_KEY="another-install-entirely-0123456789abcdef0123456789"):
            assert ip_hash(self.request()) != one  # salted by the install's secret
        assert visitor_key(self.request()) == f"u{self.bob.pk}"

    def test_a_burst_across_a_window_boundary_is_still_limited(self):
        with (
            self.settings(FICSHELF_RATE_LIMITS=LIMITS),
            mock.patch("ficshelf.community.visitors.time.time") as clock,
        ):
            clock.return_value = 1_800_000_058.0  # two seconds before a window ends
            assert [slow_down_message(self.request(), "comment") for _ in range(3)] == ["", "", ""]
            clock.return_value = 1_800_000_061.0  # just after: the last window still weighs in
            assert slow_down_message(self.request(), "comment").startswith("Slow down!")
            clock.return_value = 1_800_000_190.0  # two windows later: free again
            assert slow_down_message(self.request(), "comment") == ""
