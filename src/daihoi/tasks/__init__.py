"""Work that runs beside the web server.

Django's tasks framework (the ``django_tasks`` backport) defines, enqueues and
reads tasks; django-tasks-db keeps them in the database and runs them
(``db_worker``). This app holds only what is the project's: ``daihoi worker``
(:mod:`.worker`, a thin wrapper over the library's worker) and the ``ping``
task. See docs/tasks.md.
"""
