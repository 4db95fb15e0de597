"""What anyone can read: the boards, a board's threads, a thread, a post in your language."""
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community import conf, forms, notifications, reading, rules, translation
from community.constants import Status
from community.models import Post
from community.views import current_member, interface_language
from portal import machine_translation, ratelimit, too_many_requests, topics
from services import region_labels


@require_GET
def index(request):
    counts = reading.board_counts()
    boards = [{"key": key, "label": label, "intro": topics.INTROS[key], "count": counts.get(key, 0)}
              for key, label in topics.CHOICES]
    return render(request, "community/index.html", {"boards": boards})


def _region_from(request):
    """(region or None, error message or None) from ?region=CODE."""
    from services.models import Region

    code = request.GET.get("region", "").strip()
    if not code:
        return None, None
    # A control character (NUL) never names a region, and PostgreSQL refuses it even in a lookup.
    region = Region.objects.filter(code=code[:16]).first() if code.isprintable() else None
    if region is None:
        return None, _("There is no region with the code %(code)s. Showing threads from every region.") % {
            "code": code[:16]}
    return region, None


@require_GET
def board(request, topic):
    if topic not in topics.KEYS:
        raise Http404
    language = interface_language()
    region, error = _region_from(request)
    page = reading.board_page(topic, region, reading.parse_cursor(request.GET.get("before", "")))
    base = reverse("community_board", kwargs={"topic": topic})
    region_query = {"region": region.code} if region else {}
    context = {
        "topic": topic, "topic_label": topics.LABELS[topic], "region": region, "error": error,
        "threads": [{"thread": thread, "region": region_labels.label(thread.region, language) if thread.region else ""}
                    for thread in page.threads],
        "region_choices": reading.region_choices(language),
        "first_page_url": f"{base}?{urlencode(region_query)}" if "before" in request.GET else None,
        "next_page_url": f"{base}?{urlencode({**region_query, 'before': page.next_cursor})}" if page.next_cursor else None,
    }
    return render(request, "community/board.html", context, status=400 if error else 200)


def _offer_translations(posts, language):
    """Mark each post with whether to offer the translate action (asked once per language on the page)."""
    offered = {code: code != language and machine_translation.can_translate(code, language)
               for code in {post.language for post in posts}}
    for post in posts:
        post.translation_offered = offered[post.language]


@require_GET
def thread(request, pk):
    member = current_member(request)
    found = reading.visible_thread(pk, member)
    if found is None:
        raise Http404
    page = reading.thread_page(found, reading.parse_page_number(request.GET.get("page")), member)
    posts = [post for post in (page.opening_post, *page.replies, *page.own_unpublished) if post is not None]
    language = interface_language()
    _offer_translations(posts, language)
    verdict = rules.can_post(member) if member is not None else None
    context = {
        "thread": found, "page": page, "member": member,
        "region_name": region_labels.label(found.region, language) if found.region else "",  # HTML
        "can_reply": found.status == Status.APPROVED and bool(verdict),
        "refusal": verdict.reason if verdict is not None and not verdict else "",
        "subscribed": notifications.is_subscribed(member, found),
    }
    if context["can_reply"]:
        context["form"] = forms.PostForm(initial={"subscribe": member.notify_replies or context["subscribed"]})
    return render(request, "community/thread.html", context)


def visible_post(pk, member):
    """A post the reader may see (public, or their own and not deleted), or 404."""
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=pk)
    own = member is not None and post.author_id == member.pk
    public = post.status == Status.APPROVED and post.thread.status == Status.APPROVED
    if not (public or (own and post.status != Status.DELETED)):
        raise Http404
    return post


def post_url(post):
    """The post on its thread page."""
    page = reading.page_of(post)
    query = f"?page={page}" if page > 1 else ""
    return f"{post.thread.get_absolute_url()}{query}#{post.anchor()}"


TRANSLATE_SCOPE = "community-translate"


@require_GET
def translate(request, pk):
    """The post machine-translated into the reader's language, the original one link away."""
    post = visible_post(pk, current_member(request))
    language = interface_language()
    if not translation.available(post, language):
        raise Http404
    context = {"post": post, "original_url": post_url(post), "translation": translation.cached(post, language)}
    status = 200
    if context["translation"] is None:
        # Only translations that were made count: a provider that is down costs the reader nothing.
        if ratelimit.over_limit(request, TRANSLATE_SCOPE, conf.get("COMMUNITY_TRANSLATIONS_PER_CLIENT_PER_MINUTE"), 60):
            context["error"], status = _("Too many translations from your connection. Wait a minute and try again."), 429
        else:
            try:
                context["translation"] = translation.translate(post, language)
            except machine_translation.MachineTranslationError:
                context["error"], status = _("The translation service did not answer. Please try again later."), 503
            else:
                ratelimit.record(request, TRANSLATE_SCOPE, 60)
    response = too_many_requests.mark(render(request, "community/translation.html", context, status=status), 60)
    response["X-Robots-Tag"] = "noindex"
    return response
