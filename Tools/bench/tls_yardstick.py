#!/usr/bin/env python3
"""The yardstick for `kmip bench tls`: the same measurements with Python's ssl module
(the system OpenSSL), server and client in separate processes on loopback.

    python3 Tools/bench/tls_yardstick.py [--seconds 3] [--tls 1.3|1.2]

Certificates come from `kmip pki init` into a temporary folder (the kmip binary is found
at .build/release/kmip, else .build/debug/kmip). Prints full mTLS handshakes per second
(connect, handshake, one 200-byte round trip, close) and 200-byte round trips per second
on one connection, in the same form as `kmip bench tls`.
"""
import argparse
import multiprocessing
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time


def serve(port_queue, pki, version):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = context.maximum_version = version
    context.load_cert_chain(os.path.join(pki, "server.pem"), os.path.join(pki, "server-key.pem"))
    context.load_verify_locations(os.path.join(pki, "ca.pem"))
    context.verify_mode = ssl.CERT_REQUIRED
    context.options |= ssl.OP_NO_TICKET
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port_queue.put(listener.getsockname()[1])
    while True:
        raw, _ = listener.accept()
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            with context.wrap_socket(raw, server_side=True) as conn:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    conn.sendall(data)
        except (ssl.SSLError, OSError):
            pass


def exchange(conn, request):
    conn.sendall(request)
    got = 0
    while got < len(request):
        got += len(conn.recv(65536))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--tls", choices=["1.3", "1.2"], default="1.3")
    args = parser.parse_args()
    version = ssl.TLSVersion.TLSv1_3 if args.tls == "1.3" else ssl.TLSVersion.TLSv1_2
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    kmip = next(p for p in (os.path.join(root, ".build/release/kmip"), os.path.join(root, ".build/debug/kmip")) if os.path.exists(p))
    pki = tempfile.mkdtemp(prefix="kmip-yardstick-")
    subprocess.run([kmip, "pki", "init", pki], check=True, stdout=subprocess.DEVNULL)

    ports = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ports, pki, version), daemon=True)
    server.start()
    port = ports.get()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = context.maximum_version = version
    context.load_verify_locations(os.path.join(pki, "ca.pem"))
    context.load_cert_chain(os.path.join(pki, "client.pem"), os.path.join(pki, "client-key.pem"))
    request = b"Z" * 200

    def connect():
        raw = socket.create_connection(("127.0.0.1", port))
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return context.wrap_socket(raw, server_hostname="localhost")

    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        with connect() as conn:
            exchange(conn, request)
        count += 1
    handshakes = count / (time.perf_counter() - start)

    with connect() as conn:
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            exchange(conn, request)
            count += 1
        round_trips = count / (time.perf_counter() - start)
    server.terminate()
    print(f"python ssl (OpenSSL {ssl.OPENSSL_VERSION.split()[1]}) TLS {args.tls} (EC P-256, mTLS): "
          f"{handshakes:.0f} full handshakes/s, {round_trips:.0f} 200-byte round trips/s")


if __name__ == "__main__":
    sys.exit(main())
