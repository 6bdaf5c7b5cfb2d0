"""A small OpenID Connect provider on 127.0.0.1 whose token endpoint answers with the ID
token the test hands it, so a test can send Townhall a token with a wrong nonce, audience
or signature over real HTTP (discovery, JWKS, token and userinfo endpoints).

    with ForgingProvider() as op:
        op.next_id_token = op.id_token(nonce=..., aud="townhall")
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "forger-1"


def _rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class ForgingProvider:
    def __init__(self):
        self.key, self.other_key = _rsa_key(), _rsa_key()
        self.next_id_token = ""
        self.claims = {}
        self.token_requests = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def id_token(self, *, nonce, aud, sign_with="own", **claims) -> str:
        """An ID token for `self.claims` + `claims`; sign_with: own, other (a key not in the
        JWKS, same kid), none (unsigned)."""
        now = int(time.time())
        payload = {
            "iss": self.url,
            "aud": aud,
            "iat": now,
            "exp": now + 300,
            **self.claims,
            **claims,
        }
        if nonce is not None:
            payload["nonce"] = nonce
        if sign_with == "none":
            return jwt.encode(payload, None, algorithm="none", headers={"kid": KID})
        key = self.key if sign_with == "own" else self.other_key
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": KID})

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet test output
                pass

            def _json(self, body: dict, status: int = 200):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.startswith("/.well-known/openid-configuration"):
                    return self._json(
                        {
                            "issuer": provider.url,
                            "authorization_endpoint": provider.url + "/authorize",
                            "token_endpoint": provider.url + "/token",
                            "userinfo_endpoint": provider.url + "/userinfo",
                            "jwks_uri": provider.url + "/jwks",
                            "response_types_supported": ["code"],
                            "subject_types_supported": ["public"],
                            "id_token_signing_alg_values_supported": ["RS256"],
                            "token_endpoint_auth_methods_supported": ["client_secret_post"],
                        }
                    )
                if self.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    return self._json({"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]})
                if self.path == "/userinfo":
                    return self._json(provider.claims)
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path != "/token":
                    return self._json({"error": "not_found"}, 404)
                provider.token_requests += 1
                return self._json(
                    {
                        "access_token": "forged-access-token",
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.next_id_token,
                    }
                )

        return Handler
