"""Just enough binary TTLV to write hostile KMIP requests and read a Result Status back."""
import struct

STRUCTURE, INTEGER, ENUMERATION, BOOLEAN, TEXT, BYTES = 0x01, 0x02, 0x05, 0x06, 0x07, 0x08

REQUEST_MESSAGE, REQUEST_HEADER, PROTOCOL_VERSION = 0x420078, 0x420077, 0x420069
VERSION_MAJOR, VERSION_MINOR, BATCH_COUNT, BATCH_ITEM = 0x42006A, 0x42006B, 0x42000D, 0x42000F
OPERATION, REQUEST_PAYLOAD, UNIQUE_IDENTIFIER = 0x42005C, 0x420079, 0x420094
RESULT_STATUS, RESULT_REASON, MAXIMUM_ITEMS = 0x42007F, 0x42007E, 0x42004F
OBJECT_TYPE, TEMPLATE_ATTRIBUTE, ATTRIBUTE = 0x420057, 0x420091, 0x420008
ATTRIBUTE_NAME, ATTRIBUTE_VALUE = 0x42000A, 0x42000B
CRYPTOGRAPHIC_PARAMETERS, HASHING_ALGORITHM, DATA, INIT_INDICATOR = 0x42002B, 0x420038, 0x4200C2, 0x4200D7
CREATE, GET, LOCATE, HASH = 0x01, 0x0A, 0x08, 0x27
SYMMETRIC_KEY, AES, SHA_256 = 0x02, 0x03, 0x06


def item(tag, kind, value):
    """One TTLV item; `value` is bytes for structures, text and byte strings."""
    if kind in (INTEGER, ENUMERATION):
        body, length = struct.pack(">iI", value, 0), 4
    elif kind == BOOLEAN:
        body, length = struct.pack(">Q", 1 if value else 0), 8
    else:
        body, length = value, len(value)
        body += b"\0" * (-len(body) % 8)
    return struct.pack(">I", tag)[1:] + bytes([kind]) + struct.pack(">I", length) + body


def structure(tag, *children):
    return item(tag, STRUCTURE, b"".join(children))


def request(*batch_items, major=1, minor=4):
    header = structure(
        REQUEST_HEADER,
        structure(PROTOCOL_VERSION, item(VERSION_MAJOR, INTEGER, major), item(VERSION_MINOR, INTEGER, minor)),
        item(BATCH_COUNT, INTEGER, len(batch_items)),
    )
    return structure(REQUEST_MESSAGE, header, *batch_items)


def batch_item(operation, *payload):
    return structure(BATCH_ITEM, item(OPERATION, ENUMERATION, operation), structure(REQUEST_PAYLOAD, *payload))


def get(unique_identifier):
    return request(batch_item(GET, item(UNIQUE_IDENTIFIER, TEXT, unique_identifier.encode())))


def attribute(name, kind, value):
    return structure(ATTRIBUTE, item(ATTRIBUTE_NAME, TEXT, name.encode()), item(ATTRIBUTE_VALUE, kind, value))


def begin_hash():
    """A Hash batch item that begins a multi-part run (Init Indicator) and never ends it."""
    return batch_item(HASH, structure(CRYPTOGRAPHIC_PARAMETERS, item(HASHING_ALGORITHM, ENUMERATION, SHA_256)),
                      item(DATA, BYTES, b"x"), item(INIT_INDICATOR, BOOLEAN, True))


def create_aes():
    """A KMIP 1.x Create batch item for a 256-bit AES key for Encrypt and Decrypt."""
    return batch_item(CREATE, item(OBJECT_TYPE, ENUMERATION, SYMMETRIC_KEY), structure(
        TEMPLATE_ATTRIBUTE,
        attribute("Cryptographic Algorithm", ENUMERATION, AES),
        attribute("Cryptographic Length", INTEGER, 256),
        attribute("Cryptographic Usage Mask", INTEGER, 0x0C),
    ))


def read_message(sock):
    """Reads one whole TTLV message from a socket (None when the peer closed first)."""
    header = read_exactly(sock, 8)
    if header is None:
        return None
    body = read_exactly(sock, struct.unpack(">I", header[4:8])[0])
    return None if body is None else header + body


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def enumerations(message, tag):
    """Every Enumeration value with `tag` anywhere in `message`."""
    found, offset = [], 0
    while offset + 8 <= len(message):
        item_tag = int.from_bytes(message[offset:offset + 3], "big")
        kind, length = message[offset + 3], struct.unpack(">I", message[offset + 4:offset + 8])[0]
        if kind == STRUCTURE:
            offset += 8
            continue
        if kind == ENUMERATION and item_tag == tag:
            found.append(struct.unpack(">I", message[offset + 8:offset + 12])[0])
        offset += 8 + length + (-length % 8)
    return found
