"""health-monitor: stands in for the stack's health monitor (small image, no ML packages).

It serves only its own /health endpoint (common.service.serve); it does not poll the other services. Its point in
the example is the image: a small service whose requirements pull no torch.
"""
import requests  # noqa: F401

from common.service import serve

serve("health-monitor", 8095)
