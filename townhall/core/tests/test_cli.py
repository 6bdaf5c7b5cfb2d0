"""The `townhall` command as an operator uses it: accounts, tokens and configuration checks."""

import io

import pytest

from townhall.accounts.models import ApiToken, User
from townhall.accounts.tokens import user_for_secret
from townhall.cli import main


def test_createuser_makes_an_admin_who_can_sign_in_with_the_password_from_stdin(
    db, client, monkeypatch, capsys
):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-admin-passphrase\n"))
    main(
        ["createuser", "siri", "--email", "Siri@Northwind.example", "--admin"]
        + ["--name", "Siri Dahl", "--password-stdin"]
    )

    assert "Created admin siri <siri@northwind.example>" in capsys.readouterr().out
    siri = User.objects.get(username="siri")
    assert (siri.role, siri.display_name) == ("admin", "Siri Dahl")
    response = client.post(
        "/accounts/login/",
        {"login": "siri@northwind.example", "password": "a-long-admin-passphrase"},
    )
    assert response.status_code == 302


def test_createuser_refuses_a_taken_username_and_a_bad_address_in_plain_words(make_user):
    make_user("siri")
    with pytest.raises(SystemExit, match="the username 'siri' is taken"):
        main(["createuser", "siri", "--email", "other@northwind.example"])
    with pytest.raises(SystemExit, match="'not-an-address' is not a valid email address"):
        main(["createuser", "tor", "--email", "not-an-address"])
    assert not User.objects.filter(username="tor").exists()


def test_token_create_prints_a_working_secret_once_and_revoke_stops_it(make_user, capsys):
    mona = make_user("mona")
    main(["token", "create", "mona", "--scope", "write", "--name", "ci"])
    output = capsys.readouterr()
    secret = output.out.strip()
    assert secret.startswith("th_")
    assert "not shown again" in output.err
    token = ApiToken.objects.get(user=mona)
    assert (token.name, token.scope) == ("ci", "write")
    assert secret not in token.key_hash  # only a hash is stored
    assert user_for_secret(secret)[0] == mona

    main(["token", "revoke", "mona", secret[:10]])
    assert "Revoked token" in capsys.readouterr().out
    assert user_for_secret(secret) is None


def test_token_create_refuses_an_unknown_or_deactivated_person(make_user):
    with pytest.raises(SystemExit, match="there is no user 'nobody'"):
        main(["token", "create", "nobody"])
    gone = make_user("gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    with pytest.raises(SystemExit, match="gone is deactivated"):
        main(["token", "create", "gone"])


@pytest.mark.parametrize(
    ("variable", "value", "explanation"),
    [
        ("TOWNHALL_DATABASE_URL", "mysql://db/townhall", "Townhall runs on postgres://"),
        ("TOWNHALL_BASE_URL", "townhall.example.com", "is not a web address"),
        ("TOWNHALL_SECRET_KEY", "short", "shorter than 50 characters"),
        ("TOWNHALL_TRUSTED_PROXIES", "proxy.internal", "not an address or network"),
        ("TOWNHALL_DEBUG", "maybe", "is not a yes/no value"),
        ("TOWNHALL_REDIS_URL", "localhost:6379", "should look like redis://"),
    ],
)
def test_check_explains_a_misconfiguration_in_plain_words(
    monkeypatch, capsys, variable, value, explanation
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as stopped:
        main(["check"])
    assert explanation in str(stopped.value)
    assert str(stopped.value).startswith("Problem: ")


def test_check_passes_a_sound_configuration_and_still_mentions_unsent_email(
    db, monkeypatch, capsys
):
    monkeypatch.delenv("TOWNHALL_EMAIL_URL", raising=False)
    main(["check"])
    output = capsys.readouterr().out
    assert "TOWNHALL_EMAIL_URL is not set" in output
    assert output.strip().endswith("Configuration looks right.")
