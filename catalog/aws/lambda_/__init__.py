"""Lambda: functions with their role, network, key and layers; environment names only.

This package names every Lambda type once; the function's declaration is function.py.
Layer versions are not crawled: functions name them as targets.
"""

from __future__ import annotations

FUNCTION = "AWS::Lambda::Function"
LAYER_VERSION = "AWS::Lambda::LayerVersion"
