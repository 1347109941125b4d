"""Organisers' actions on registrations from the admin: register someone by
hand, change seats or sessions, cancel, confirm from the waiting list, send
the invite again, record attendance. The views are thin: the services of
``events.registrations`` decide and log."""
