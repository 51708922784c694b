"""Work that runs beside the web server: a queue of tasks in the database, and its workers.

Django's tasks framework (the ``django_tasks`` backport) defines, enqueues and
reads tasks; this app is its backend: :mod:`.models` keeps each task as a row,
:mod:`.backend` writes and reads those rows, :mod:`.worker` claims the ready
ones and runs them (``daihoi worker``). Several workers, on one machine or
several, may share one PostgreSQL database: a task is claimed by a conditional
update, so exactly one worker runs it. See docs/tasks.md.
"""
