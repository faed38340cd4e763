"""aidb: vector-database front end of the example stack (embeddings with sentence-transformers)."""
import sentence_transformers  # noqa: F401  (the import is what the image must support)

from common.service import serve, torch_details

serve("aidb", 8091, torch_details)
