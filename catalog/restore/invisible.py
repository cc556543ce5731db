"""Characters a reviewer cannot see, written so that they can.

Bidirectional controls reorder the text around them on screen (a "Trojan source":
the line a reviewer reads is not the one Terraform or a shell runs), and zero-width
format characters hide inside names. In generated files each is written as its
escape, `\\u202E`, which HCL strings read back as the same character and which
Markdown shows as it is written.
"""

from __future__ import annotations

import re

# Bidirectional marks, embeddings, overrides and isolates; zero-width space, word joiner
# and byte order mark. (Zero-width joiners are left alone: scripts and emoji need them.)
INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    """`text` with every bidirectional or invisible format character as `\\uNNNN`."""
    return INVISIBLE.sub(lambda match: f"\\u{ord(match.group(0)):04X}", text)
