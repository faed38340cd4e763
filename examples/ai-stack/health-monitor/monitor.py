"""health-monitor: polls the other services' /health endpoints (small image, no ML packages)."""
import requests  # noqa: F401

from common.service import serve

serve("health-monitor", 8095)
