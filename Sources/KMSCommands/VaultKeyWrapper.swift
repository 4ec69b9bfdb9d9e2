import Foundation
import KMIPCrypto
import VaultTransit

/// Wraps filesystem keys with Vault transit `encrypt` under the configured key (D10: no
/// context, the key is not derived), unwraps with `decrypt`, and rewraps server-side with
/// transit `rewrap` to the key's latest version, so a Vault rewrap never sees the key.
/// The stored blob is the `vault:vN:...` ciphertext text.
struct VaultKeyWrapper: KeyWrapper {
    let client: VaultClient
    let keyName: String
    let namespace: String?
    /// The CA certificate written out for the client (it reads a file), removed on close.
    let caFile: String?
    var scheme: WrappingScheme { .vault }
    var keyIdentifier: String { keyName }

    init(_ configuration: KMSConfiguration) throws(KMSError) {
        let authentication: VaultConfiguration.Authentication
        if let token = configuration.token {
            authentication = .token(token)
        } else if let role = configuration.roleID, let secret = configuration.secretID {
            authentication = .appRole(roleID: role, secretID: secret)
        } else {
            throw KMSError("the vault configuration has neither a token nor AppRole credentials")
        }
        var caFile: String?
        if let ca = configuration.caCertificate {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("kms-vault-ca-\(UUID().uuidString).pem").path
            guard FileManager.default.createFile(atPath: path, contents: Data(ca), attributes: [.posixPermissions: 0o600]) else {
                throw KMSError("cannot write the Vault CA certificate to \(path)")
            }
            caFile = path
        }
        do {
            client = try VaultClient(configuration: VaultConfiguration(
                address: configuration.address, authentication: authentication, caFile: caFile, namespace: configuration.namespace))
        } catch {
            if let caFile { try? FileManager.default.removeItem(atPath: caFile) }
            throw KMSError("the Vault client settings do not load: \(error)")
        }
        keyName = configuration.keyIdentifier
        namespace = configuration.namespace
        self.caFile = caFile
    }

    func wrap(_ dataKey: SecretBytes, for filesystem: String) async throws(KMSError) -> Wrapping {
        do {
            let encrypted = try await client.encrypt(key: keyName, plaintext: dataKey.bytes)
            return Wrapping(scheme: .vault, keyIdentifier: keyName, namespace: namespace, blob: Array(encrypted.ciphertext.text.utf8))
        } catch {
            throw KMSError("Vault transit encrypt with key \(keyName) failed: \(error)")
        }
    }

    func unwrap(_ wrapping: Wrapping, for filesystem: String) async throws(KMSError) -> SecretBytes {
        do {
            let ciphertext = try Self.ciphertext(of: wrapping)
            return try await client.decrypt(key: wrapping.keyIdentifier, ciphertext: ciphertext)
        } catch {
            throw KMSError("Vault transit decrypt with key \(wrapping.keyIdentifier) failed: \(error)")
        }
    }

    /// The `vault:vN:...` text a wrapping stores.
    private static func ciphertext(of wrapping: Wrapping) throws(VaultError) -> VaultCiphertext {
        try VaultCiphertext(String(decoding: wrapping.blob, as: UTF8.self))
    }

    /// Transit `rewrap` of `wrapping` to the latest version of its key.
    func rewrap(_ wrapping: Wrapping) async throws(KMSError) -> Wrapping {
        do {
            let ciphertext = try Self.ciphertext(of: wrapping)
            let rewrapped = try await client.rewrap(key: wrapping.keyIdentifier, ciphertext: ciphertext)
            return Wrapping(scheme: .vault, keyIdentifier: wrapping.keyIdentifier, namespace: wrapping.namespace, blob: Array(rewrapped.ciphertext.text.utf8))
        } catch {
            throw KMSError("Vault transit rewrap with key \(wrapping.keyIdentifier) failed: \(error)")
        }
    }

    /// D9: the key must exist and encrypt (Vault's encrypt would otherwise create a missing
    /// key, so a typo would silently make a new one).
    func checkKey() async throws(KMSError) {
        let key: TransitKey
        do { key = try await client.readKey(keyName) } catch { throw KMSError("reading Vault transit key \(keyName) failed: \(error)") }
        guard key.supportsEncryption, key.supportsDecryption else { throw KMSError("Vault transit key \(keyName) does not encrypt and decrypt") }
    }

    /// The key's latest version, and whether `wrapping` already uses it.
    func isLatest(_ wrapping: Wrapping) async throws(KMSError) -> Bool {
        do {
            let ciphertext = try Self.ciphertext(of: wrapping)
            return try await client.readKey(wrapping.keyIdentifier).latestVersion == ciphertext.keyVersion
        } catch {
            throw KMSError("reading Vault transit key \(wrapping.keyIdentifier) failed: \(error)")
        }
    }

    /// The token's remaining TTL and renewability, for `kms` show.
    func tokenInfo() async throws(KMSError) -> VaultTokenInfo {
        do { return try await client.lookupSelf() } catch { throw KMSError("Vault token lookup failed: \(error)") }
    }

    func close() async {
        await client.shutdown()
        if let caFile { try? FileManager.default.removeItem(atPath: caFile) }
    }
}
