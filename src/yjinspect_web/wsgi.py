"""WSGI entry point: ``yjinspect serve`` runs it with waitress."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect_web.settings")
application = get_wsgi_application()
