"""Work that runs beside the web server.

Django's tasks framework (the ``django_tasks`` backport) defines, enqueues and
reads tasks; django-tasks-db keeps them in the database and runs them
(``db_worker``). This app holds only what is the project's: ``daihoi worker``
(:mod:`.worker`, a thin wrapper over the library's worker), the ``ping``
task, and the abstract :class:`.models.Job` that every job followed on a page
builds on, with the rule for a lost worker (:mod:`.fate`). See docs/tasks.md.
"""
