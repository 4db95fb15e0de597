"""StreamField blocks for articles.

Every optional field has a non-null default (empty string, empty list) so a
block saved with blanks still yields clean segments for wagtail-localize;
tests/test_translation_workflow.py holds that promise.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    text = blocks.TextBlock(label=_("What to do"), required=False, default="")


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, default="")
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        template = "home/blocks/steps.html"
        icon = "list-ol"
        label = _("Step by step")


class DocumentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, default="")
    items = blocks.ListBlock(blocks.CharBlock(label=_("Document"), max_length=300), min_num=1)

    class Meta:
        template = "home/blocks/documents.html"
        icon = "tasks"
        label = _("Documents you need")


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Where to go"), max_length=200)
    phone = blocks.RegexBlock(
        regex=r"^[0-9+\- ]*$",
        required=False,
        default="",
        label=_("Phone"),
        error_messages={"invalid": _("Use digits, spaces, + and - only.")},
    )
    address = blocks.CharBlock(label=_("Address"), required=False, default="")
    url = blocks.URLBlock(label=_("Website"), required=False, default="")
    hours = blocks.CharBlock(label=_("Opening hours"), required=False, default="")

    class Meta:
        template = "home/blocks/contact.html"
        icon = "site"
        label = _("Contact / where to go")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, default="")
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        template = "home/blocks/faq.html"
        icon = "help"
        label = _("Frequently asked questions")


class ArticleBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    steps = StepsBlock()
    documents = DocumentsBlock()
    contact = ContactBlock()
    faq = FAQBlock()
