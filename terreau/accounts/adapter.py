"""allauth's e-mails (address confirmation, log-in codes, password reset)
go through the durable queue like every other e-mail (terreau/core/mail.py):
a sign-up never fails because the SMTP server is down, and the worker sends
the message within a second or two."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site

from terreau.core import mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = self.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        mail.queue_email(
            # Each code or link is its own cause: a second request sends a second e-mail.
            cause="account:%s:%s" % (template_prefix.rsplit("/", 1)[-1], uuid.uuid4().hex),
            to=email,
            subject=message.subject,
            body=message.body,
        )
