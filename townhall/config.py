"""Reads the TOWNHALL_* environment once and explains, in plain words, what is wrong with it.

Settings import `load_config()`; `townhall check` prints `ConfigError`s without a traceback.
"""

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url


class ConfigError(Exception):
    """A setting a person has to fix; the message says what and how."""


@dataclass(frozen=True)
class SsoConfig:
    """Member single sign-on from TOWNHALL_OIDC_*, TOWNHALL_SAML_*, TOWNHALL_SSO_* (identity).

    What is set here wins over the admin area's "Sign-in and provisioning" page."""

    oidc_discovery_url: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_name: str = "SSO"
    saml_metadata_url: str = ""
    saml_entity_id: str = ""  # the IdP's, when its metadata lists several
    saml_name: str = "SAML SSO"
    sso_only: bool | None = None  # None: the admin area decides
    allowed_domains: list[str] = field(default_factory=list)  # just-in-time creation


@dataclass(frozen=True)
class Config:
    data_dir: Path
    secret_key: str
    debug: bool
    base_url: str
    allowed_hosts: list[str]
    database: dict[str, Any]
    redis_url: str
    cache: dict[str, Any]
    email: dict[str, Any]
    from_email: str
    allowed_email_domains: list[str]
    trusted_proxies: list[ipaddress.IPv4Network | ipaddress.IPv6Network]
    task_backend: str
    outbound_allowed_hosts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    realtime_url: str = ""  # "" the site's /ws/, "off", ":8001" (the page's host), a ws(s) URL
    s3: dict[str, Any] = field(default_factory=dict)  # attachments in S3 (townhall.files)
    # A PostgreSQL read replica (TOWNHALL_DATABASE_REPLICA_URL; townhall/core/db_router.py)
    replica_database: dict[str, Any] | None = None
    sso: SsoConfig = field(default_factory=SsoConfig)  # member SSO (identity)

    @property
    def https(self) -> bool:
        return self.base_url.startswith("https://")


def _flag(env: dict[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name}={value!r} is not a yes/no value: use 1 or 0.")


def _list(env: dict[str, str], name: str) -> list[str]:
    return [item.strip() for item in env.get(name, "").split(",") if item.strip()]


def _secret_key(env: dict[str, str], data_dir: Path) -> str:
    if env.get("TOWNHALL_SECRET_KEY"):
        key = env["TOWNHALL_SECRET_KEY"]
        if len(key) < 50:
            raise ConfigError(
                "TOWNHALL_SECRET_KEY is shorter than 50 characters; "
                "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        return key
    path = data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database(env: dict[str, str], data_dir: Path) -> dict[str, Any]:
    url = env.get("TOWNHALL_DATABASE_URL", "").strip()
    if not url:
        database = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "townhall.sqlite3",
        }
    else:
        scheme = urlsplit(url).scheme
        if scheme not in ("postgres", "postgresql", "sqlite"):
            raise ConfigError(
                f"TOWNHALL_DATABASE_URL uses {scheme!r}; Townhall runs on "
                "postgres://user:password@host:5432/name or sqlite:////absolute/path.sqlite3"
            )
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        _prepared_statements(env, database)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside a writer; IMMEDIATE transactions take the write lock
        # up front, so concurrent writers queue for busy_timeout instead of failing.
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;"
            ),
        }
        database["TEST"] = {"NAME": str(data_dir / "test.sqlite3")}
    return database


def _prepared_statements(env: dict[str, str], database: dict[str, Any]) -> None:
    """PostgreSQL: server-side binding with psycopg's automatic prepared statements, which
    Django turns off by default. A query a connection has run 5 times is prepared, so
    PostgreSQL stops planning it on every request: the home page's posts query takes
    ~4 ms to plan and ~2 ms to run at 1M posts (docs/performance.md §2d). Behind a pooler
    that cannot keep prepared statements (PgBouncer's transaction mode before 1.21), set
    TOWNHALL_DATABASE_PREPARED=0."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    if env.get("TOWNHALL_DATABASE_PREPARED", "").strip() and not _flag(
        env, "TOWNHALL_DATABASE_PREPARED"
    ):
        return
    database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)


def _replica(env: dict[str, str]) -> dict[str, Any] | None:
    """The read replica's connection (townhall/core/db_router.py), or None without one."""
    url = env.get("TOWNHALL_DATABASE_REPLICA_URL", "").strip()
    if not url:
        return None
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        raise ConfigError(
            "TOWNHALL_DATABASE_REPLICA_URL must be a PostgreSQL address "
            "(postgres://user:password@replica-host:5432/name)."
        )
    primary = env.get("TOWNHALL_DATABASE_URL", "").strip()
    if urlsplit(primary).scheme not in ("postgres", "postgresql"):
        raise ConfigError(
            "TOWNHALL_DATABASE_REPLICA_URL needs TOWNHALL_DATABASE_URL to be the PostgreSQL "
            "primary it replicates; a read replica of SQLite does not exist."
        )
    replica = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    _prepared_statements(env, replica)
    replica["TEST"] = {"MIRROR": "default"}  # tests read their own writes from one database
    return replica


def _cache(redis_url: str) -> dict[str, Any]:
    if redis_url:
        return {
            # A Redis outage makes the cache miss instead of failing pages (docs/realtime.md).
            "BACKEND": "townhall.core.redis_cache.TolerantRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "townhall",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    # Shared by every process on the same database, so rate limits hold across workers.
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "townhall_cache",
    }


def _email(env: dict[str, str]) -> dict[str, Any]:
    url = env.get("TOWNHALL_EMAIL_URL", "").strip()
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    try:
        parsed = dj_email_url.parse(url)
    except Exception as error:
        raise ConfigError(
            f"TOWNHALL_EMAIL_URL could not be read ({error}); "
            "use smtp://user:password@host:587/?tls=True"
        ) from error
    return {key: value for key, value in parsed.items() if value not in (None, "")}


def _proxies(env: dict[str, str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in _list(env, "TOWNHALL_TRUSTED_PROXIES"):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as error:
            raise ConfigError(
                f"TOWNHALL_TRUSTED_PROXIES has {item!r}, which is not an address or network "
                "such as 10.0.0.5 or 10.0.0.0/24"
            ) from error
    return networks


def _realtime_url(env: dict[str, str]) -> str:
    """Where pages open their WebSocket (docs/realtime.md)."""
    value = env.get("TOWNHALL_REALTIME_URL", "").strip()
    if value in ("", "off") or (value.startswith(":") and value[1:].isdigit()):
        return value
    if urlsplit(value).scheme in ("ws", "wss") and urlsplit(value).hostname:
        return value
    raise ConfigError(
        f"TOWNHALL_REALTIME_URL={value!r} should be empty (the site's own /ws/), 'off', "
        "a port such as ':8001' on the page's host, or a URL such as wss://rt.example.com/ws/"
    )


def _s3(env: dict[str, str]) -> dict[str, Any]:
    """TOWNHALL_S3_*: attachments in S3-compatible storage instead of the data directory."""
    bucket = env.get("TOWNHALL_S3_BUCKET", "").strip()
    seconds = env.get("TOWNHALL_S3_URL_SECONDS", "60").strip() or "60"
    if not seconds.isdigit() or not 1 <= int(seconds) <= 3600:
        raise ConfigError(
            f"TOWNHALL_S3_URL_SECONDS={seconds!r} should be how long a signed download link "
            "works, in seconds, from 1 to 3600 (default 60)"
        )
    endpoint = env.get("TOWNHALL_S3_ENDPOINT_URL", "").strip()
    if endpoint and urlsplit(endpoint).scheme not in ("http", "https"):
        raise ConfigError(
            f"TOWNHALL_S3_ENDPOINT_URL={endpoint!r} should be a web address such as "
            "https://s3.eu-north-1.amazonaws.com"
        )
    return {
        "bucket": bucket,
        "endpoint_url": endpoint,
        "region": env.get("TOWNHALL_S3_REGION", "").strip(),
        "access_key": env.get("TOWNHALL_S3_ACCESS_KEY", "").strip(),
        "secret_key": env.get("TOWNHALL_S3_SECRET_KEY", "").strip(),
        "url_seconds": int(seconds),
    }


def _web_address(env: dict[str, str], name: str, example: str) -> str:
    value = env.get(name, "").strip()
    parts = urlsplit(value)
    if value and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise ConfigError(f"{name}={value!r} should be a web address such as {example}")
    return value


def _sso(env: dict[str, str]) -> SsoConfig:
    """TOWNHALL_OIDC_*, TOWNHALL_SAML_*, TOWNHALL_SSO_*: member sign-on (docs/identity.md)."""
    discovery = _web_address(
        env, "TOWNHALL_OIDC_DISCOVERY_URL", "https://login.example.com/realms/northwind"
    )
    client_id = env.get("TOWNHALL_OIDC_CLIENT_ID", "").strip()
    if bool(discovery) != bool(client_id):
        raise ConfigError(
            "TOWNHALL_OIDC_DISCOVERY_URL and TOWNHALL_OIDC_CLIENT_ID go together: set both "
            "(and TOWNHALL_OIDC_CLIENT_SECRET) to offer OpenID Connect sign-in, or neither"
        )
    domains = []
    for item in _list(env, "TOWNHALL_SSO_ALLOWED_DOMAINS"):
        domain = item.lower().lstrip("@")
        if "." not in domain or any(c in domain for c in " /:@"):
            raise ConfigError(
                f"TOWNHALL_SSO_ALLOWED_DOMAINS has {item!r}, which is not an email domain "
                "such as northwind.example"
            )
        domains.append(domain)
    sso_only = _flag(env, "TOWNHALL_SSO_ONLY") if env.get("TOWNHALL_SSO_ONLY", "").strip() else None
    return SsoConfig(
        oidc_discovery_url=discovery,
        oidc_client_id=client_id,
        oidc_client_secret=env.get("TOWNHALL_OIDC_CLIENT_SECRET", ""),
        oidc_name=" ".join(env.get("TOWNHALL_OIDC_NAME", "").split())[:40] or "SSO",
        saml_metadata_url=_web_address(
            env, "TOWNHALL_SAML_METADATA_URL", "https://idp.example.com/saml/metadata"
        ),
        saml_entity_id=env.get("TOWNHALL_SAML_ENTITY_ID", "").strip(),
        saml_name=" ".join(env.get("TOWNHALL_SAML_NAME", "").split())[:40] or "SAML SSO",
        sso_only=sso_only,
        allowed_domains=sorted(set(domains)),
    )


def load_config(env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("TOWNHALL_DATA_DIR", "./var")).expanduser().resolve()
    (data_dir / "static").mkdir(parents=True, exist_ok=True)  # whitenoise serves from here
    debug = _flag(env, "TOWNHALL_DEBUG")
    base_url = env.get("TOWNHALL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"TOWNHALL_BASE_URL={base_url!r} is not a web address; "
            "give the address people type, such as https://townhall.example.com"
        )
    allowed_hosts = _list(env, "TOWNHALL_ALLOWED_HOSTS") or [parts.hostname]
    if not _list(env, "TOWNHALL_ALLOWED_HOSTS") and parts.hostname in ("127.0.0.1", "localhost"):
        allowed_hosts = ["127.0.0.1", "localhost", "[::1]"]
    domains = [d.lower().lstrip("@") for d in _list(env, "TOWNHALL_ALLOWED_EMAIL_DOMAINS")]
    redis_url = env.get("TOWNHALL_REDIS_URL", "").strip()
    if redis_url and urlsplit(redis_url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(
            f"TOWNHALL_REDIS_URL={redis_url!r} should look like redis://127.0.0.1:6379/0"
        )
    warnings = []
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost"):
        warnings.append(
            "TOWNHALL_BASE_URL is plain http on a public name: sign-in cookies travel "
            "unencrypted. Put Townhall behind HTTPS and set an https:// base URL."
        )
    if not env.get("TOWNHALL_EMAIL_URL"):
        warnings.append(
            "TOWNHALL_EMAIL_URL is not set: email (sign-up confirmations, password resets) "
            "is printed to the log instead of sent."
        )
    return Config(
        data_dir=data_dir,
        secret_key=_secret_key(env, data_dir),
        debug=debug,
        base_url=base_url,
        allowed_hosts=allowed_hosts,
        database=_database(env, data_dir),
        replica_database=_replica(env),
        redis_url=redis_url,
        cache=_cache(redis_url),
        email=_email(env),
        from_email=env.get("TOWNHALL_FROM_EMAIL", f"Townhall <townhall@{parts.hostname}>"),
        allowed_email_domains=domains,
        trusted_proxies=_proxies(env),
        task_backend=env.get("TOWNHALL_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        # Internal hosts (`host` or `host:port`) that webhooks and other fetches may reach
        # although they resolve to private or loopback addresses (townhall.core.outbound).
        outbound_allowed_hosts=[h.lower() for h in _list(env, "TOWNHALL_OUTBOUND_ALLOWED_HOSTS")],
        warnings=warnings,
        realtime_url=_realtime_url(env),
        s3=_s3(env),
        sso=_sso(env),
    )
