"""People's accounts: allauth in the portal's look, profiles, "my registrations",
the private calendar feed and the data rights of the RGPD."""
