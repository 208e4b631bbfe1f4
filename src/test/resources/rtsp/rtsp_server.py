#!/usr/bin/python3
"""Test fixture: GStreamer's RTSP server serving live H.264 test pictures.

Usage: rtsp_server.py PORT [--auth basic|digest --user U --password P] [--session-timeout S]
Serves /main (640x360) and /sub (320x180) at 30 fps, an IDR every 30 pictures, each with AAC
audio, and /h265 (352x198: a conformance window) in H.265 without audio. PORT 0 picks a free port; the bound port is printed as "PORT <n>" on stdout, then a line per
DESCRIBE, SETUP and TEARDOWN request ("DESCRIBE /main", "SETUP <transport header>").
Exits when stdin closes, so the test that started it never leaves it behind.
"""
import argparse
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

PIPELINE = (
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width={w},height={h},framerate=30/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 "
    "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1 "
    "audiotestsrc is-live=true ! avenc_aac ! rtpmp4gpay name=pay1 pt=97 )"
)

H265_PIPELINE = (
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=352,height=198,framerate=15/1 "
    "! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=15 "
    "! video/x-h265,profile=main ! rtph265pay name=pay0 pt=96 config-interval=-1 )"
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--auth", choices=["basic", "digest"])
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--session-timeout", type=int, default=0, help="seconds; 0 = GStreamer's 60")
    parser.add_argument("--probe-launch", help="a launch line served as /probe (the latency probe's camera)")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    launches = {
        "/main": PIPELINE.format(w=640, h=360),
        "/sub": PIPELINE.format(w=320, h=180),
        "/h265": H265_PIPELINE,
    }
    if args.probe_launch:
        launches["/probe"] = args.probe_launch
    for path, launch in launches.items():
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        factory.set_shared(True)
        if args.auth:
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_permission_for_role("viewer", "media.factory.access", True)
            permissions.add_permission_for_role("viewer", "media.factory.construct", True)
            factory.set_permissions(permissions)
        mounts.add_factory(path, factory)

    if args.auth:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "viewer")
        if args.auth == "basic":
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        else:
            auth.add_digest(args.user, args.password, token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        server.set_auth(auth)

    def on_client_logging(_server, client):
        # "DESCRIBE /main", "TEARDOWN /main": lets a test see when the relay pulls and lets go
        for request in ("describe", "teardown"):
            client.connect(
                request + "-request",
                lambda _c, ctx, name=request.upper(): print(name, ctx.uri.abspath, flush=True),
            )

    def on_setup(_client, ctx):
        transport = ctx.request.get_header(GstRtsp.RTSPHeaderField.TRANSPORT, 0)
        print("SETUP", transport[1] if isinstance(transport, tuple) else transport, flush=True)

    server.connect("client-connected", on_client_logging)
    server.connect("client-connected", lambda _s, client: client.connect("setup-request", on_setup))

    if args.session_timeout:
        def on_client(_server, client):
            client.connect("new-session", lambda _c, session: session.set_timeout(args.session_timeout))

        server.connect("client-connected", on_client)

    server.attach(None)
    print("PORT %d" % server.get_bound_port(), flush=True)
    loop = GLib.MainLoop()

    def wait_for_stdin_to_close():
        sys.stdin.read()
        GLib.idle_add(loop.quit)

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
    loop.run()


if __name__ == "__main__":
    main()
