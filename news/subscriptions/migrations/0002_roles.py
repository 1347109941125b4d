"""Subscribers in the roles of organisers.roles: the Organisateurs see the
subscribers (personal data, two-factor authentication first) and their
counts; Communication sees the counts only, never an address. Permissions are
created first: on a new database Django only creates them after every
migration has run."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Group name (organisers.roles) → codenames of subscriptions permissions.
ROLE_PERMISSIONS = {
    "Organisateurs": ["view_subscription", "view_subscription_counts"],
    "Communication": ["view_subscription_counts"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("subscriptions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="subscriptions", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="subscriptions", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
        ("organisers", "0001_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
