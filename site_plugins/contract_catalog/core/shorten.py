"""One way to cut text to a length: messages, labels and drawn names end in an ellipsis when cut."""

MESSAGE_CHARS = 300  # a validator message a problem list can show (some quote a whole schema)


def shorten(text: str, limit: int = MESSAGE_CHARS) -> str:
    """`text` if it fits in `limit` characters, else its first `limit - 1` followed by `…`."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
