"""The editorial workflow "Relecture": Communication submits, the
Relecteurs group approves (which publishes) or asks for changes.

It replaces Wagtail's default "Moderators approval" workflow on the root of
the page tree, so that it covers every page (standard pages, news, and events
when someone without publish permission edits them). Communication loses its
direct publish permission: its pages go through review. Relecteurs get the
editing permissions of Communication plus publish."""

from django.db import migrations

from organisers.roles import (
    COLLECTION_PERMISSIONS,
    COMMUNICATION,
    MODEL_PERMISSIONS,
    PAGE_PERMISSIONS,
    REVIEW_TASK,
    REVIEW_WORKFLOW,
    REVIEWERS,
)

WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def _permission(Permission, app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_review_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS)
    for app_label, codename in MODEL_PERMISSIONS[COMMUNICATION]:
        reviewers.permissions.add(_permission(Permission, app_label, codename))
    if root_page:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=reviewers,
                page=root_page,
                permission=_permission(Permission, "wagtailcore", codename),
            )
        GroupPagePermission.objects.filter(
            group__name=COMMUNICATION,
            page=root_page,
            permission__codename="publish_page",
        ).delete()
    if root_collection:
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=reviewers,
                    collection=root_collection,
                    permission=_permission(Permission, app_label, codename),
                )

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=REVIEW_TASK, content_type=task_type, active=True
        )
    task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(
        name=REVIEW_WORKFLOW, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    if root_page:
        WorkflowPage.objects.update_or_create(
            page=root_page, defaults={"workflow": workflow}
        )
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exclude(
        pk=workflow.pk
    ).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("organisers", "0003_attendee_message"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_review_workflow, migrations.RunPython.noop)
    ]
