/// A transit ciphertext, `vault:v<N>:<payload>`, with its key version parsed out.
///
/// The payload after the second `:` is opaque to clients (for AES-GCM keys it is the base64
/// of nonce, ciphertext and tag). `v0` reads as version 1, as Vault does.
public struct VaultCiphertext: Hashable, Sendable, CustomStringConvertible {
    /// The whole text, as Vault gave it.
    public let text: String
    /// The key version that made it (1 or more).
    public let keyVersion: Int
    /// Everything after `vault:vN:`.
    public var payload: Substring { text[text.index(text.startIndex, offsetBy: prefixLength)...] }

    private let prefixLength: Int

    /// Parses `vault:vN:payload`.
    ///
    /// - Throws: `.invalidCiphertext` when the prefix is not `vault:`, the version is not a
    ///   decimal number, or the payload is empty.
    public init(_ text: String) throws(VaultError) {
        let fields = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "vault" else {
            throw VaultError(.invalidCiphertext, message: "a transit ciphertext starts with `vault:vN:`")
        }
        let version = fields[1]
        guard version.first == "v", version.count >= 2, version.count <= 10,
              version.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(version.dropFirst())
        else {
            throw VaultError(.invalidCiphertext, message: "the ciphertext's version field `\(version.prefix(12))` is not `v` and a number")
        }
        guard !fields[2].isEmpty else { throw VaultError(.invalidCiphertext, message: "the ciphertext has no payload after its version") }
        self.text = text
        self.keyVersion = max(number, 1)
        self.prefixLength = fields[0].count + fields[1].count + 2
    }

    public var description: String { text }
}
