"""Domain events raised by the review workflow and the consultation.

Senders fire these inside the transaction that makes the change, so a
receiver that writes an outbox row commits or rolls back with it.
Every signal is sent with `sender` = the model class of `instance`, plus the
keyword arguments listed beside it.
"""

from django.dispatch import Signal

# A chapter (or plan, or meeting) entered a review stage.
# kwargs: instance (page), task (Task, specific), task_state (TaskState), workflow_state, user (submitter)
submitted_to_stage = Signal()

# A stage approved (the whole task completed) or requested changes.
# kwargs: instance, task, task_state, user (actor), comment (str)
stage_approved = Signal()
changes_requested = Signal()

# The council's decision was recorded.
# kwargs: instance (page), task_state, resolution (model with number, date, outcome), user
council_resolution_recorded = Signal()

# Consultation life cycle. kwargs: consultation
consultation_opened = Signal()
consultation_closing_soon = Signal()
consultation_closed = Signal()

# kwargs: comment (Comment model), consultation
public_comment_created = Signal()
comment_settled = Signal()

# The working group proposed a settlement; it waits for the steering group's confirmation.
# kwargs: comment, consultation, user (who proposed it)
settlement_proposed = Signal()

# Deadlines. kwargs: task_state, task, instance, due_at
task_due_soon = Signal()
task_overdue = Signal()
