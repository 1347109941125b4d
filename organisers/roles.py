"""The roles of the portal, as Django groups (created by a migration).

- Organisers edit events and capacities, and see, manage and export
  registrations (personal data: two-factor authentication required).
- Communication writes pages and news and submits them to the "Relecture"
  workflow (it has no publish permission of its own); no access at all to
  registrations or to the outbox.
- Reviewers (Relecteurs) approve and publish, or send back with comments,
  what Communication submits.
- Region staff (``settings.REGION_STAFF_GROUP_NAME``) see and register for
  internal events; no admin access.
"""

ORGANISERS = "Organisateurs"
COMMUNICATION = "Communication"
REVIEWERS = "Relecteurs"

# The editorial workflow (organisers/migrations/0004_review_workflow.py),
# assigned to the root of the page tree in place of Wagtail's default one.
REVIEW_WORKFLOW = "Relecture"
REVIEW_TASK = "Relecture éditoriale"

# Page permissions of the editing roles, from the root of the page tree
# (0004_review_workflow takes "publish_page" back from Communication).
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# Images and documents, on the root collection.
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}
# Model permissions: (app label, codename).
SNIPPET_PERMISSIONS = [
    (app, f"{action}_{model}")
    for app, model in (
        ("home", "theme"),
        ("home", "territory"),
        ("home", "organisation"),
        ("home", "person"),
    )
    for action in ("add", "change", "delete", "view")
]
EVENT_REFERENCE_PERMISSIONS = [
    ("events", f"{action}_{model}")
    for model in ("eventkind", "venue")
    for action in ("add", "change", "delete", "view")
]
PERSONAL_DATA_PERMISSIONS = [
    ("registrations", "view_registration"),
    ("registrations", "add_registration"),
    ("registrations", "change_registration"),
    ("outbox", "view_outgoingemail"),
]
MODEL_PERMISSIONS = {
    ORGANISERS: [
        ("wagtailadmin", "access_admin"),
        *SNIPPET_PERMISSIONS,
        *EVENT_REFERENCE_PERMISSIONS,
        *PERSONAL_DATA_PERMISSIONS,
    ],
    COMMUNICATION: [("wagtailadmin", "access_admin"), *SNIPPET_PERMISSIONS],
}
