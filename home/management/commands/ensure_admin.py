import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create (or reset) the local 'admin' superuser with a fresh random password and print it."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, username, **options):
        user, _created = get_user_model().objects.get_or_create(username=username, defaults={"email": ""})
        password = secrets.token_urlsafe(12)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Admin login: http://127.0.0.1:8000/admin/  user: {username}  password: {password}")
