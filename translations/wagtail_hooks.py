from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin import messages

from portal import languages
from translations import changes, sync, views


@hooks.register("register_admin_urls")
def translation_change_urls():
    return [path("translation-changes/<int:translation_id>/", views.changed_segments, name="translation_changes")]


@hooks.register("before_edit_page")
def note_minor_publication(request, page):
    minor = request.method == "POST" and request.POST.get("action-publish") == "minor"
    sync.minor_publication.set(page.pk if minor else None)


@hooks.register("after_edit_page")
def forget_minor_publication(request, page):
    sync.minor_publication.set(None)


class PublishMinorChangeMenuItem(ActionMenuItem):
    """Publish a typo fix in the source without marking every translation outdated."""

    label = _("Publish as a minor change")
    name = "action-publish"
    template_name = "translations/publish_minor_menu_item.html"
    icon_name = "upload"

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or page is None or context["locked_for_user"]:
            return False
        if page.locale.language_code != languages.SOURCE_LANGUAGE:
            return False
        return self.get_user_page_permissions_tester(context).can_publish()


@hooks.register("register_page_action_menu_item")
def publish_minor_change_menu_item():
    return PublishMinorChangeMenuItem(order=15)


@hooks.register("before_edit_page")
def announce_source_changes(request, page):
    """On opening a translation whose source changed, say so and link to the changes."""
    if request.method != "GET":
        return
    translation = changes.open_translation(page)
    count = len(changes.changed_segments(translation)) if translation else 0
    if count:
        url = reverse("translation_changes", args=[translation.id])
        text = _("The source changed since this translation was published: %(count)s segments.") % {"count": count}
        messages.warning(request, text, buttons=[messages.button(url, _("See what changed"))])
