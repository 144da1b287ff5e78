# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error the collection's clients and module logic raise."""

from __future__ import annotations


class GenesysError(Exception):
    """A request or an input the collection cannot accept.

    ``message`` is written for the user and never holds a secret; ``status`` is the
    HTTP status when a service answered; ``api_message`` is the message of the
    service's error envelope, when it sent one.
    """

    def __init__(self, message, status=None, api_message=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.api_message = api_message

    def details(self):
        """What a module adds to its failure result, beside ``msg``."""
        details = {}
        if self.status is not None:
            details["status"] = self.status
        if self.api_message:
            details["api_message"] = self.api_message
        return details
