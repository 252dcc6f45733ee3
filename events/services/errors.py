class EventStateError(Exception):
    """The event is not in a state that allows this change."""


class RegistrationError(Exception):
    """A registration that cannot be made; ``field`` names the culprit input."""

    def __init__(self, message, *, field=None, code=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
