"""The smallest ASGI WebSocket application: accepts, says "ready", then holds the socket.

`bench/realtime_sockets.py --floor [--servers ...]` serves it exactly as the realtime process
is served (or under the other servers of bench/realtime_servers.py), to measure what the
server alone spends per idle WebSocket (the floor under Townhall's own figure). Nothing of
Townhall is imported.
"""


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})
        return
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": '{"type": "ready"}'})
    while (await receive())["type"] != "websocket.disconnect":
        pass
