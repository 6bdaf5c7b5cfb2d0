"""The demo organisation (placeholder until the demo loader lands)."""

from townhall.accounts.models import User

DEMO_PASSWORD = "townhall-demo"


def demo_needed() -> bool:
    return not User.objects.exists()


def load_demo() -> str:
    from townhall.accounts.actions import create_user

    if User.objects.filter(username="ada").exists():
        return "The demo organisation is already loaded."
    create_user(
        username="ada",
        email="ada@northwind.example",
        display_name="Ada Lindqvist",
        password=DEMO_PASSWORD,
        role=User.Role.ADMIN,
    )
    return f"Demo organisation loaded. Sign in as ada@northwind.example / {DEMO_PASSWORD}"
