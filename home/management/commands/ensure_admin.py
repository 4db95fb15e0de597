"""`ensure_admin`: the local 'admin' superuser of `make run`, created once.

The password is made and printed only when the account is created: re-running
`make run` must neither undo a password someone chose nor print one again.
"""
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

# A server listening on every address is reached, from this machine, at the loopback one.
LOOPBACK_FOR = {"0.0.0.0": "127.0.0.1", "::": "::1", "[::]": "::1"}


def admin_url(host, port):
    """The admin's address for a `runserver HOST:PORT`."""
    host = LOOPBACK_FOR.get(host, host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{port}/admin/"


class Command(BaseCommand):
    help = ("Create the local superuser (default 'admin') with a random password and print it; "
            "an existing account is left as it is.")

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--host", default="127.0.0.1", help="the host runserver listens on (make run's HOST)")
        parser.add_argument("--port", default="8000", help="the port runserver listens on (make run's PORT)")

    def handle(self, username, host, port, **options):
        url = admin_url(host, port)
        users = get_user_model().objects
        if users.filter(username=username).exists():
            self.stdout.write(
                f"Admin login: {url}  user: {username} (exists; password unchanged — "
                f"to set a new one: python manage.py changepassword {username})"
            )
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser(username=username, email="", password=password)
        self.stdout.write(f"Admin login: {url}  user: {username}  password: {password}")
