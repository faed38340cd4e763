"""A tiny HTTP service with a /health endpoint, shared by the example stack's services.

The services are real processes with a real health endpoint; the ML packages they import are
Pipeline's stand-in wheels (see ../README.md), so /health also reports what torch build is installed.
"""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(name, port, details=lambda: {}):
    """Serves GET /health as JSON until the process is stopped."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/health":
                self.send_error(404)
                return
            body = json.dumps({"service": name, "status": "ok", **details()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):  # keep container logs quiet
            pass

    port = int(os.environ.get("PORT", port))
    print(f"{name} listening on :{port}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()


def torch_details():
    """What the installed torch says about itself (the stand-in answers like the real one)."""
    import torch

    return {"torch": torch.__version__, "cuda": torch.version.cuda, "cuda_available": torch.cuda.is_available()}
