#!/usr/bin/env python3
"""PyKMIP's client (ProxyKmipClient) against a KMIP server: runs each operation it offers
and prints one JSON object: {"operation": "pass" | "fail: reason", ...}.

    python3 Tools/interop/pykmip_client_suite.py --port PORT --pki DIR [--version 1.2|1.4|2.0]

DIR holds ca.pem, client.pem and client-key.pem (as `kmip pki init` or `kmip serve` make
them). Exit status 0 whatever the results; the caller judges them.
"""
import argparse
import atexit
import json
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")

from kmip import enums  # noqa: E402
from kmip.core import attributes as cattributes  # noqa: E402
from kmip.core import objects as cobjects  # noqa: E402
from kmip.pie import objects  # noqa: E402
from kmip.pie.client import ProxyKmipClient  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pki", required=True)
    parser.add_argument("--version", default="2.0", choices=["1.2", "1.3", "1.4", "2.0"])
    args = parser.parse_args()
    versions = {"1.2": enums.KMIPVersion.KMIP_1_2, "1.3": enums.KMIPVersion.KMIP_1_3,
                "1.4": enums.KMIPVersion.KMIP_1_4, "2.0": enums.KMIPVersion.KMIP_2_0}
    # An empty config file, so that no /etc/pykmip settings leak in.
    config = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    config.write("[client]\n")
    config.close()
    atexit.register(os.unlink, config.name)
    client = ProxyKmipClient(
        hostname="127.0.0.1", port=args.port,
        cert=os.path.join(args.pki, "client.pem"), key=os.path.join(args.pki, "client-key.pem"),
        ca=os.path.join(args.pki, "ca.pem"), config_file=config.name, kmip_version=versions[args.version])
    results = {}
    state = {}

    def step(name, body):
        try:
            body()
            results[name] = "pass"
        except Exception as error:  # the report says what failed
            results[name] = "fail: " + str(error).splitlines()[0][:200] if str(error) else "fail: " + type(error).__name__

    with client:
        def create():
            state["key"] = client.create(enums.CryptographicAlgorithm.AES, 256, name="pykmip-key",
                                         cryptographic_usage_mask=[enums.CryptographicUsageMask.ENCRYPT, enums.CryptographicUsageMask.DECRYPT])
            assert state["key"]

        def get():
            key = client.get(state["key"])
            assert len(key.value) == 32, len(key.value)

        def locate():
            found = client.locate(attributes=[])
            assert state["key"] in found, found

        def get_attributes():
            uid, attributes = client.get_attributes(state["key"], ["Cryptographic Algorithm", "State"])
            names = {a.attribute_name.value for a in attributes}
            assert "Cryptographic Algorithm" in names, names

        def get_attribute_list():
            names = client.get_attribute_list(state["key"])
            assert "Unique Identifier" in names or "State" in names, names

        def register():
            secret = objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 128, b"\x01" * 16)
            state["registered"] = client.register(secret)
            assert client.get(state["registered"]).value == b"\x01" * 16

        def encrypt_decrypt():
            cbc = {"cryptographic_algorithm": enums.CryptographicAlgorithm.AES, "block_cipher_mode": enums.BlockCipherMode.CBC,
                   "padding_method": enums.PaddingMethod.PKCS5, "random_iv": True}
            ciphertext, iv = client.encrypt(b"attack at dawn", uid=state["key"], cryptographic_parameters=cbc)
            assert client.decrypt(ciphertext, uid=state["key"], cryptographic_parameters=cbc, iv_counter_nonce=iv) == b"attack at dawn"

        def create_key_pair():
            state["public"], state["private"] = client.create_key_pair(
                enums.CryptographicAlgorithm.RSA, 2048, public_usage_mask=[enums.CryptographicUsageMask.VERIFY],
                private_usage_mask=[enums.CryptographicUsageMask.SIGN])
            client.activate(state["public"])
            client.activate(state["private"])

        def sign_verify():
            pkcs1 = {"cryptographic_algorithm": enums.CryptographicAlgorithm.RSA, "padding_method": enums.PaddingMethod.PKCS1v15,
                     "hashing_algorithm": enums.HashingAlgorithm.SHA_256}
            signature = client.sign(b"signed text", uid=state["private"], cryptographic_parameters=pkcs1)
            valid = client.signature_verify(b"signed text", signature, uid=state["public"], cryptographic_parameters=pkcs1)
            assert valid == enums.ValidityIndicator.VALID, valid
            invalid = client.signature_verify(b"other text", signature, uid=state["public"], cryptographic_parameters=pkcs1)
            assert invalid == enums.ValidityIndicator.INVALID, invalid

        def mac():
            key = client.create(enums.CryptographicAlgorithm.HMAC_SHA256, 256, cryptographic_usage_mask=[enums.CryptographicUsageMask.MAC_GENERATE])
            client.activate(key)
            uid, first = client.mac(b"message", uid=key, algorithm=enums.CryptographicAlgorithm.HMAC_SHA256)
            _, second = client.mac(b"message", uid=key, algorithm=enums.CryptographicAlgorithm.HMAC_SHA256)
            assert uid == key and len(first) == 32 and first == second

        def derive_key():
            base = client.create(enums.CryptographicAlgorithm.AES, 128, cryptographic_usage_mask=[enums.CryptographicUsageMask.DERIVE_KEY])
            client.activate(base)
            derived = client.derive_key(
                enums.ObjectType.SYMMETRIC_KEY, [base], enums.DerivationMethod.HASH,
                {"cryptographic_parameters": {"hashing_algorithm": enums.HashingAlgorithm.SHA_256}},
                cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=128)
            assert len(client.get(derived).value) == 16

        def modify_attribute():
            renamed = cattributes.Name.create("pykmip-renamed", enums.NameType.UNINTERPRETED_TEXT_STRING)
            if args.version == "2.0":
                current = cattributes.Name.create("pykmip-key", enums.NameType.UNINTERPRETED_TEXT_STRING)
                client.modify_attribute(unique_identifier=state["key"], current_attribute=cobjects.CurrentAttribute(attribute=current),
                                        new_attribute=cobjects.NewAttribute(attribute=renamed))
            else:
                client.modify_attribute(unique_identifier=state["key"], attribute=cobjects.Attribute(
                    attribute_name=cobjects.Attribute.AttributeName("Name"), attribute_index=cobjects.Attribute.AttributeIndex(0), attribute_value=renamed))
            assert state["key"] in client.locate(attributes=[client.attribute_factory.create_attribute(enums.AttributeType.NAME, "pykmip-renamed")])

        def delete_attribute():
            if args.version == "2.0":
                name = cattributes.Name.create("pykmip-renamed", enums.NameType.UNINTERPRETED_TEXT_STRING)
                client.delete_attribute(unique_identifier=state["key"], current_attribute=cobjects.CurrentAttribute(attribute=name))
            else:
                client.delete_attribute(unique_identifier=state["key"], attribute_name="Name", attribute_index=0)
            assert state["key"] not in client.locate(attributes=[client.attribute_factory.create_attribute(enums.AttributeType.NAME, "pykmip-renamed")])

        def rekey():
            state["replacement"] = client.rekey(uid=state["key"])
            assert state["replacement"] and state["replacement"] != state["key"]

        step("Create", create)
        step("Get", get)
        step("Locate", locate)
        step("Get Attributes", get_attributes)
        step("Get Attribute List", get_attribute_list)
        step("Register", register)
        step("Activate", lambda: client.activate(state["key"]))
        step("Check", lambda: client.check(uid=state["key"], cryptographic_usage_mask=[enums.CryptographicUsageMask.ENCRYPT]))
        step("Encrypt and Decrypt", encrypt_decrypt)
        step("Create Key Pair", create_key_pair)
        step("Sign and Signature Verify", sign_verify)
        step("MAC", mac)
        step("Derive Key", derive_key)
        if args.version == "2.0":
            step("Set Attribute", lambda: client.set_attribute(unique_identifier=state["key"], attribute_name="Sensitive", attribute_value=False))
        step("Modify Attribute", modify_attribute)
        step("Delete Attribute", delete_attribute)
        step("Re-key", rekey)
        step("Revoke", lambda: client.revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION, state["key"]))
        step("Destroy", lambda: client.destroy(state["key"]))
        step("Destroy registered", lambda: client.destroy(state["registered"]))
    print(json.dumps(results, indent=1, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
