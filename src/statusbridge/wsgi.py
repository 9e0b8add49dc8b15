"""The WSGI application ``statusbridge serve`` runs (any WSGI server can run it too)."""

import os

from django.core.wsgi import get_wsgi_application

from statusbridge import config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "statusbridge.settings")
config.owner_only_files()
application = get_wsgi_application()
