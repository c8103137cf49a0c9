"""Notifications: a transactional outbox delivered by Celery, an admin inbox, public subscriptions.

Layers, each importing only those below it (checked by import-linter):

    tasks            Celery entry points (names "notifications.*"), scheduled in triada/periodic.py
    delivery         send pending rows exactly once, sweep what was missed, daily digests
    subscriptions    double opt-in subscriptions and their confirmation e-mail
    outbox           record_event() inside the change's transaction; fan_out() into rows
    mail, messages   one e-mail message; the words of each kind (templates/notifications/kinds/<kind>.txt)
    models

Other apps raise domain events (workflows/signals.py); receivers.py turns them into
outbox events. Enqueueing goes through triada.enqueue, never straight to the broker.
"""
