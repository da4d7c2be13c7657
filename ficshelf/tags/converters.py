"""Tag names in URLs, AO3's way: the one place a name becomes a path segment and back.

AO3 writes a tag name into its address with five escapes, so a name may hold the
characters that would break a path segment: `/` → `*s*`, `&` → `*a*`, `.` → `*d*`,
`?` → `*q*`, `#` → `*h*` (/tags/Buffy%20Summers*s*Spike/works). AO3 leaves `*`
itself alone, so its tag "Spike*s*Dru" links to a page that reads "Spike/Dru". Here
`*` has an escape of its own, `*x*`, written first, so every `*` in a segment opens
or closes an escape and reading a segment back from left to right is never
ambiguous: "Spike*s*Dru" → "Spike*x*s*x*Dru" → "Spike*s*Dru". AO3's five escapes are
written exactly as AO3 writes them, so its links carry over.

Percent-encoding of the rest (spaces, `%`, non-ASCII …) is Django's: reverse() quotes
what `to_url` returns and the request's path arrives decoded before `to_python`
reads it. `TagNameConverter` is registered as `<tag:…>` (TagsConfig.ready), so every
route that names a tag, `path("tags/<tag:name>/works", …)`, quotes and unquotes here.
"""

import re

_ESCAPES = {"*": "*x*", "/": "*s*", "&": "*a*", ".": "*d*", "?": "*q*", "#": "*h*"}
_UNESCAPES = {escape[1]: char for char, escape in _ESCAPES.items()}
_ESCAPE = re.compile(rf"\*([{''.join(_UNESCAPES)}])\*")


def escape_tag_name(name: str) -> str:
    """A tag name as a path segment, before percent-encoding: `Spike/Dru` → `Spike*s*Dru`."""
    return "".join(_ESCAPES.get(char, char) for char in name)


def unescape_tag_name(segment: str) -> str:
    """The tag name a (percent-decoded) path segment spells; undoes escape_tag_name.

    A `*` that opens no escape, as in a hand-typed /tags/Spike*Dru, is read as itself.
    """
    return _ESCAPE.sub(lambda match: _UNESCAPES[match.group(1)], segment)


class TagNameConverter:
    """`<tag:name>`: views get the tag's real name; reverse() gets AO3's escapes."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return unescape_tag_name(value)

    def to_url(self, value: str) -> str:
        return escape_tag_name(value)
