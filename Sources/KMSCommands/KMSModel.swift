/// The two KMS kinds WEKA supports (rule R1).
public enum KMSType: String, Sendable, Hashable, CaseIterable {
    case vault
    case kmip
}

/// The configured KMS, as the state file holds it. Secrets (token, secret ID, client key)
/// are stored so that later commands can reach the KMS, and are never printed.
struct KMSConfiguration: Sendable, Equatable {
    var type: KMSType
    /// `host:port` for kmip, a URL for vault (R2).
    var address: String
    /// The KMIP key's Unique Identifier, or the Vault transit key's name (R3).
    var keyIdentifier: String
    var namespace: String?
    var token: String?
    var roleID: String?
    var secretID: String?
    /// PEM contents (not paths), so that moving the files later does not break the KMS.
    var clientCertificate: [UInt8]?
    var clientKey: [UInt8]?
    var caCertificate: [UInt8]?

    /// How `kms` authenticates, for display.
    var authMethod: String {
        switch type {
        case .kmip: "client certificate"
        case .vault: roleID != nil ? "approle" : "token"
        }
    }
}

/// Who wrapped a filesystem key.
enum WrappingScheme: String, Sendable, Hashable {
    /// Local encryption (`--allow-no-kms`, or after `unset --allow-downgrade`): AES key wrap
    /// under a key kept in the state file itself, so not protected by any KMS.
    case local
    case kmip
    case vault
}

/// One wrapped copy of a filesystem key.
struct Wrapping: Sendable, Equatable {
    var scheme: WrappingScheme
    /// The KMIP key UID or Vault key name that wrapped it (`local` for local encryption).
    var keyIdentifier: String
    /// The Vault namespace of a per-filesystem key.
    var namespace: String?
    var blob: [UInt8]
}

/// A filesystem's own Vault settings (per-filesystem key model, R14).
struct CustomKMSKey: Sendable, Equatable {
    var keyIdentifier: String?
    var namespace: String?
    var roleID: String?
    var secretID: String?
}

/// A filesystem; an encrypted one has a random 256-bit data key that is stored only wrapped.
struct Filesystem: Sendable, Equatable {
    var name: String
    var encrypted: Bool
    /// HMAC-SHA256 of a fixed label under the data key (16 bytes): proves an unwrap gave back
    /// the very key the filesystem was created with, without storing anything that reveals it.
    var keyCheck: [UInt8]?
    var custom: CustomKMSKey?
    /// Oldest first; the newest is the current one. Older ones exist only while a rewrap is
    /// under way (or was interrupted) and are tried when the newest cannot be unwrapped.
    var wrappings: [Wrapping] = []

    var current: Wrapping? { wrappings.last }
}

extension KMSConfiguration {
    /// The settings of a filesystem with its own Vault key: its key, namespace and AppRole
    /// where given, the cluster's otherwise.
    func applying(_ custom: CustomKMSKey?) -> KMSConfiguration {
        guard let custom, type == .vault else { return self }
        var result = self
        if let key = custom.keyIdentifier { result.keyIdentifier = key }
        if let namespace = custom.namespace { result.namespace = namespace }
        if let role = custom.roleID, let secret = custom.secretID {
            result.roleID = role
            result.secretID = secret
            result.token = nil
        }
        return result
    }
}
