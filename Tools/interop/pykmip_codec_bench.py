#!/usr/bin/env python3
"""PyKMIP's TTLV codec on the same messages as `kmip bench codec FILE...`, for comparison.

Usage (PyKMIP 0.11.0 in a virtual environment; no network needed after the install):

    python3 -m venv /tmp/pykmip && /tmp/pykmip/bin/pip install pykmip
    /tmp/pykmip/bin/python Tools/interop/pykmip_codec_bench.py ../shared/reference/pykmip-encodings/*.ttlv
    swift run -c release kmip bench codec ../shared/reference/pykmip-encodings/*.ttlv

Each file must hold one binary TTLV Request or Response Message. For each, the script
decodes the bytes with PyKMIP (`RequestMessage.read` / `ResponseMessage.read`) and encodes
the decoded message again (`write`), each for --seconds, and prints messages/s and MB/s in
the same columns as `kmip bench codec`.
"""
import argparse
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from kmip.core import enums, utils  # noqa: E402
from kmip.core.messages import messages  # noqa: E402


def message_class(data):
    if data[:3] == b"\x42\x00\x78":
        return messages.RequestMessage
    if data[:3] == b"\x42\x00\x7b":
        return messages.ResponseMessage
    sys.exit("not a KMIP Request or Response Message")


def measure(body, seconds):
    for _ in range(3):
        body()
    count, start = 0, time.perf_counter()
    while True:
        body()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    print("message                          bytes   decode msg/s   decode MB/s   encode msg/s   encode MB/s")
    for path in args.files:
        with open(path, "rb") as f:
            data = f.read()
        cls = message_class(data)

        def decode():
            message = cls()
            message.read(utils.BytearrayStream(data), kmip_version=enums.KMIPVersion.KMIP_1_0)
            return message

        decoded = decode()
        version = decoded.request_header.protocol_version if cls is messages.RequestMessage else decoded.response_header.protocol_version

        def encode():
            stream = utils.BytearrayStream()
            decoded.write(stream, kmip_version=enums.KMIPVersion.KMIP_1_0)
            return stream

        decode_rate = measure(decode, args.seconds)
        encode_rate = measure(encode, args.seconds)
        mb = len(data) / 1e6
        name = os.path.basename(path)
        print(f"{name:<30}{len(data):>7}{decode_rate:>15.0f}{decode_rate * mb:>14.2f}{encode_rate:>15.0f}{encode_rate * mb:>14.2f}"
              f"   (KMIP {version.major}.{version.minor})")


if __name__ == "__main__":
    main()
