"""Test-session settings that must hold before any notebook kernel starts (kernels inherit the environment)."""

import os

# nbval compares the figure JSON and skips images, so kernels under test need not draw the PNG fallbacks.
os.environ.setdefault("ANALYSIS_STATIC_CHARTS", "0")
