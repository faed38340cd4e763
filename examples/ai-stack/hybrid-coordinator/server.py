"""hybrid-coordinator: routes requests between the stack's services (no ML packages of its own)."""
import httpx  # noqa: F401
import yaml  # noqa: F401

from common.service import serve

serve("hybrid-coordinator", 8092)
