# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error the collection's clients and module logic raise."""

from __future__ import annotations

# What stands for a secret wherever the collection shows one (the mask Ansible uses for no_log values).
SECRET_MASK = "********"


class GenesysError(Exception):
    """A request or an input the collection cannot accept.

    ``message`` is written for the user and never holds a secret; ``status`` is the
    HTTP status when a service answered; ``api_message`` is the message of the
    service's error envelope, when it sent one; ``no_answer`` is true when the request
    got no answer at all (connection reset, timeout), so it may or may not have been applied.
    """

    # A gateway's answer (502, 504) says nothing of whether the service applied the request.
    GATEWAY_STATUSES = (502, 504)

    def __init__(self, message, status=None, api_message=None, no_answer=False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.api_message = api_message
        self.no_answer = no_answer

    @property
    def answer_lost(self):
        """Whether the service may have applied the request without its answer reaching us."""
        return self.no_answer or self.status in self.GATEWAY_STATUSES

    def redacted(self, secrets):
        """The same error with every one of ``secrets`` masked in ``message`` and ``api_message``.

        For values that are secret but are not module options (an API key id read from the
        API, a generated client secret), which Ansible's ``no_log`` cannot mask."""
        message, api_message = self.message, self.api_message
        for secret in secrets:
            if secret:
                message = message.replace(secret, SECRET_MASK)
                api_message = api_message.replace(secret, SECRET_MASK) if api_message else api_message
        return GenesysError(message, status=self.status, api_message=api_message, no_answer=self.no_answer)

    def details(self):
        """What a module adds to its failure result, beside ``msg``."""
        details = {}
        if self.status is not None:
            details["status"] = self.status
        if self.api_message:
            details["api_message"] = self.api_message
        return details
