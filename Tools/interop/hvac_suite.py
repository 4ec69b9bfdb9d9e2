#!/usr/bin/env python3
"""Drives swift-kmip's mock Vault with the hvac client (loopback only).

Usage: hvac_suite.py --addr https://127.0.0.1:PORT --ca CA.pem
The root token comes from the environment variable HVAC_SUITE_TOKEN (not argv, so it does not
show in process lists). Exits 0 and prints "OK <n> checks" when every check passes; otherwise
prints the failed check and exits 1.

Checks: key create/read/list, encrypt, decrypt, batch, rotate, rewrap, min_decryption_version,
error mapping (400, 403, 404), token create/lookup/renew, policies (WEKA's weka_policy.hcl),
AppRole login, namespaces, sys/health. Every mock ciphertext is also decrypted independently
with the `cryptography` package's AESGCM, using key material exported through the transit
export endpoint of a key created with exportable=true.
"""
import argparse
import base64
import os
import sys

for name in ("VAULT_ADDR", "VAULT_TOKEN", "VAULT_CACERT", "VAULT_CAPATH", "VAULT_CLIENT_CERT", "VAULT_CLIENT_KEY", "VAULT_NAMESPACE"):
    os.environ.pop(name, None)  # hvac would pick these up; the suite passes everything explicitly

import hvac  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

WEKA_POLICY = """
path "transit/+/weka-key" {
  capabilities = ["read", "create", "update"]
}
path "transit/keys/weka-key" {
  capabilities = ["read"]
}
"""

checks = 0


def check(condition, what):
    global checks
    if not condition:
        print(f"FAILED: {what}")
        sys.exit(1)
    checks += 1


def expect_error(kind, what, call):
    try:
        call()
    except kind as error:
        check(True, what)
        return error
    except Exception as error:  # noqa: BLE001 - report the wrong kind
        check(False, f"{what}: expected {kind.__name__}, got {type(error).__name__}: {error}")
    check(False, f"{what}: expected {kind.__name__}, got success")


def b64(data):
    return base64.b64encode(data).decode()


def independent_decrypt(ciphertext, key_material):
    """Vault's AES-GCM format: vault:vN:base64(12-byte nonce || ciphertext || 16-byte tag)."""
    prefix, version, payload = ciphertext.split(":", 2)
    check(prefix == "vault" and version.startswith("v"), f"ciphertext format {ciphertext[:12]}")
    raw = base64.b64decode(payload)
    return AESGCM(key_material).decrypt(raw[:12], raw[12:], None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--addr", required=True)
    parser.add_argument("--ca", required=True)
    args = parser.parse_args()
    token = os.environ["HVAC_SUITE_TOKEN"]
    root = hvac.Client(url=args.addr, token=token, verify=args.ca)
    transit = root.secrets.transit

    health = root.sys.read_health_status(method="GET")
    check(health["initialized"] and not health["sealed"], "sys/health")
    check(root.is_authenticated(), "root token authenticates")

    # Keys, encryption, independent decryption.
    transit.create_key(name="hvac-key", exportable=True)
    transit.create_key(name="weka-key")
    key = transit.read_key(name="hvac-key")["data"]
    check(key["latest_version"] == 1 and key["type"] == "aes256-gcm96", "read_key")
    check(sorted(transit.list_keys()["data"]["keys"]) == ["hvac-key", "weka-key"], "list_keys (LIST verb)")
    fs_key = os.urandom(32)
    v1 = transit.encrypt_data(name="hvac-key", plaintext=b64(fs_key))["data"]
    check(v1["ciphertext"].startswith("vault:v1:") and v1["key_version"] == 1, "encrypt_data")
    plain = transit.decrypt_data(name="hvac-key", ciphertext=v1["ciphertext"])["data"]["plaintext"]
    check(base64.b64decode(plain) == fs_key, "decrypt_data round trip")
    exported = transit.export_key(name="hvac-key", key_type="encryption-key")["data"]["keys"]
    check(independent_decrypt(v1["ciphertext"], base64.b64decode(exported["1"])) == fs_key, "AESGCM decrypts a mock v1 ciphertext")

    batch = transit.encrypt_data(name="hvac-key", batch_input=[{"plaintext": b64(b"a")}, {"plaintext": b64(b"b")}])["data"]["batch_results"]
    check(len(batch) == 2 and all(item["ciphertext"].startswith("vault:v1:") for item in batch), "batch encrypt (plaintext: null)")

    # Rotation, rewrap, minimum decryption version.
    transit.rotate_key(name="hvac-key")
    check(transit.read_key(name="hvac-key")["data"]["latest_version"] == 2, "rotate_key")
    v2 = transit.rewrap_data(name="hvac-key", ciphertext=v1["ciphertext"])["data"]
    check(v2["ciphertext"].startswith("vault:v2:") and v2["key_version"] == 2, "rewrap_data v1 -> v2")
    exported = transit.export_key(name="hvac-key", key_type="encryption-key")["data"]["keys"]
    check(independent_decrypt(v2["ciphertext"], base64.b64decode(exported["2"])) == fs_key, "AESGCM decrypts the rewrapped v2 ciphertext")
    transit.update_key_configuration(name="hvac-key", min_decryption_version=2)
    error = expect_error(hvac.exceptions.InvalidRequest, "decrypt below min_decryption_version",
                         lambda: transit.decrypt_data(name="hvac-key", ciphertext=v1["ciphertext"]))
    check("too old" in str(error), f"too-old message: {error}")
    error = expect_error(hvac.exceptions.InvalidRequest, "tampered ciphertext",
                         lambda: transit.decrypt_data(name="hvac-key", ciphertext="vault:v2:" + b64(b"x" * 40)))
    check("message authentication failed" in str(error), f"tamper message: {error}")
    expect_error(hvac.exceptions.InvalidPath, "read_key of a missing key", lambda: transit.read_key(name="nope"))

    # Tokens.
    created = root.auth.token.create(policies=["default"], ttl="1h")["auth"]
    check(created["lease_duration"] == 3600 and created["renewable"], "token create")
    child = hvac.Client(url=args.addr, token=created["client_token"], verify=args.ca)
    looked = child.auth.token.lookup_self()["data"]
    check(0 < looked["ttl"] <= 3600 and looked["policies"] == ["default"], "token lookup_self")
    renewed = child.auth.token.renew_self(increment="2h")["auth"]
    check(renewed["lease_duration"] == 7200, "token renew_self")
    expect_error(hvac.exceptions.Forbidden, "default policy cannot read keys", lambda: child.secrets.transit.read_key(name="hvac-key"))

    # WEKA's policy and AppRole.
    root.sys.create_or_update_policy(name="weka", policy=WEKA_POLICY)
    root.auth.approle.create_or_update_approle(role_name="weka-role", token_policies=["weka"], token_ttl="20m")
    role_id = root.auth.approle.read_role_id(role_name="weka-role")["data"]["role_id"]
    secret_id = root.auth.approle.generate_secret_id(role_name="weka-role")["data"]["secret_id"]
    app = hvac.Client(url=args.addr, verify=args.ca)
    login = app.auth.approle.login(role_id=role_id, secret_id=secret_id)["auth"]
    check(login["lease_duration"] == 1200 and "weka" in login["policies"], "approle login")
    wrapped = app.secrets.transit.encrypt_data(name="weka-key", plaintext=b64(fs_key))["data"]["ciphertext"]
    check(base64.b64decode(app.secrets.transit.decrypt_data(name="weka-key", ciphertext=wrapped)["data"]["plaintext"]) == fs_key,
          "weka policy: encrypt and decrypt")
    expect_error(hvac.exceptions.Forbidden, "weka policy: rotate is denied", lambda: app.secrets.transit.rotate_key(name="weka-key"))
    expect_error(hvac.exceptions.Forbidden, "weka policy: config is denied",
                 lambda: app.secrets.transit.update_key_configuration(name="weka-key", deletion_allowed=True))
    expect_error(hvac.exceptions.InvalidRequest, "approle login with a wrong secret ID",
                 lambda: hvac.Client(url=args.addr, verify=args.ca).auth.approle.login(role_id=role_id, secret_id="wrong"))

    # Namespaces: a key in tenant-a is invisible from the root namespace.
    root.sys.create_namespace(path="tenant-a")
    tenant = hvac.Client(url=args.addr, token=token, verify=args.ca, namespace="tenant-a")
    tenant.secrets.transit.create_key(name="tenant-key")
    check(tenant.secrets.transit.read_key(name="tenant-key")["data"]["name"] == "tenant-key", "key in namespace tenant-a")
    expect_error(hvac.exceptions.InvalidPath, "namespace key not in root", lambda: transit.read_key(name="tenant-key"))

    print(f"OK {checks} checks")


if __name__ == "__main__":
    main()
