"""Errors whose message is meant for the user (Simplified Chinese)."""


class UserError(Exception):
    """An error caused by the user's input or environment; ``str(err)`` is a Chinese sentence."""


class InvalidNumber(UserError):
    pass


class TemplateError(UserError):
    pass
