#!/usr/bin/env python3
"""Scripted attacks on a running `kmip serve` (loopback only), each while a well-behaved client
keeps calling Get on its own connection.

    Tools/attack/attack.py --kmip .build/debug/kmip [--only NAME ...] [--memory-mb 512]

Starts `kmip serve` with explicit limits, creates one key with `kmip create`, then runs each
attack for a bounded time. An attack passes when every Get of the well-behaved client
succeeded (each within --get-timeout seconds), the server logged the limit it enforced, and
the server's resident memory stayed under --memory-mb the whole run. Exits 1 on any failure.
"""
import argparse
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ttlv  # noqa: E402

# The limits the server runs with; each attack checks its own one is enforced and logged.
LIMITS = {
    "--max-connections": "256",
    "--max-batch-items": "1000",
    "--max-locate-items": "1000",
    "--handshake-timeout": "3",
    "--request-timeout": "3",
    "--max-pending-requests": "16",
    "--max-open-runs": "64",
}


class Server:
    def __init__(self, kmip, folder):
        self.folder = folder
        self.log_path = os.path.join(folder, "server.log")
        self.log = open(self.log_path, "w")
        args = [kmip, "serve", "--port", "0", "--data-dir", folder, "--tls12"]
        for flag, value in LIMITS.items():
            args += [flag, value]
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.text())
            if match:
                self.port = int(match.group(1))
                break
            if self.process.poll() is not None:
                raise SystemExit(f"kmip serve exited:\n{self.text()}")
            time.sleep(0.05)
        else:
            raise SystemExit("kmip serve did not start in 30 s")
        pki = os.path.join(folder, "pki")
        self.cert, self.key, self.ca = (os.path.join(pki, name) for name in ("client.pem", "client-key.pem", "ca.pem"))
        self.peak_rss_mb = 0.0
        self.sampling = True
        threading.Thread(target=self.sample_memory, daemon=True).start()

    def text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def sample_memory(self):
        while self.sampling and self.process.poll() is None:
            try:
                with open(f"/proc/{self.process.pid}/status") as f:
                    rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
                self.peak_rss_mb = max(self.peak_rss_mb, rss / 1024)
            except (OSError, StopIteration):
                pass
            time.sleep(0.1)

    def context(self):
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=self.ca)
        context.load_cert_chain(self.cert, self.key)
        return context

    def connect(self, timeout=5.0):
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        return self.context().wrap_socket(raw, server_hostname="127.0.0.1")

    def stop(self):
        self.sampling = False
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


class GoodClient(threading.Thread):
    """Calls Get on one key in a loop on one connection (reconnecting if it is dropped)."""

    def __init__(self, server, unique_identifier, timeout):
        super().__init__(daemon=True)
        self.server, self.request, self.timeout = server, ttlv.get(unique_identifier), timeout
        self.successes, self.failures, self.running = 0, [], True
        self.slowest = 0.0

    def run(self):
        sock = None
        while self.running:
            started = time.time()
            try:
                if sock is None:
                    sock = self.server.connect(self.timeout)
                sock.settimeout(self.timeout)
                sock.sendall(self.request)
                response = ttlv.read_message(sock)
                if response is None or ttlv.enumerations(response, ttlv.RESULT_STATUS) != [0]:
                    raise RuntimeError("Get did not succeed")
                self.successes += 1
                self.slowest = max(self.slowest, time.time() - started)
            except Exception as error:  # noqa: BLE001 - every failure is reported
                self.failures.append(f"{type(error).__name__}: {error}")
                sock = None
            time.sleep(0.02)

    def stop(self):
        self.running = False
        self.join(self.timeout + 1)


def tls_connections(server, count):
    sockets = []
    for _ in range(count):
        sockets.append(server.connect())
    return sockets


def attack_slowloris(server, seconds):
    """Ten connections send a valid request one byte a second."""
    message = ttlv.get("1")
    sockets = tls_connections(server, 10)
    closed = 0
    for index in range(min(seconds, len(message))):
        for sock in list(sockets):
            try:
                sock.send(message[index:index + 1])
            except OSError:
                sockets.remove(sock)
                closed += 1
        time.sleep(1)
    for sock in sockets:
        sock.close()
    return "--request-timeout", closed == 10


def attack_huge_length(server, seconds):
    """A header declaring a 2 GiB message, then a trickle of bytes."""
    sock = server.connect()
    sock.sendall(bytes.fromhex("42007801") + (0x7FFFFFF8).to_bytes(4, "big"))
    sock.settimeout(seconds)
    response = ttlv.read_message(sock)
    ok = response is None or ttlv.enumerations(response, ttlv.RESULT_STATUS) == [1]
    return "--max-message-bytes", ok


def attack_deep_nesting(server, seconds):
    """A message of 10,000 nested structures."""
    inner = b""
    for _ in range(10_000):
        inner = ttlv.structure(ttlv.REQUEST_PAYLOAD, inner)
    sock = server.connect()
    sock.settimeout(seconds)
    sock.sendall(ttlv.structure(ttlv.REQUEST_MESSAGE, inner))
    response = ttlv.read_message(sock)
    return "depth", response is None or ttlv.enumerations(response, ttlv.RESULT_STATUS) == [1]


def attack_big_batch(server, seconds):
    """One request with 100,000 Get batch items."""
    item = ttlv.batch_item(ttlv.GET, ttlv.item(ttlv.UNIQUE_IDENTIFIER, ttlv.TEXT, b"1"))
    sock = server.connect()
    sock.settimeout(seconds)
    sock.sendall(ttlv.request(*([item] * 100_000)))
    response = ttlv.read_message(sock)
    return "--max-batch-items", response is not None and ttlv.enumerations(response, ttlv.RESULT_STATUS) == [1]


def attack_huge_locate(server, seconds, objects):
    """`objects` keys registered, then a Locate with no filter and no Maximum Items."""
    sock = server.connect()
    sock.settimeout(60)
    batch = int(LIMITS["--max-batch-items"])
    for start in range(0, objects, batch):
        sock.sendall(ttlv.request(*([ttlv.create_aes()] * min(batch, objects - start))))
        created = ttlv.read_message(sock)
        if created is None or set(ttlv.enumerations(created, ttlv.RESULT_STATUS)) != {0}:
            raise RuntimeError("could not make the objects to locate")
    sock.settimeout(seconds)
    sock.sendall(ttlv.request(ttlv.batch_item(ttlv.LOCATE)))
    response = ttlv.read_message(sock)
    count = 0 if response is None else response.count(ttlv.UNIQUE_IDENTIFIER.to_bytes(3, "big") + bytes([ttlv.TEXT]))
    return "--max-locate-items", response is not None and count <= int(LIMITS["--max-locate-items"])


def attack_open_runs(server, seconds):
    """Four batches of 500 multi-part Hash runs begun (Init Indicator) and never finished."""
    sock = server.connect()
    sock.settimeout(seconds)
    statuses = []
    for _ in range(4):
        sock.sendall(ttlv.request(*([ttlv.begin_hash()] * 500), major=2, minor=0))
        response = ttlv.read_message(sock)
        if response is None:
            return "--max-open-runs", False
        statuses += ttlv.enumerations(response, ttlv.RESULT_STATUS)
    # A batch stops at its first failure (Stop is the default Batch Error Continuation Option).
    return "--max-open-runs", statuses.count(0) == int(LIMITS["--max-open-runs"]) and 1 in statuses


def attack_renegotiation(server, seconds):
    """TLS 1.2 renegotiation requests from openssl s_client ("R")."""
    args = ["openssl", "s_client", "-tls1_2", "-connect", f"127.0.0.1:{server.port}", "-cert", server.cert,
            "-key", server.key, "-CAfile", server.ca]
    refused = 0
    for _ in range(5):
        client = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        client.stdin.write(b"R\n")
        client.stdin.flush()
        time.sleep(1)
        try:
            output, _ = client.communicate(timeout=seconds)  # the server closes the connection
        except subprocess.TimeoutExpired:
            client.kill()
            output, _ = client.communicate()
        text = output.decode(errors="replace")
        refused += "RENEGOTIATING" in text and ("no renegotiation" in text or "closed" in text or "errno" in text)
    return "renegotiation", refused == 5


def attack_idle(server, seconds):
    """1,000 TCP connections that never start TLS."""
    sockets = []
    for _ in range(1000):
        try:
            sockets.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        except OSError:
            break
    time.sleep(seconds)
    alive = 0
    for sock in sockets:
        sock.setblocking(False)
        try:
            alive += sock.recv(1) != b""
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
        sock.close()
    return "--handshake-timeout", alive == 0


def attack_never_reads(server, seconds):
    """A client that pipelines Gets as fast as it can and never reads a response."""
    sock = server.connect()
    sock.setblocking(False)
    request, sent, deadline = ttlv.get("1"), 0, time.time() + seconds
    pending = b""
    while time.time() < deadline:
        try:
            pending = pending or request * 64
            count = sock.send(pending)
            pending, sent = pending[count:], sent + count
        except (ssl.SSLWantWriteError, BlockingIOError):
            time.sleep(0.01)
        except OSError:
            break
    sock.close()
    # The server stopped reading long before ten seconds of pipelined requests were taken in.
    return "--max-pending-requests", sent < 64 * 1024 * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kmip", required=True, help="path to the kmip executable")
    parser.add_argument("--seconds", type=int, default=8, help="how long each attack runs")
    parser.add_argument("--memory-mb", type=float, default=512, help="the server's resident memory bound")
    parser.add_argument("--get-timeout", type=float, default=2.0, help="the slowest Get the good client accepts")
    parser.add_argument("--locate-objects", type=int, default=20_000, help="objects made for the Locate attack")
    parser.add_argument("--only", nargs="*", help="attacks to run (default: all)")
    options = parser.parse_args()

    attacks = {
        "slowloris": lambda s: attack_slowloris(s, options.seconds),
        "huge-length": lambda s: attack_huge_length(s, options.seconds),
        "deep-nesting": lambda s: attack_deep_nesting(s, options.seconds),
        "big-batch": lambda s: attack_big_batch(s, options.seconds),
        "huge-locate": lambda s: attack_huge_locate(s, options.seconds, options.locate_objects),
        "open-runs": lambda s: attack_open_runs(s, options.seconds),
        "renegotiation": lambda s: attack_renegotiation(s, options.seconds),
        "idle-connections": lambda s: attack_idle(s, options.seconds),
        "never-reads": lambda s: attack_never_reads(s, options.seconds),
    }
    selected = options.only or list(attacks)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="kmip-attack-") as folder:
        server = Server(options.kmip, folder)
        try:
            env = dict(os.environ, KMIP_CERT=server.cert, KMIP_KEY=server.key, KMIP_CA=server.ca, KMIP_PORT=str(server.port))
            created = subprocess.run([options.kmip, "create"], env=env, capture_output=True, text=True, timeout=30, check=True)
            unique_identifier = created.stdout.strip().split()[-1]
            for name in selected:
                good = GoodClient(server, unique_identifier, options.get_timeout)
                good.start()
                log_before = len(server.text())
                started = time.time()
                limit, held = attacks[name](server)
                time.sleep(0.5)
                good.stop()
                logged = limit in server.text()[log_before:]
                passed = held and logged and not good.failures and good.successes > 0
                failures += not passed
                print(f"{'PASS' if passed else 'FAIL'} {name:17} {time.time() - started:5.1f} s  limit held: {held}, "
                      f"logged '{limit}': {logged}, good Gets: {good.successes} ok / {len(good.failures)} failed "
                      f"(slowest {good.slowest * 1000:.0f} ms), server peak RSS {server.peak_rss_mb:.0f} MiB")
                for failure in good.failures[:3]:
                    print(f"    good client: {failure}")
        finally:
            server.stop()
        memory_ok = server.peak_rss_mb < options.memory_mb
        print(f"{'PASS' if memory_ok else 'FAIL'} memory: peak {server.peak_rss_mb:.0f} MiB, bound {options.memory_mb:.0f} MiB")
        failures += not memory_ok
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
