"""URLs follow AO3's, so readers' habits and tools carry over."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ficshelf.accounts import views as accounts
from ficshelf.works import views as works

urlpatterns = [
    path("", include("ficshelf.listings.urls")),
    path("works/new", works.new_work, name="new_work"),
    path("", include("ficshelf.importing.urls")),
    path("works/<int:work_id>", works.work_detail, name="work"),
    path("works/<int:work_id>/edit", works.edit_work, name="edit_work"),
    path("works/<int:work_id>/post", works.post_draft, name="post_draft"),
    path("works/<int:work_id>/delete", works.delete_work, name="delete_work"),
    path("works/<int:work_id>/navigate", works.chapter_index, name="chapter_index"),
    path("works/<int:work_id>/chapters/new", works.new_chapter, name="new_chapter"),
    path("works/<int:work_id>/chapters/manage", works.manage_chapters, name="manage_chapters"),
    path("works/<int:work_id>/chapters/<int:chapter_id>", works.chapter_detail, name="chapter"),
    path("works/<int:work_id>/chapters/<int:chapter_id>/edit", works.edit_chapter, name="edit_chapter"),
    path("works/<int:work_id>/chapters/<int:chapter_id>/delete", works.delete_chapter, name="delete_chapter"),
    path("series/<int:series_id>", works.series_detail, name="series"),
    path("series/<int:series_id>/edit", works.edit_series, name="edit_series"),
    path("", include("ficshelf.tags.urls")),
    path("users/<str:username>/pseuds/", accounts.pseuds, name="pseuds"),
    path("users/<str:username>/preferences", accounts.preferences, name="preferences"),
    path("", include("ficshelf.accounts.urls")),
    path("signup", accounts.signup, name="signup"),
    path("login", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change",
        auth_views.PasswordChangeView.as_view(success_url="/password/changed"),
        name="password_change",
    ),
    path("password/changed", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset",
        auth_views.PasswordResetView.as_view(success_url="/password/reset/sent"),
        name="password_reset",
    ),
    path("password/reset/sent", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>",
        auth_views.PasswordResetConfirmView.as_view(success_url="/password/reset/done"),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("", include("ficshelf.community.urls")),
    path("", include("ficshelf.downloads.urls")),
    path("", include("ficshelf.feeds.urls")),
    path("admin/", admin.site.urls),
]
