"""The one error type bad input raises: its message is a single line naming the problem."""


class InputError(Exception):
    """Bad input (a file, a framework, a value): shown to the user as one line, no traceback."""
