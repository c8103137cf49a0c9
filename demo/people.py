"""Demo people: login accounts (one per role and territory) and members without a login."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from cms.roles import ensure_territory_roles

from .data import load
from .registry import step

ROLE_COORDINATOR = "coordinator"


def ensure_user(username, first_name, last_name, *, password=None, email=None):
    """The user `username`, created if missing; with `password` it can log in, without it never."""
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email or f"{username}@example.cz"},
    )
    if password is not None:
        if not _has_password(user, password):
            user.password = _demo_hash(password)
            user.save(update_fields=["password"])
    elif created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    _czech_admin(user)
    return user


_HASHES = {}  # password -> its hash, made once (hashing is slow by design: ~1 s per demo account)
_CHECKED = {}  # (stored hash, password) -> whether they match


def _demo_hash(password):
    if password not in _HASHES:
        _HASHES[password] = make_password(password)
        _CHECKED[_HASHES[password], password] = True
    return _HASHES[password]


def _has_password(user, password):
    """check_password, once per distinct stored hash: the demo accounts share one after a load."""
    key = (user.password, password)
    if key not in _CHECKED:
        _CHECKED[key] = user.check_password(password)
    return _CHECKED[key]


def _czech_admin(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != "cs":
        profile.preferred_language = "cs"
        profile.save(update_fields=["preferred_language"])


def ensure_admin(password):
    """The demo superuser `admin`."""
    admin = ensure_user("admin", "Správce", "Systému", password=password)
    if not admin.is_superuser or not admin.is_staff:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    return admin


def role_label(role):
    """The Czech name of a demo role, as `load_demo` prints it."""
    return load("territories")["role_labels"][role]


@step(order=20)
def accounts_and_members(demo):
    """Log-in accounts join their body (or the coordinators); each body gets three more members and a chair."""
    coordinators = ensure_territory_roles(demo.territory)
    demo.territory.refresh_from_db()
    demo.users = {"admin": [demo.admin]}
    by_body = {}
    for account in demo.spec["accounts"]:
        user = ensure_user(account["username"], account["first_name"], account["last_name"], password=demo.password)
        demo.users.setdefault(account["role"], []).append(user)
        if account["role"] == ROLE_COORDINATOR:
            user.groups.add(coordinators)
        else:
            by_body.setdefault(account["body"], []).append((user, account["chair"]))
    names = iter(load("people")["members_without_login"] * 2)
    for slug, body in demo.bodies.items():
        chairs, members = [], []
        for account_user, is_chair in by_body.get(slug, []):
            (chairs if is_chair else members).append(account_user)
        for _index in range(3):
            name = next(names)
            first, last = name["first_name"], name["last_name"]
            username = f"{demo.spec['key']}.{slugify(first)}.{slugify(last)}.{slug}"[:150]
            members.append(ensure_user(username, first, last))
        members = chairs + members
        for member in members:
            member.groups.add(body.group)
        if body.chair_id is None:
            body.chair = members[0]
            body.save(update_fields=["chair"])
