from .logs import log_refusal


class Refused(Exception):
    """A service's refusal: a French message for the person and a code for
    the code. Each app raises its own subclass; views show the message."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
        log_refusal(code, message)
