"""The runtime: what generated calculators import (no compiler module)."""
