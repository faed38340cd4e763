"""ralph-wiggum: the stack's task-loop agent (mid-size: web API and HTTP client, no torch)."""
import fastapi  # noqa: F401
import httpx  # noqa: F401

from common.service import serve

serve("ralph-wiggum", 8098)
