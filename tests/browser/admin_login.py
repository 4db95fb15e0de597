"""The admin's sign-in as a person does it in the browser: password, then the authenticator app's code.

The first sign-in of the session's server enrols: the secret is read from the
enrolment page as a person would type it into the app, and kept in the
portal_server dict for later sign-ins, which get the code page.
"""
import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

STEP = 30  # seconds per TOTP code


def _current_code(secret, used):
    """The app's code now; a new time step when this one's code was used (each code works once)."""
    while int(time.time()) // STEP in used or STEP - time.time() % STEP < 2:
        time.sleep(0.5)
    counter = int(time.time()) // STEP
    used.add(counter)
    return format_hotp_value(hotp_value(secret, counter))


def sign_in_to_admin(page, portal_server):
    base = portal_server["url"]
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", portal_server["admin_password"])
    page.get_by_role("button", name=re.compile("Sign in|로그인", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/second-factor/"))
    used = portal_server.setdefault("used_totp_steps", set())
    if "/enrol/" in page.url:
        portal_server["totp_secret"] = page.locator("#second-factor-secret").get_attribute("data-secret")
        page.fill("#id_code", _current_code(portal_server["totp_secret"], used))
        page.locator("form.login-form button[type=submit]").click()
        page.locator(".recovery-codes").wait_for()
        page.locator("a.button[href='/admin/']").click()
    else:
        page.fill("#id_code", _current_code(portal_server["totp_secret"], used))
        page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


def sign_in_as(page, portal_server, username, password):
    """A staff member without a second factor (an editor, a translator): the password only."""
    base = portal_server["url"]
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/admin/")
