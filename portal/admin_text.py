"""Admin labels Wagtail translates once, in whatever language is active then (Korean).

Some of Wagtail's labels are translated with the eager gettext when a module is
imported or when its admin URLs are built, which happens at start-up or during
the first request: with LANGUAGE_CODE = "ko" they came out in Korean for every
admin, whatever their language ("선택 place", "지역 선택", "홈" in an English admin).
make_admin_text_lazy(), called from PortalConfig.ready() before any of them is
created, makes each of them a lazy translation, shown in each admin's language:

- the chooser modals' titles and buttons (class attributes of ChooserViewSet);
- the snippet chooser widget's buttons ("Choose %(object)s"): the widget is
  created with the form class, which Wagtail's viewsets build once;
- the snippet views' breadcrumbs ("Home", "Snippets"), given to the views once.

The msgids are Wagtail's own, so Wagtail's catalogs (and ours) translate them.
"""
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, override
from wagtail.snippets.widgets import AdminSnippetChooser

CHOOSER_VIEWSET_TEXT = {
    "choose_one_text": gettext_lazy("Choose"),
    "choose_another_text": gettext_lazy("Choose another"),
    "edit_item_text": gettext_lazy("Edit"),
    "search_tab_label": gettext_lazy("Search"),
    "create_action_label": gettext_lazy("Create"),
}
SNIPPET_CHOOSER_TEXT = {
    "choose_one_text": "Choose %(object)s",
    "choose_another_text": "Choose another %(object)s",
    "link_to_chosen_text": "Edit this %(object)s",
}


def _translate_when_shown(msgid, values):
    """gettext(msgid) % values, in the language active when the text is shown."""
    return lazy(lambda: gettext(msgid) % values, str)()


class SnippetChooserInAdminLanguage(AdminSnippetChooser):
    """Wagtail's snippet chooser widget, with its button texts translated when shown."""

    def __init__(self, model=None, **kwargs):
        super().__init__(model=model, **kwargs)
        values = {"object": self.model._meta.verbose_name}
        for attribute, msgid in SNIPPET_CHOOSER_TEXT.items():
            if attribute not in kwargs:  # a text given by the caller stays as given
                setattr(self, attribute, _translate_when_shown(msgid, values))


def _lazy_breadcrumbs(breadcrumbs_items):
    """SnippetViewSet.breadcrumbs_items, with lazy labels: Wagtail's are computed in English
    (their msgids) and translated again when shown."""

    def items(viewset):
        with override("en"):
            crumbs = breadcrumbs_items.fget(viewset)
        return [{**crumb, "label": gettext_lazy(crumb["label"])} if isinstance(crumb.get("label"), str) else crumb
                for crumb in crumbs]

    return property(items)


def make_admin_text_lazy():
    from wagtail.admin.viewsets.chooser import ChooserViewSet
    from wagtail.snippets.views.chooser import SnippetChooserViewSet
    from wagtail.snippets.views.snippets import SnippetViewSet

    for name, text in CHOOSER_VIEWSET_TEXT.items():
        setattr(ChooserViewSet, name, text)
    if SnippetChooserViewSet.base_widget_class is AdminSnippetChooser:
        SnippetChooserViewSet.base_widget_class = SnippetChooserInAdminLanguage
    if not getattr(SnippetViewSet.breadcrumbs_items.fget, "lazy_labels", False):
        SnippetViewSet.breadcrumbs_items = _lazy_breadcrumbs(SnippetViewSet.breadcrumbs_items)
        SnippetViewSet.breadcrumbs_items.fget.lazy_labels = True
