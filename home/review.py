"""Page review that goes to the people who can approve it (issue 20).

Wagtail's default workflow sends every page to a group named "Moderators"; in this
portal that group moderates the community board and has no page permissions, so a
page sent there could never be approved. PublisherApprovalTask has no group list:
the reviewers of a page are, at every moment, exactly the users who may publish
it (Wagtail's page permission policy, superusers included). A Korean page goes to
Editors and Administrators, a Vietnamese page to "Translators: Vietnamese" and
Administrators, and a role change in portal/roles.py moves the review with it.
"""
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import (
    GroupApprovalTask, GroupPagePermission, Page, Task, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask,
)
from wagtail.permissions import page_permission_policy
from wagtail.signals import task_submitted


def can_review(page, user):
    """Whether `user` may approve `page`: the same test as the Publish button's."""
    return isinstance(page, Page) and page.permissions_for_user(user).can_publish()


def reviewers(page):
    """The active users who may approve `page`, superusers included."""
    return page_permission_policy.users_with_permission_for_instance("publish", page)


class PublisherApprovalTask(Task):
    """Approved or sent back by whoever may publish the page under review."""

    def start(self, workflow_state, user=None):
        # As Wagtail's group task does: a lock held by someone who cannot review
        # would stop the reviewers from approving, so it is lifted.
        page = workflow_state.content_object
        if isinstance(page, Page) and page.locked_by and not can_review(page, page.locked_by):
            page.locked, page.locked_by, page.locked_at = False, None, None
            page.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return can_review(obj, user)

    def locked_for_user(self, obj, user):
        # While in review, only reviewers edit (Wagtail's group task behaves the same).
        return not can_review(obj, user)

    def user_can_lock(self, obj, user):
        return can_review(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not can_review(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # The dashboard's "Awaiting your review" and the workflow report read this:
        # the same rule as get_actions, as one query over the pages the user may publish.
        if not user.is_active:
            return TaskState.objects.none()
        states = TaskState.objects.filter(task_id=self.pk, status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        publishable = page_permission_policy.instances_user_has_permission_for(user, "publish")
        # WorkflowState.object_id is text; PostgreSQL compares it with a page id only after a cast.
        page_ids = publishable.annotate(object_id=Cast("pk", CharField())).values("object_id")
        return states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),  # pages only, never a snippet's id
            workflow_state__object_id__in=page_ids,
        )

    @classmethod
    def get_description(cls):
        return _("The users who may publish the page approve it or request changes")

    class Meta:
        verbose_name = _("Approval by the page's publishers")
        verbose_name_plural = _("Approvals by the page's publishers")


class ReviewerSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """Wagtail's "submitted for approval" mail, sent to the page's reviewers instead of a group's members."""

    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(instance.task.specific, PublisherApprovalTask)

    def get_recipient_users(self, task_state, **kwargs):
        page = task_state.workflow_state.content_object
        if not isinstance(page, Page):
            return set()
        recipients = reviewers(page)
        if not getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            recipients = recipients.filter(is_superuser=False)
        triggering_user = kwargs.get("user")
        return recipients.exclude(pk=triggering_user.pk) if triggering_user else recipients


# Connected when the models load (home/models.py imports this module), once; held
# here because signals keep only a weak reference to their receivers.
reviewer_submission_notifier = ReviewerSubmissionEmailNotifier()
task_submitted.connect(reviewer_submission_notifier, sender=TaskState, dispatch_uid="home_publisher_approval_submitted")


def setup_review_workflow():
    """One workflow with PublisherApprovalTask on the root page; tasks nobody can complete retired.

    Idempotent: a second run finds the task and workflow it made (by type, not by
    name, since the names are translated) and creates nothing.
    """
    task = PublisherApprovalTask.objects.order_by("pk").first()
    workflow = Workflow.objects.filter(workflow_tasks__task=task).order_by("pk").first() if task else None
    # The names are stored text: written once, in the admin's default language.
    with translation.override(settings.LANGUAGE_CODE):
        if task is None:
            task = PublisherApprovalTask.objects.create(name=gettext("Approval by the page's publishers"))
        if workflow is None:
            workflow = Workflow.objects.create(name=gettext("Review before publishing"))
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    _retire_unapprovable_group_tasks(workflow)
    return workflow


def _retire_unapprovable_group_tasks(workflow):
    """Deactivate group tasks naming a group that can publish no page, such as
    Wagtail's default "Moderators approval" (Moderators here are the community
    board's), and the workflows that use them.

    Pages waiting in such a task are moved, not cancelled: their old workflow
    state is cancelled and `workflow` started for the same page on behalf of the
    same requester, so the page keeps waiting for review, now by people who can
    give it, and nobody has to notice and resubmit. A page sent back for changes
    under the old workflow is cancelled instead (resuming it would restart the
    retired task); its author resubmits it into `workflow` as usual.
    """
    publishers = GroupPagePermission.objects.filter(permission__codename="publish_page").values("group_id")
    unable = Group.objects.exclude(pk__in=publishers)
    tasks = GroupApprovalTask.objects.filter(active=True, groups__in=unable).distinct()
    for task in tasks:
        for old_workflow in Workflow.objects.filter(workflow_tasks__task=task).exclude(pk=workflow.pk).distinct():
            for state in WorkflowState.objects.active().filter(workflow=old_workflow):
                _move_or_cancel(state, workflow)
            if old_workflow.active:
                old_workflow.deactivate()
        task.deactivate()


def _move_or_cancel(state, workflow):
    waiting = state.status == WorkflowState.STATUS_IN_PROGRESS
    if state.current_task_state_id:
        state.cancel()
    else:  # between tasks: nothing to log against, only the status to end
        state.status = WorkflowState.STATUS_CANCELLED
        state.save(update_fields=["status"])
    page = state.content_object
    if waiting and isinstance(page, Page):
        workflow.start(page.specific, state.requested_by)
