"""nixos-docs: documentation search of the example stack (sentence-transformers embeddings)."""
import sentence_transformers  # noqa: F401

from common.service import serve, torch_details

serve("nixos-docs", 8094, torch_details)
