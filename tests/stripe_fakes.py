"""localstripe (a fake, stateful Stripe API) for the gateway contract tests, and
webhook events signed the way Stripe signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalStripe:
    def __init__(self, workdir) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "localstripe", "--port", str(self.port), "--from-scratch"],
            cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(f"{self.url}/v1/balance", headers={"Authorization": "Bearer sk_test_x"})
                with urllib.request.urlopen(request, timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("localstripe did not start")

    def reset(self) -> None:
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/_config/data", method="DELETE"), timeout=5)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def signed(event: dict, secret: str, timestamp: int | None = None) -> tuple[bytes, str]:
    """Body and Stripe-Signature header for an event, as Stripe would send them."""
    body = json.dumps(event).encode()
    ts = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={ts},v1={signature}"


def event(event_id: str, type_: str, obj: dict) -> dict:
    return {"id": event_id, "object": "event", "type": type_, "api_version": "2024-06-20",
            "created": int(time.time()), "data": {"object": obj}, "livemode": False}
