"""The portal's roles as Wagtail groups, created or reset idempotently.

- Administrators: everything in every language, and users.
- Editors: write and publish the Korean source tree and send it for translation.
- Translators (one group per language): edit and publish only their language's tree, and translate
  places and events into their language (services.permissions).
- Moderators: admin access for the community queues, no pages.
- Counsellors: the help desk (cases, answers, referrals); Help desk managers: also partners and statistics.
"""
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from portal import languages

PAGE_WRITE = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
PAGE_ADMIN = (*PAGE_WRITE, "bulk_delete_page")
MEDIA = ("add_image", "choose_image", "add_document", "choose_document")

ADMINISTRATORS = "Administrators"
EDITORS = "Editors"
MODERATORS = "Moderators"


def translator_group_name(code):
    return f"Translators: {languages.get(code).name}"


def translator_language_codes(user):
    """The language codes `user` translates: one per "Translators: <language>" group they are in."""
    codes_by_group = {translator_group_name(code): code
                      for code in languages.CODES if code != languages.SOURCE_LANGUAGE}
    return {codes_by_group[name] for name in user.groups.values_list("name", flat=True) if name in codes_by_group}


def _permission(codename):
    return Permission.objects.get(codename=codename)


def _reset(name, *, global_permissions, page_permissions):
    """The group `name` with exactly these permissions, whatever it had before."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.set([_permission(codename) for codename in global_permissions])
    GroupPagePermission.objects.filter(group=group).delete()
    for page, codenames in page_permissions:
        for codename in codenames:
            GroupPagePermission.objects.create(group=group, page=page, permission=_permission(codename))
    GroupCollectionPermission.objects.filter(group=group).delete()
    if "add_image" in global_permissions or name == EDITORS or name == ADMINISTRATORS:
        root_collection = Collection.get_first_root_node()
        for codename in MEDIA:
            GroupCollectionPermission.objects.create(group=group, collection=root_collection, permission=_permission(codename))
    return group


# Synonyms and promoted results: editors tune the search for every language.
SEARCH_TUNING = (
    "add_synonymgroup", "change_synonymgroup", "delete_synonymgroup", "view_synonymgroup",
    "add_searchpromotion", "change_searchpromotion", "delete_searchpromotion", "view_searchpromotion",
)

# Places, events and regions of the map (services/): editors keep them; translators
# translate place names and event titles through wagtail-localize like pages.
PLACES = ("add_place", "change_place", "delete_place", "view_place", "view_region", "change_region",
          "add_event", "change_event", "delete_event", "view_event")
# Translators: wagtail-localize asks for the model's change permission, and
# services.permissions narrows it to the versions in the translator's languages
# (never the Korean source, whose facts every language shows; no add, no delete).
TRANSLATED_SNIPPETS = ("view_place", "change_place", "view_event", "change_event")

# Members of the community (accounts/): administrators see the list (nicknames, no emails).
MEMBERS = ("view_member",)

# Moderation of the community board (community/admin_views.py): the queues and
# approve/hide/delete (change_post), warn/suspend (add_moderationaction), the
# audit log, and posts' earlier versions. Editors get none of it.
MODERATION = ("view_post", "change_post", "view_report", "change_report", "view_postrevision",
              "view_moderationaction", "add_moderationaction")


# The help desk (helpdesk/): counsellors work cases; help-desk managers also keep
# the partner directory and see the statistics; editors see which questions no
# article answers (counts only, no personal data).
COUNSELLORS = "Counsellors"
HELPDESK_MANAGERS = "Help desk managers"
HELPDESK_CASES = ("add_case", "change_case", "view_case", "view_partner", "view_helpdesk_article_gaps")
HELPDESK_MANAGEMENT = (*HELPDESK_CASES, "add_partner", "change_partner", "delete_partner", "view_helpdesk_statistics")


def setup_roles():
    """Create or reset every role; run after the site structure exists."""
    from home.models import HomePage

    homes = {page.locale.language_code: page for page in HomePage.objects.filter(depth=2).select_related("locale")}
    root = Page.get_first_root_node()
    _reset(
        ADMINISTRATORS,
        global_permissions=(
            "access_admin", "submit_translation", "add_user", "change_user", "delete_user", "view_user",
            *SEARCH_TUNING, *PLACES, *MEMBERS, *HELPDESK_MANAGEMENT, *MODERATION,
        ),
        page_permissions=[(root, PAGE_ADMIN)],
    )
    _reset(
        EDITORS,
        global_permissions=("access_admin", "submit_translation", *SEARCH_TUNING, *PLACES, "view_helpdesk_article_gaps"),
        page_permissions=[(homes[languages.SOURCE_LANGUAGE], PAGE_WRITE)],
    )
    _reset(MODERATORS, global_permissions=("access_admin", *MODERATION), page_permissions=[])
    _reset(COUNSELLORS, global_permissions=("access_admin", *HELPDESK_CASES), page_permissions=[])
    _reset(HELPDESK_MANAGERS, global_permissions=("access_admin", *HELPDESK_MANAGEMENT), page_permissions=[])
    for code, home in homes.items():
        if code != languages.SOURCE_LANGUAGE:
            _reset(translator_group_name(code), global_permissions=("access_admin", *TRANSLATED_SNIPPETS),
                   page_permissions=[(home, PAGE_WRITE)])
    # After the permissions: page review goes to whoever may publish the page, and
    # Wagtail's default "Moderators approval" (a group with no pages here) is retired.
    from home.review import setup_review_workflow

    setup_review_workflow()
