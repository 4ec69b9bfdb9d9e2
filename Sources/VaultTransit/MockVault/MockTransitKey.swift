import Foundation
import KMIPCrypto

/// A transit key of the mock: AES-GCM versions made with OpenSSL's random generator, and
/// ciphertexts in Vault's format, `vault:vN:` + base64(12-byte nonce || ciphertext || 16-byte tag).
struct MockTransitKey: Sendable {
    /// The symmetric key types the mock implements, with their key lengths.
    static let keyLengths = ["aes256-gcm96": 32, "aes128-gcm96": 16]

    var name: String
    var type: String
    var versions: [SecretBytes] = []
    var created: [Int64] = []
    var minDecryptionVersion = 1
    var minEncryptionVersion = 0
    var deletionAllowed = false
    var exportable = false
    var allowPlaintextBackup = false

    init(name: String, type: String, exportable: Bool, now: Int64) throws(MockVaultFailure) {
        guard Self.keyLengths[type] != nil else {
            throw .badRequest("unknown key type \(type.prefix(40)) (the mock supports aes256-gcm96 and aes128-gcm96)")
        }
        self.name = name
        self.type = type
        self.exportable = exportable
        try rotate(now: now)
    }

    var latestVersion: Int { versions.count }

    mutating func rotate(now: Int64) throws(MockVaultFailure) {
        do {
            versions.append(try Random.key(Self.keyLengths[type] ?? 32))
        } catch {
            throw MockVaultFailure(status: 500, errors: ["failed to generate a key: \(error)"])
        }
        created.append(now)
    }

    /// Key information as `GET transit/keys/:name` gives it.
    var info: [String: Any] {
        var keys: [String: Any] = [:]
        for (index, time) in created.enumerated() { keys[String(index + 1)] = time }
        return [
            "name": name, "type": type, "derived": false, "deletion_allowed": deletionAllowed,
            "exportable": exportable, "allow_plaintext_backup": allowPlaintextBackup, "keys": keys,
            "latest_version": latestVersion, "min_available_version": 0,
            "min_decryption_version": minDecryptionVersion, "min_encryption_version": minEncryptionVersion,
            "supports_encryption": true, "supports_decryption": true, "supports_derivation": true,
            "supports_signing": false, "auto_rotate_period": 0, "imported_key": false, "convergent_encryption": false,
        ]
    }

    /// Encrypts under `version` (0: the latest), enforcing `min_encryption_version`.
    func encrypt(_ plaintext: [UInt8], version requested: Int, associatedData: [UInt8]?) throws(MockVaultFailure) -> (String, Int) {
        let version = requested == 0 ? latestVersion : requested
        guard requested >= 0, version <= latestVersion else {
            throw .badRequest("requested version of the base key is higher than the latest key version")
        }
        guard version >= minEncryptionVersion else {
            throw .badRequest("requested version for encryption is less than the minimum encryption key version")
        }
        do {
            let nonce = try Random.bytes(12)
            let sealed = try SymmetricCipher.encrypt(
                plaintext, key: versions[version - 1], algorithm: .aes, mode: .gcm, padding: .none, iv: nonce,
                additionalData: associatedData?.isEmpty == false ? associatedData : nil)
            let payload = nonce + sealed.ciphertext + (sealed.tag ?? [])
            return ("vault:v\(version):" + Data(payload).base64EncodedString(), version)
        } catch {
            throw MockVaultFailure(status: 500, errors: ["encryption failed: \(error)"])
        }
    }

    /// Decrypts a `vault:vN:` ciphertext with Vault's error strings for every kind of bad input.
    func decrypt(_ ciphertext: String, associatedData: [UInt8]?) throws(MockVaultFailure) -> (plaintext: SecretBytes, version: Int) {
        guard ciphertext.hasPrefix("vault:") else { throw .badRequest("invalid ciphertext: no prefix") }
        let fields = ciphertext.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else { throw .badRequest("invalid ciphertext: wrong number of fields") }
        guard fields[1].hasPrefix("v"), fields[1].count <= 10, let number = Int(fields[1].dropFirst()), number >= 0 else {
            throw .badRequest("invalid ciphertext: version number could not be decoded")
        }
        let version = max(number, 1)
        guard version <= latestVersion else { throw .badRequest("invalid ciphertext: version is too new") }
        guard version >= minDecryptionVersion else { throw .badRequest("ciphertext or signature version is disallowed by policy (too old)") }
        guard let payload = Data(base64Encoded: String(fields[2])) else { throw .badRequest("invalid ciphertext: could not decode base64") }
        let bytes = [UInt8](payload)
        guard bytes.count >= 12 + 16 else { throw .badRequest("cipher: message authentication failed") }
        do {
            let plaintext = try SymmetricCipher.decrypt(
                Array(bytes[12..<(bytes.count - 16)]), key: versions[version - 1], algorithm: .aes, mode: .gcm, padding: .none,
                iv: Array(bytes[..<12]), additionalData: associatedData?.isEmpty == false ? associatedData : nil,
                tag: Array(bytes[(bytes.count - 16)...]))
            return (SecretBytes(plaintext), version)
        } catch {
            throw .badRequest("cipher: message authentication failed")
        }
    }

    /// Applies `transit/keys/:name/config` with Vault's checks.
    mutating func configure(minDecryption: Int?, minEncryption: Int?, deletionAllowed: Bool?, exportable: Bool?) throws(MockVaultFailure) {
        var decryption = minDecryptionVersion
        var encryption = minEncryptionVersion
        if let minDecryption {
            guard minDecryption <= latestVersion else {
                throw .badRequest("cannot set min decryption version of \(minDecryption), latest key version is \(latestVersion)")
            }
            decryption = max(minDecryption, 1)
        }
        if let minEncryption {
            guard minEncryption <= latestVersion else {
                throw .badRequest("cannot set min encryption version of \(minEncryption), latest key version is \(latestVersion)")
            }
            encryption = max(minEncryption, 0)
        }
        guard encryption == 0 || encryption >= decryption else {
            throw .badRequest("cannot set min encryption/decryption values; min encryption version of \(encryption) must be greater than or equal to min decryption version of \(decryption)")
        }
        if exportable == false && self.exportable { throw .badRequest("export cannot be disabled on a key that already has it enabled") }
        minDecryptionVersion = decryption
        minEncryptionVersion = encryption
        if let deletionAllowed { self.deletionAllowed = deletionAllowed }
        if let exportable { self.exportable = self.exportable || exportable }
    }
}
