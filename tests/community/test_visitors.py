from unittest import mock

from django.test import RequestFactory

from ficshelf.community.models import Kudos
from ficshelf.community.visitors import Limit, ip_hash, slow_down_message, visitor_key
from tests.base import make_work
from tests.community.helpers import CommunityTestCase

LIMITS = {"comment": (Limit(3, 60), Limit(3, 60))}
ONE_GUEST_KUDOS_A_MINUTE = {"kudos": (Limit(30, 60), Limit(1, 60))}


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

    def test_rate_limits_count_per_real_client_behind_a_proxy(self):
        works = [make_work(self.alice, f"Work {n}") for n in range(3)]
        with (
            self.settings(FICSHELF_RATE_LIMITS=ONE_GUEST_KUDOS_A_MINUTE),
            mock.patch("ficshelf.community.visitors.time.time", return_value=1_800_000_030.0),
        ):
            for work, guest in zip(works, ("203.0.113.1", "203.0.113.2", "203.0.113.1"), strict=True):
                r = self.client.post(
                    f"/works/{work.pk}/kudos",
                    REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR=guest,
                    follow=True,
                )
        # The second guest is not slowed down by the first; the first, back again, is.
        self.assertContains(r, "Slow down!")
        assert sorted(Kudos.objects.values_list("work__title", flat=True)) == ["Work 0", "Work 1"]
