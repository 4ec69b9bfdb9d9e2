/// A transit key as `GET transit/keys/:name` describes it (never its material).
public struct TransitKey: Hashable, Sendable {
    public var name: String
    /// `aes256-gcm96`, `aes128-gcm96`, `chacha20-poly1305`, ...
    public var type: String
    public var latestVersion: Int
    /// Ciphertexts below this version cannot be decrypted (0 or 1: all can).
    public var minDecryptionVersion: Int
    /// Encryption below this version is refused (0: any).
    public var minEncryptionVersion: Int
    /// Version number to creation time (Unix seconds).
    public var versions: [Int: Int64]
    public var derived: Bool
    public var exportable: Bool
    public var deletionAllowed: Bool
    public var supportsEncryption: Bool
    public var supportsDecryption: Bool
}

/// The result of one encryption or rewrap.
public struct TransitEncryption: Hashable, Sendable {
    public var ciphertext: VaultCiphertext
    /// The key version used (Vault's `key_version`, or the ciphertext's when Vault omits it).
    public var keyVersion: Int
}

/// One item of a batch encryption.
public struct TransitBatchEncryptItem: Sendable {
    public var plaintext: [UInt8]
    public var context: [UInt8]?
    public var keyVersion: Int?
    /// Echoed back by Vault, to match results to inputs.
    public var reference: String?

    public init(plaintext: [UInt8], context: [UInt8]? = nil, keyVersion: Int? = nil, reference: String? = nil) {
        self.plaintext = plaintext
        self.context = context
        self.keyVersion = keyVersion
        self.reference = reference
    }
}

/// What `lookup-self` says about the client's token (never the token itself).
public struct VaultTokenInfo: Hashable, Sendable {
    public var accessor: String?
    public var policies: [String]
    /// Seconds left (0 for a token that never expires).
    public var ttl: Int
    /// The TTL the token was created with, in seconds.
    public var creationTTL: Int
    public var renewable: Bool
    /// Seconds; set for periodic tokens.
    public var period: Int?
    public var explicitMaxTTL: Int
    /// RFC 3339, or `nil` for a token that never expires.
    public var expireTime: String?
    /// `service` or `batch`.
    public var type: String
    public var displayName: String?
    /// The namespace the token was issued in (`""` for the root).
    public var namespacePath: String
}

/// The `auth` block a login or renewal returns.
public struct VaultAuth: Hashable, Sendable, CustomStringConvertible {
    /// The token. Never printed.
    public var clientToken: String
    public var accessor: String?
    public var policies: [String]
    /// Seconds the token is valid from now (0: no expiry).
    public var leaseDuration: Int
    public var renewable: Bool
    /// `service` or `batch`, when Vault says.
    public var tokenType: String?
    /// Vault's warnings (for example a TTL capped by the max TTL).
    public var warnings: [String]

    public var description: String {
        "VaultAuth(token: <redacted>, lease: \(leaseDuration)s, renewable: \(renewable), policies: \(policies))"
    }
}

/// `sys/health`.
public struct VaultHealth: Hashable, Sendable {
    public var initialized: Bool
    public var sealed: Bool
    public var standby: Bool
    public var version: String?
    public var clusterName: String?
    /// The HTTP status of the answer (200 active, 429 standby, 503 sealed, ...).
    public var status: Int
}

/// Changes to a key's configuration; `nil` fields are left alone.
public struct TransitKeyConfigUpdate: Sendable, Hashable {
    public var minDecryptionVersion: Int?
    public var minEncryptionVersion: Int?
    public var deletionAllowed: Bool?
    public var exportable: Bool?

    public init(minDecryptionVersion: Int? = nil, minEncryptionVersion: Int? = nil, deletionAllowed: Bool? = nil, exportable: Bool? = nil) {
        self.minDecryptionVersion = minDecryptionVersion
        self.minEncryptionVersion = minEncryptionVersion
        self.deletionAllowed = deletionAllowed
        self.exportable = exportable
    }
}
