"""Writes to people's accounts. HTML views, the API and the CLI all call these."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from townhall.accounts.models import User


@transaction.atomic
def create_user(
    *,
    username: str,
    email: str,
    display_name: str,
    password: str | None = None,
    role: str = User.Role.MEMBER,
    **profile,
) -> User:
    """Create an active account whose email counts as verified (an admin vouched for it)."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValueError(f"{email!r} is not a valid email address") from error
    if User.objects.filter(username__iexact=username).exists():
        raise ValueError(f"the username {username!r} is taken")
    if User.objects.filter(email__iexact=email).exists():
        raise ValueError(f"someone already has the address {email}")
    user = User(username=username, email=email, display_name=display_name, role=role, **profile)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.refresh_search_text()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
