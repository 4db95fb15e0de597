"""Page review (issue 20): the review of a page goes to the people who can approve it,
and nobody is given a task they cannot complete.

The table is role × page language; every cell asks the task (the dashboard's own
query), reads the real dashboard and posts the real approve action.
"""
import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, Task, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from home.models import ArticlePage
from home.review import PublisherApprovalTask
from portal import roles
from tests.conftest import article
from tests.permissions import log_in

pytestmark = pytest.mark.django_db

LANGUAGES = ("ko", "vi", "ur")
# group -> the languages whose pages it reviews
REVIEWS = {
    roles.ADMINISTRATORS: {"ko", "vi", "ur"},
    roles.EDITORS: {"ko"},
    roles.translator_group_name("vi"): {"vi"},
    roles.translator_group_name("ur"): {"ur"},
    roles.MODERATORS: set(),
    roles.COUNSELLORS: set(),
    roles.HELPDESK_MANAGERS: set(),
}


def _member(group_name, username=None):
    user = User.objects.create_user(
        username=username or group_name.lower().replace(" ", "-").replace(":", ""),
        email=f"{username or 'staff'}-{Group.objects.get(name=group_name).pk}@example.org",
        password="x",
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def in_review(import_jsonl):
    """A page in `code` with an unpublished revision, submitted to its workflow by a superuser."""

    def submit(code):
        lines = [article(key="review-me", body="본문.")]
        if code != "ko":
            lines.append(article(key="review-me", locale=code, body="Nội dung."))
        import_jsonl(*lines)
        page = ArticlePage.objects.get(slug="review-me", locale__language_code=code)
        author = User.objects.create_superuser(username=f"author-{code}", password="x")
        page.title = f"Revised {code}"
        revision = page.save_revision(user=author)
        state = page.get_workflow().start(page, user=author)
        return page, revision, state.current_task_state

    return submit


def _approve(client, page, task_state):
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.id, "approve", task_state.id))
    return client.post(url, {"comment": ""})


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("group_name", REVIEWS)
def test_review_table(client, in_review, group_name, code):
    page, revision, task_state = in_review(code)
    user = _member(group_name)
    expected = code in REVIEWS[group_name]
    task = task_state.task.specific
    assert isinstance(task, PublisherApprovalTask)

    # (a) Given the task: the task's own answer, the dashboard's query and the dashboard itself.
    given = task.get_task_states_user_can_moderate(user).filter(pk=task_state.pk).exists()
    assert TaskState.objects.reviewable_by(user).filter(pk=task_state.pk).exists() is given
    log_in(client, user)
    dashboard = client.get("/admin/").content.decode()
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=(page.id, "approve", task_state.id))
    assert (approve_url in dashboard) is given
    assert ('id="awaiting-review-section"' in dashboard) is given
    assert bool(task.get_actions(page, user)) is given

    # (b) Can complete it: the approve action over HTTP, and approving publishes the revision.
    response = _approve(client, page, task_state)
    task_state.refresh_from_db()
    page.refresh_from_db()
    completed = task_state.status == TaskState.STATUS_APPROVED
    if completed:
        assert response.status_code == 302
        assert page.live_revision_id == revision.id and page.title == f"Revised {code}"
    else:
        assert response.status_code in (302, 403) and task_state.status == TaskState.STATUS_IN_PROGRESS
        assert page.live_revision_id != revision.id

    assert given is expected, f"{group_name} on a {code} page: given={given}"
    assert completed is given, f"{group_name} on a {code} page: given the task ⇔ can complete it"


def _edit_form(page, action):
    """The real edit form of `page`, unchanged, with `action` (as test_roles does for publish)."""
    reader = log_in(Client(), User.objects.create_superuser(username=f"form-reader-{page.id}", password="x"))
    data = querydict_from_html(reader.get(f"/admin/pages/{page.id}/edit/").content.decode(), form_id="page-edit-form").copy()
    # The StreamField editor is drawn by JavaScript, so its fields are not in the HTML.
    for name, value in nested_form_data({"body": streamfield([("text", rich_text(page.body[0].value.source))])}).items():
        data[name] = value
    data[action] = action
    return data


def test_editor_submits_a_korean_page_to_its_publishers(client, import_jsonl, django_capture_on_commit_callbacks):
    import_jsonl(article(key="submit-me", body="본문."))
    page = ArticlePage.objects.get(slug="submit-me", locale__language_code="ko")
    editor = _member(roles.EDITORS, "editor")
    other_editor = _member(roles.EDITORS, "other-editor")
    administrator = _member(roles.ADMINISTRATORS, "administrator")
    outsiders = [_member(name, name.split()[0].lower()) for name in (roles.MODERATORS, roles.COUNSELLORS, roles.translator_group_name("vi"))]
    log_in(client, editor)
    data = _edit_form(page, "action-submit")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{page.id}/edit/", data)
    assert response.status_code == 302

    state = WorkflowState.objects.active().for_instance(page).get()
    assert state.requested_by == editor and state.workflow.name
    assert isinstance(state.current_task_state.task.specific, PublisherApprovalTask)
    recipients = {address for message in mail.outbox for address in message.to}
    assert {other_editor.email, administrator.email} <= recipients
    assert editor.email not in recipients
    assert not recipients & {user.email for user in outsiders}


def test_a_reviewer_can_send_a_page_back(client, in_review):
    page, revision, task_state = in_review("vi")
    log_in(client, _member(roles.translator_group_name("vi")))
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.id, "reject", task_state.id))
    assert client.post(url, {"comment": "Dịch lại đoạn hai."}).status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED and task_state.comment == "Dịch lại đoạn hai."
    assert task_state.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    page.refresh_from_db()
    assert page.live_revision_id != revision.id


def test_community_moderators_get_nothing(client, in_review):
    states = [in_review(code)[2] for code in LANGUAGES]
    moderator = _member(roles.MODERATORS)
    assert not TaskState.objects.reviewable_by(moderator).exists()
    for state in states:
        assert state.task.specific.get_actions(state.workflow_state.content_object, moderator) == []
    log_in(client, moderator)
    assert 'id="awaiting-review-section"' not in client.get("/admin/").content.decode()
    # No active task anywhere names the Moderators group (Wagtail's default one included),
    # and every page's workflow is the review by publishers.
    moderators = Group.objects.get(name=roles.MODERATORS)
    assert not GroupApprovalTask.objects.filter(active=True, groups=moderators).exists()
    workflow = states[0].workflow_state.workflow
    assert {state.workflow_state.workflow for state in states} == {workflow}
    assert [task.specific_class for task in workflow.tasks.filter(active=True)] == [PublisherApprovalTask]
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow


def test_setup_roles_twice_creates_nothing():
    def counts():
        return [model.objects.count() for model in (Workflow, Task, WorkflowTask, WorkflowPage, WorkflowState, TaskState)]

    before = counts()
    roles.setup_roles()
    roles.setup_roles()
    assert counts() == before
    assert PublisherApprovalTask.objects.filter(active=True).count() == 1


def test_pages_waiting_for_the_moderators_are_moved_to_their_publishers(import_jsonl):
    """Wagtail's default, as its data migration makes it: "Moderators approval" on the root page."""
    import_jsonl(article(key="stuck", body="본문."), article(key="sent-back", body="본문."))
    moderators = Group.objects.get(name=roles.MODERATORS)
    old_task = GroupApprovalTask.objects.create(name="Moderators approval")
    old_task.groups.set([moderators])
    old_workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=old_workflow, task=old_task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": old_workflow})
    author = _member(roles.EDITORS, "author")
    stuck = ArticlePage.objects.get(slug="stuck")
    stuck.save_revision(user=author)
    stuck_state = old_workflow.start(stuck, user=author)
    sent_back = ArticlePage.objects.get(slug="sent-back")
    sent_back.save_revision(user=author)
    sent_back_state = old_workflow.start(sent_back, user=author)
    sent_back_state.current_task_state.reject(user=None)

    roles.setup_roles()

    old_task.refresh_from_db()
    old_workflow.refresh_from_db()
    assert not old_task.active and not old_workflow.active
    stuck_state.refresh_from_db()
    sent_back_state.refresh_from_db()
    assert stuck_state.status == sent_back_state.status == WorkflowState.STATUS_CANCELLED
    moved = WorkflowState.objects.active().for_instance(stuck).get()
    assert moved.requested_by == author and isinstance(moved.current_task_state.task.specific, PublisherApprovalTask)
    assert not WorkflowState.objects.active().for_instance(sent_back).exists()
    assert sent_back.get_workflow() == moved.workflow
