import KMIPCrypto

/// Wraps and unwraps filesystem data keys. A wrapper wraps with its configured key; it
/// unwraps a wrapping with the key the wrapping names, so older wrappings (a rewrap under
/// way, retired keys) stay readable.
protocol KeyWrapper: Sendable {
    /// What this wrapper can unwrap.
    var scheme: WrappingScheme { get }
    /// The key new wrappings use.
    var keyIdentifier: String { get }
    /// The Vault namespace of that key (nil elsewhere).
    var namespace: String? { get }
    /// Wraps `key` for filesystem `filesystem` (the name is bound to the result where the
    /// scheme allows, so wrapped keys cannot be swapped between filesystems).
    func wrap(_ key: SecretBytes, for filesystem: String) async throws(KMSError) -> Wrapping
    func unwrap(_ wrapping: Wrapping, for filesystem: String) async throws(KMSError) -> SecretBytes
    /// Closes connections.
    func close() async
}

extension KeyWrapper {
    var namespace: String? { nil }

    /// Whether `wrapping` was made with this wrapper's key.
    func usesKey(of wrapping: Wrapping) -> Bool {
        wrapping.scheme == scheme && wrapping.keyIdentifier == keyIdentifier && wrapping.namespace == namespace
    }
}

/// Local encryption: RFC 3394 AES key wrap under the state file's own key. Anyone who can
/// read the state file can unwrap it, which is why WEKA calls it insecure.
struct LocalKeyWrapper: KeyWrapper {
    let key: SecretBytes
    var scheme: WrappingScheme { .local }
    var keyIdentifier: String { "local" }

    func wrap(_ dataKey: SecretBytes, for filesystem: String) async throws(KMSError) -> Wrapping {
        do {
            return Wrapping(scheme: .local, keyIdentifier: "local", blob: try KeyWrap.wrap(dataKey, kek: key, padding: false))
        } catch {
            throw KMSError("local encryption of the key of '\(filesystem)' failed: \(error)")
        }
    }

    func unwrap(_ wrapping: Wrapping, for filesystem: String) async throws(KMSError) -> SecretBytes {
        do {
            return try KeyWrap.unwrap(wrapping.blob, kek: key, padding: false)
        } catch {
            throw KMSError("the locally encrypted key of '\(filesystem)' does not unwrap: \(error)")
        }
    }

    func close() async {}
}

/// A filesystem's data key: 256 random bits, and the check value that recognises it.
enum DataKey {
    static let length = 32

    static func generate() throws(KMSError) -> SecretBytes {
        do { return try Random.key(length) } catch { throw KMSError("cannot make a filesystem key: \(error)") }
    }

    /// HMAC-SHA256 of a fixed label under the key, first 16 bytes.
    static func check(_ key: SecretBytes) throws(KMSError) -> [UInt8] {
        do {
            return Array(try HMAC.authenticate(Array("swift-kmip kms key check".utf8), key: key, digest: .sha256).prefix(16))
        } catch {
            throw KMSError("cannot compute a key check value: \(error)")
        }
    }
}
