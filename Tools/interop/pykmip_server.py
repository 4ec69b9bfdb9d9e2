#!/usr/bin/env python3
"""Starts PyKMIP's server on loopback with mutual TLS, for interop tests of the swift-kmip
client. Prints `READY <port>` on standard output once it listens; on SIGTERM/SIGINT or when
standard input closes it kills its process group (the server and PyKMIP's helper processes).

    python3 Tools/interop/pykmip_server.py --pki DIR --state DIR [--port 0]

DIR must hold ca.pem, server.pem, server-key.pem (from `kmip pki init`). PyKMIP 0.11 serves
TLS 1.2 only (its `TLS1.2` auth suite), keeps objects in SQLite under --state, and owns each
object by the client certificate's common name.
"""
import argparse
import logging
import os
import signal
import socket
import sys
import threading
import warnings

warnings.filterwarnings("ignore")

from kmip.services.server import KmipServer  # noqa: E402


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    # Own process group, so that stopping it also stops PyKMIP's helper processes.
    os.setpgrp()
    parser = argparse.ArgumentParser()
    parser.add_argument("--pki", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.state, exist_ok=True)
    policies = os.path.join(args.state, "policies")
    os.makedirs(policies, exist_ok=True)
    # PyKMIP cannot listen on port 0, so pick a free port; another process may take it first,
    # so try a few.
    for attempt in range(5):
        port = args.port or free_port()
        try:
            server = start(args, port, policies)
            break
        except Exception:
            if args.port or attempt == 4:
                raise
    print(f"READY {port}", flush=True)

    def stop(*_):
        os.killpg(0, signal.SIGKILL)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=lambda: (sys.stdin.read(), stop()), daemon=True).start()
    server.serve()


def start(args, port, policies):
    server = KmipServer(
        hostname="127.0.0.1",
        port=port,
        certificate_path=os.path.join(args.pki, "server.pem"),
        key_path=os.path.join(args.pki, "server-key.pem"),
        ca_path=os.path.join(args.pki, "ca.pem"),
        auth_suite="TLS1.2",
        config_path=None,
        log_path=os.path.join(args.state, "server.log"),
        policy_path=policies,
        enable_tls_client_auth=True,
        logging_level=logging.WARNING,
        database_path=os.path.join(args.state, "pykmip.db"),
    )
    server.start()
    return server


if __name__ == "__main__":
    main()
