"""What a view may know about its request's user.

`request.user` is `User | AnonymousUser` in general. A view wrapped in
`@login_required` only ever runs for a signed-in user, so it annotates its request
as `AuthenticatedHttpRequest` and reads `request.user` as a `User`. The class is an
annotation only: Django never builds it, and the decorator is what makes it true.
Views open to guests keep `HttpRequest` and pass `viewer(request)` (a User or None)
to the domain functions.
"""

from django.http import HttpRequest

from ficshelf.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def viewer(request: HttpRequest) -> User | None:
    """The signed-in user behind `request`, or None for a guest: what domain functions take."""
    return request.user if request.user.is_authenticated else None
