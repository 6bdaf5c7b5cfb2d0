"""The ASGI servers `bench/realtime_sockets.py --servers ...` can run the realtime process
under, to compare memory per idle WebSocket and delivery side by side.

`townhall` is what `townhall serve` runs (townhall.cli.realtime_server); the others are the
candidates it was chosen from. Every uvicorn variant has per-message-deflate off except
`uvicorn-deflate`: a compressor and a decompressor per socket cost ~100 KB each connection
(browsers offer the extension, so a server that accepts it pays it). `uvicorn-wsproto`
needs wsproto, which is not a dependency (`pip install wsproto`).
"""

import sys
from pathlib import Path

SERVERS = [
    "townhall",
    "granian",
    "uvicorn-sansio",
    "uvicorn-wsproto",
    "uvicorn-legacy",
    "uvicorn-deflate",
    "uvicorn-plain",
]


def server_command(name: str, host: str, port: int, app: str) -> list[str]:
    """The command line that serves `app` ("module:attribute") on host:port."""
    from townhall.cli import realtime_server

    if name == "townhall":
        command = realtime_server(host, port)
        command[-1] = app
        return command
    if name == "granian":  # the realtime process until bench/realtime_sockets.py chose uvicorn
        granian = str(Path(sys.executable).with_name("granian"))
        return [
            *(granian, "--interface", "asgi", "--host", host, "--port", str(port)),
            *("--workers", "1", "--log-level", "warning", app),
        ]
    uvicorn = [sys.executable, "-m", "uvicorn", "--host", host, "--port", str(port)]
    uvicorn += ["--log-level", "warning"]
    flags = {
        "uvicorn-sansio": ["--ws", "websockets-sansio", "--ws-per-message-deflate", "false"],
        "uvicorn-wsproto": ["--ws", "wsproto", "--ws-per-message-deflate", "false"],
        "uvicorn-legacy": ["--ws", "websockets", "--ws-per-message-deflate", "false"],
        "uvicorn-deflate": ["--ws", "websockets-sansio"],
        # no uvloop, no httptools: what a bare `pip install uvicorn websockets` runs
        "uvicorn-plain": [
            *("--ws", "websockets-sansio", "--ws-per-message-deflate", "false"),
            *("--loop", "asyncio", "--http", "h11"),
        ],
    }
    if name not in flags:
        raise SystemExit(f"unknown server {name!r}; one of {', '.join(SERVERS)}")
    return [*uvicorn, *flags[name], app]
