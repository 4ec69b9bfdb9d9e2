import Foundation
import KMIPCrypto
import NIOHTTP1

extension VaultClient {
    /// `GET <transit>/keys/:name`: versions, minimum versions, capabilities.
    ///
    /// - Throws: `.notFound` when there is no such key (or the policy hides it).
    public func readKey(_ name: String) async throws(VaultError) -> TransitKey {
        let path = try transitPath("keys", name)
        let response = try await call(.GET, path, idempotent: true)
        return try VaultResponseParser.transitKey(response.body, path: path)
    }

    /// `<transit>/encrypt/:key` of one plaintext (sent base64).
    ///
    /// - Parameters:
    ///   - keyVersion: the key version to use (`nil`: the latest).
    ///   - context: the derivation context, for derived keys.
    public func encrypt(key: String, plaintext: [UInt8], context: [UInt8]? = nil, keyVersion: Int? = nil) async throws(VaultError) -> TransitEncryption {
        let path = try transitPath("encrypt", key)
        var json: [String: any Sendable] = ["plaintext": Data(plaintext).base64EncodedString()]
        if let context { json["context"] = Data(context).base64EncodedString() }
        if let keyVersion { json["key_version"] = keyVersion }
        let response = try await call(.POST, path, json: json, idempotent: false)
        return try VaultResponseParser.encryption(response.body, path: path)
    }

    /// `<transit>/encrypt/:key` of many plaintexts in one request; one result per item, in
    /// order (Vault answers 400 when some items failed, and the others still count).
    public func encrypt(key: String, batch: [TransitBatchEncryptItem]) async throws(VaultError) -> [Result<TransitEncryption, VaultError>] {
        let path = try transitPath("encrypt", key)
        let items: [[String: any Sendable]] = batch.map { item in
            var json: [String: any Sendable] = ["plaintext": Data(item.plaintext).base64EncodedString()]
            if let context = item.context { json["context"] = Data(context).base64EncodedString() }
            if let version = item.keyVersion { json["key_version"] = version }
            if let reference = item.reference { json["reference"] = reference }
            return json
        }
        let response = try await call(.POST, path, json: ["batch_input": items], idempotent: false, acceptStatuses: [400])
        return try batchAnswer(response, path: path, read: VaultResponseParser.batchEncryption)
    }

    /// `<transit>/decrypt/:key`: the plaintext, as key material.
    ///
    /// - Throws: `.invalidCiphertext` (malformed, tampered, other key), `.keyVersionTooOld`
    ///   (below `min_decryption_version`), `.keyVersionTooNew`.
    public func decrypt(key: String, ciphertext: VaultCiphertext, context: [UInt8]? = nil) async throws(VaultError) -> SecretBytes {
        let path = try transitPath("decrypt", key)
        var json: [String: any Sendable] = ["ciphertext": ciphertext.text]
        if let context { json["context"] = Data(context).base64EncodedString() }
        let response = try await call(.POST, path, json: json, idempotent: true)
        return SecretBytes(try VaultResponseParser.plaintext(response.body, path: path))
    }

    /// `<transit>/decrypt/:key` of many ciphertexts; one plaintext or error per item, in order.
    public func decrypt(key: String, batch: [VaultCiphertext]) async throws(VaultError) -> [Result<SecretBytes, VaultError>] {
        let path = try transitPath("decrypt", key)
        let items: [[String: any Sendable]] = batch.map { ["ciphertext": $0.text] }
        let response = try await call(.POST, path, json: ["batch_input": items], idempotent: true, acceptStatuses: [400])
        let plain = try batchAnswer(response, path: path, read: VaultResponseParser.batchDecryption)
        return plain.map { $0.map { SecretBytes($0) } }
    }

    /// `<transit>/rewrap/:key`: the same plaintext under `keyVersion` (`nil`: the latest),
    /// without it leaving Vault.
    public func rewrap(key: String, ciphertext: VaultCiphertext, context: [UInt8]? = nil, keyVersion: Int? = nil) async throws(VaultError) -> TransitEncryption {
        let path = try transitPath("rewrap", key)
        var json: [String: any Sendable] = ["ciphertext": ciphertext.text]
        if let context { json["context"] = Data(context).base64EncodedString() }
        if let keyVersion { json["key_version"] = keyVersion }
        let response = try await call(.POST, path, json: json, idempotent: false)
        return try VaultResponseParser.encryption(response.body, path: path)
    }

    /// `<transit>/rewrap/:key` of many ciphertexts to `keyVersion` (`nil`: the latest); one
    /// result per item, in order.
    public func rewrap(key: String, batch: [VaultCiphertext], keyVersion: Int? = nil) async throws(VaultError) -> [Result<TransitEncryption, VaultError>] {
        let path = try transitPath("rewrap", key)
        let items: [[String: any Sendable]] = batch.map { ciphertext in
            var json: [String: any Sendable] = ["ciphertext": ciphertext.text]
            if let keyVersion { json["key_version"] = keyVersion }
            return json
        }
        let response = try await call(.POST, path, json: ["batch_input": items], idempotent: false, acceptStatuses: [400])
        return try batchAnswer(response, path: path, read: VaultResponseParser.batchEncryption)
    }

    /// `POST <transit>/keys/:name` (admin): creates a key; re-creating an existing one
    /// changes nothing.
    public func createKey(_ name: String, type: String = "aes256-gcm96", exportable: Bool = false) async throws(VaultError) {
        let path = try transitPath("keys", name)
        _ = try await call(.POST, path, json: ["type": type, "exportable": exportable], idempotent: false)
    }

    /// `POST <transit>/keys/:name/rotate` (admin): adds a key version; returns the key.
    @discardableResult
    public func rotateKey(_ name: String) async throws(VaultError) -> TransitKey {
        _ = try await call(.POST, try transitPath("keys", name) + "/rotate", idempotent: false)
        return try await readKey(name)
    }

    /// `POST <transit>/keys/:name/config` (admin): minimum versions, deletion, export.
    @discardableResult
    public func configureKey(_ name: String, _ update: TransitKeyConfigUpdate) async throws(VaultError) -> TransitKey {
        var json: [String: any Sendable] = [:]
        if let value = update.minDecryptionVersion { json["min_decryption_version"] = value }
        if let value = update.minEncryptionVersion { json["min_encryption_version"] = value }
        if let value = update.deletionAllowed { json["deletion_allowed"] = value }
        if let value = update.exportable { json["exportable"] = value }
        _ = try await call(.POST, try transitPath("keys", name) + "/config", json: json, idempotent: false)
        return try await readKey(name)
    }

    /// `sys/health` (no token): whether Vault is initialised, sealed or a standby. Answers
    /// with any of the health statuses are returned, not thrown.
    public func health() async throws(VaultError) -> VaultHealth {
        let path = "sys/health"
        let response = try await call(.GET, path, idempotent: true, tokenUse: .none, acceptStatuses: [429, 472, 473, 501, 503])
        return try VaultResponseParser.health(status: response.status, body: response.body, path: path)
    }

    // MARK: Helpers

    private func transitPath(_ operation: String, _ key: String) throws(VaultError) -> String {
        "\(try Self.mountPath(configuration.transitMount))/\(operation)/\(try Self.segment(key, what: "key name"))"
    }

    /// A batch answer is 200 or 400 with `batch_results`; a 400 without them is an error.
    private func batchAnswer<T>(
        _ response: HTTPResponse, path: String, read: ([UInt8], String) throws(VaultError) -> [Result<T, VaultError>]
    ) throws(VaultError) -> [Result<T, VaultError>] {
        do {
            return try read(response.body, path)
        } catch {
            try VaultResponseParser.check(status: response.status, body: response.body, path: path)
            throw error
        }
    }
}
