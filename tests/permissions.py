"""What "allowed" means in the role × view tables (tests/test_roles.py, tests/helpdesk/, tests/community/)."""


def admin_allowed(response):
    """A GET answered 200, or a redirect that is neither to the login page nor back to the admin's front door."""
    if response.status_code == 200 and response.request["REQUEST_METHOD"] == "GET":
        return True
    if response.status_code == 302:
        location = response["Location"]
        return not (location.startswith("/admin/login/") or location.rstrip("/") == "/admin")
    return False
