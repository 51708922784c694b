import os

from django.core.wsgi import get_wsgi_application

from daihoi.congresses import cast_app

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
# The phones' cast is answered in front of Django's request path (cast_app).
application = cast_app.wrap(get_wsgi_application())
