"""Control characters: which a request may carry, and which a one-line value may hold.

PostgreSQL can't store NUL at all, XML 1.0 (Atom feeds, OPDS, EPUB) allows no C0
control but tab, LF and CR, and a line break in a title breaks the mail header that
quotes it. Nobody types any of them on purpose.
"""

import re
import unicodedata

# C0 controls and DEL, except tab, LF and CR: refused anywhere in a request
# (ficshelf/site/middleware.py), text areas included.
UNSAFE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What str.splitlines() breaks a line on, and tabs: a one-line value (a title, a
# name) turns each run of them into one space, as a pasted title often ends in one.
LINE_BREAKS = re.compile("[\t\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]+")
# Every other control (C0, DEL and C1) a one-line value refuses.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def single_line(value: str) -> str:
    """`value` on one line: line breaks and tabs become single spaces."""
    return LINE_BREAKS.sub(" ", value)


def describe_character(char: str) -> str:
    """A character as a person can look it up: "U+0000 (NULL)", "U+009B"."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char)
    return f"{code} ({name})" if name else code


# unicodedata has no names for controls; these are the ones people meet.
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
