"""A small, real SAML 2.0 identity provider for the tests, built with pysaml2.

It runs as a WSGI app in a thread on 127.0.0.1, with its own RSA key and self-signed
certificate (made here with `cryptography`), and signs its assertions with Debian's
`xmlsec1` (pysaml2 calls the binary). Endpoints:

- ``GET /metadata``: the IdP's metadata (entity id, single sign-on URL, signing cert);
- ``GET /sso/redirect``: the HTTP-Redirect binding. It reads the service provider's
  AuthnRequest (loading the SP's metadata from the request's Issuer, which is Townhall's
  metadata URL) and shows one button per person, like oidc-provider-mock's page;
- ``POST /sso/answer``: the chosen person's signed Response, posted back to the SP's
  assertion consumer service by an auto-submitting form (HTTP-POST binding).

`IdentityProvider.response_for(...)` makes a Response without a browser, for the tests
that post forged, unsigned or replayed answers themselves.
"""

from __future__ import annotations

import base64
import datetime
import html
import tempfile
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.attribute_converter import AttributeConverter
from saml2.config import IdPConfig
from saml2.mdstore import MetadataStore
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
DISPLAY_NAME = "http://schemas.microsoft.com/identity/claims/displayname"
TITLE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/title"
DEPARTMENT = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department"
MANAGER = "manager"


@dataclass
class Person:
    """Someone the IdP vouches for: `subject` is the persistent NameID."""

    subject: str
    attributes: dict[str, list[str]] = field(default_factory=dict)


def make_key_and_cert(directory: Path, common_name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / "idp.key", directory / "idp.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class IdentityProvider:
    def __init__(self, people: list[Person], directory: Path):
        self.people = {p.subject: p for p in people}
        self.key_file, self.cert_file = make_key_and_cert(directory, "Northwind test IdP")
        self.httpd = make_server("127.0.0.1", 0, self.wsgi, _ThreadingServer, _Quiet)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.entity_id = f"{self.url}/metadata"
        self.known_sps: set[str] = set()
        self.responses: list[str] = []  # every base64 SAMLResponse handed to a browser
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "service": {
                    "idp": {
                        "name": "Northwind test IdP",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.url}/sso/redirect", BINDING_HTTP_REDIRECT)
                            ]
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "want_authn_requests_signed": False,
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 5},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                    }
                },
                "key_file": str(self.key_file),
                "cert_file": str(self.cert_file),
                "xmlsec_binary": "/usr/bin/xmlsec1",
                "attribute_map_dir": None,
                "delete_tmpfiles": True,
            }
        )
        self.server = Server(config=config)
        # An empty metadata store: service providers are learnt from their metadata URL.
        self.server.metadata = MetadataStore(config.attribute_converters, config)
        # Send attribute names exactly as given (Entra-style claim URIs, plain names).
        passthrough = AttributeConverter(NAME_FORMAT_URI)
        passthrough._to, passthrough._fro = {}, {}
        self.server.config.attribute_converters = [passthrough]

    # --- the pieces the tests use directly -------------------------------------------

    def metadata(self) -> str:
        return create_metadata_string(None, config=self.server.config).decode()

    def learn_sp(self, sp_metadata_url: str) -> str:
        """Load a service provider's metadata (once) and return its entity id."""
        if sp_metadata_url not in self.known_sps:
            with urllib.request.urlopen(sp_metadata_url, timeout=10) as answer:  # noqa: S310
                self.server.metadata.load("inline", answer.read().decode())
            self.known_sps.add(sp_metadata_url)
        return sp_metadata_url

    def _know(self, entity_id: str, acs_url: str) -> None:
        """pysaml2 looks the audience up in its metadata: describe an unknown one briefly."""
        try:
            self.server.metadata[entity_id]
        except KeyError:
            self.server.metadata.load(
                "inline",
                '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
                f'entityID="{html.escape(entity_id)}"><md:SPSSODescriptor '
                'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
                '<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:'
                f'HTTP-POST" Location="{html.escape(acs_url)}" index="0"/>'
                "</md:SPSSODescriptor></md:EntityDescriptor>",
            )

    def response_for(
        self,
        subject: str,
        *,
        acs_url: str,
        audience: str,
        in_response_to: str | None = None,
        sign_assertion: bool = True,
        sign_response: bool = False,
    ) -> str:
        """A Response for `subject`, as the XML text (base64 it to post it)."""
        person = self.people[subject]
        self._know(audience, acs_url)
        response = self.server.create_authn_response(
            identity=person.attributes,
            in_response_to=in_response_to,
            destination=acs_url,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person.subject),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            issuer=self.entity_id,
            sign_assertion=sign_assertion,
            sign_response=sign_response,
            sign_alg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            digest_alg="http://www.w3.org/2001/04/xmlenc#sha256",
        )
        return str(response)

    # --- the WSGI app ----------------------------------------------------------------

    def wsgi(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/metadata":
            return self._reply(start_response, self.metadata(), "application/samlmetadata+xml")
        if path == "/sso/redirect":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            return self._choose(start_response, query["SAMLRequest"][0], query.get("RelayState"))
        if path == "/sso/answer" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode())
            return self._answer(start_response, form)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def _reply(self, start_response, body: str, kind: str = "text/html; charset=utf-8"):
        start_response("200 OK", [("Content-Type", kind)])
        return [body.encode()]

    def _choose(self, start_response, saml_request: str, relay_state):
        request = self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        self.learn_sp(request.message.issuer.text)
        relay = relay_state[0] if relay_state else ""
        buttons = "".join(
            f'<button type="submit" name="subject" value="{html.escape(s)}">{html.escape(s)}'
            "</button>"
            for s in self.people
        )
        page = (
            '<!doctype html><html lang="en"><head><title>Northwind test IdP</title></head>'
            '<body><main><h1>Who are you?</h1><form method="post" action="/sso/answer">'
            f'<input type="hidden" name="SAMLRequest" value="{html.escape(saml_request)}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(relay)}">'
            f"{buttons}</form></main></body></html>"
        )
        return self._reply(start_response, page)

    def _answer(self, start_response, form: dict):
        request = self.server.parse_authn_request(form["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        args = self.server.response_args(request.message, [BINDING_HTTP_POST])
        xml = self.response_for(
            form["subject"][0],
            acs_url=args["destination"],
            audience=args["sp_entity_id"],
            in_response_to=args["in_response_to"],
        )
        encoded = base64.b64encode(xml.encode()).decode()
        self.responses.append(encoded)
        relay = (form.get("RelayState") or [""])[0]
        page = (
            '<!doctype html><html lang="en"><head><title>Signing in</title></head>'
            f'<body onload="document.forms[0].submit()"><main>'
            f'<form method="post" action="{html.escape(args["destination"])}">'
            f'<input type="hidden" name="SAMLResponse" value="{encoded}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(relay)}">'
            '<button type="submit">Continue</button></form></main></body></html>'
        )
        return self._reply(start_response, page)

    # --- running ---------------------------------------------------------------------

    def __enter__(self) -> IdentityProvider:
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def running_idp(people: list[Person]):
    """Context manager: an IdP with its own key in a temporary directory."""
    directory = tempfile.TemporaryDirectory(prefix="th-saml-idp-")
    idp = IdentityProvider(people, Path(directory.name))
    idp._directory = directory  # removed with the object
    return idp
