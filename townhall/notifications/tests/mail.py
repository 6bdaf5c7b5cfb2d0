"""Reading an email as a mail program would."""

import email
import email.policy


def read(raw: str):
    message = email.message_from_bytes(raw.encode(), policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return message, text, html
