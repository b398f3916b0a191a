"""Messages in the forms' words."""


def sentence(message: str) -> str:
    """The domain's "low must be a number" as a form writes it: "Low must be a number."."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
