from selfeval.domain.errors import UserError


class ExchangeError(UserError):
    """An exchange file that cannot be written, read or merged (one Chinese sentence)."""
