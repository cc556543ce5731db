"""Text from a user or the cloud, made inert where it lands in RUNBOOK.md.

A contact, a name or a tag value is one run of text in the runbook: it must not
start a line, a heading, a list item, a code block, a table cell or a link of its
own, because the runbook is pasted from mid-incident. So line breaks collapse to a
space and Markdown's punctuation is escaped; in a code span the fence is made
longer than any run of backticks inside. Invisible characters become visible
(catalog.restore.invisible).
"""

from __future__ import annotations

import re

from catalog.restore.invisible import visible

# Every line break Markdown or an editor honours, tabs, and other control characters.
BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# Punctuation that opens emphasis, code, links, HTML, headings, table cells,
# strikethrough, math or an entity; a backslash before it makes it literal.
PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~&$!])")


def text(value: object) -> str:
    """`value` as literal Markdown text on the line it is written on."""
    return PUNCTUATION.sub(r"\\\1", _one_line(value))


def code(value: object) -> str:
    """`value` as one inline code span, whatever backticks it holds."""
    content = _one_line(value)
    fence = "`" * (1 + max((len(run) for run in re.findall("`+", content)), default=0))
    if content.startswith("`") or content.endswith("`"):
        content = f" {content} "
    return f"{fence}{content}{fence}"


def _one_line(value: object) -> str:
    return visible(BREAKS.sub(" ", str(value)).strip())
