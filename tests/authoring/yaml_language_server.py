"""A minimal Language Server Protocol client for the real yaml-language-server (npm).

Opens documents in one server and returns the diagnostics it publishes for
each, as an editor would show them. Used only by the editor-schema test.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.conftest import ROOT


def find_server() -> str | None:
    """$YAML_LANGUAGE_SERVER, the copy .ci/run installs, or one on PATH."""
    candidates = [os.environ.get("YAML_LANGUAGE_SERVER", ""), str(ROOT / ".ci" / "node" / "node_modules" / ".bin" / "yaml-language-server")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("yaml-language-server")


class _Connection:
    def __init__(self, binary: str):
        self.process = subprocess.Popen([binary, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.buffer = b""

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self, timeout: float) -> dict[str, Any] | None:
        assert self.process.stdout is not None
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if b"\r\n\r\n" in self.buffer:
                head, rest = self.buffer.split(b"\r\n\r\n", 1)
                length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    return None
                self.buffer += chunk
        return None

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


def diagnostics(binary: str, schema: Path, documents: list[str], timeout: float = 60) -> list[list[dict[str, Any]]]:
    """Each document's diagnostics, with the schema named by a modeline on a first line
    of its own (so the document's line N is the diagnostic's 0-based line N)."""
    settings = {"yaml": {"validate": True, "schemas": {}, "schemaStore": {"enable": False}}}
    connection = _Connection(binary)
    uris = [f"file:///screening-test/doc{index}.yaml" for index in range(len(documents))]
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        connection.send({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {"workspace": {"configuration": True}}}})
        end = time.monotonic() + timeout
        while time.monotonic() < end and len(found) < len(uris):
            message = connection.receive(1.0)
            if message is None:
                continue
            if message.get("id") == 1 and "result" in message:
                connection.send({"method": "initialized", "params": {}})
                connection.send({"method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
                for uri, text in zip(uris, documents):
                    modeline = f"# yaml-language-server: $schema={schema.as_uri()}\n"
                    connection.send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": modeline + text}}})
            elif "method" in message and "id" in message:  # the server asks for its settings
                items = message.get("params", {}).get("items", [None])
                result = [settings["yaml"]] * len(items) if message["method"] == "workspace/configuration" else None
                connection.send({"id": message["id"], "result": result})
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] in uris:
                    found[params["uri"]] = params["diagnostics"]
    finally:
        connection.close()
    return [found.get(uri, []) for uri in uris]
