import Foundation

/// Reads Vault's JSON answers: pure functions from a status and body bytes to a typed value or
/// a `VaultError`. No I/O, no state, no traps; bodies above `maxBodyBytes` are refused.
public enum VaultResponseParser {
    /// The largest body read (Vault's own request limit is 32 MiB; answers are far smaller).
    public static let maxBodyBytes = 4 << 20

    /// Throws the typed error for an error status (>= 400) from its `{"errors":[...]}` body;
    /// returns for a success status.
    public static func check(status: Int, body: [UInt8], path: String) throws(VaultError) {
        guard status >= 400 else { return }
        var errors: [String] = []
        if body.count <= maxBodyBytes, let object = try? JSONObject.parse(body, path: path), let list = object.raw["errors"] as? [Any] {
            errors = list.compactMap { $0 as? String }.map { String($0.prefix(500)) }
        }
        throw VaultError.fromStatus(status, errors: errors, path: path)
    }

    /// `GET transit/keys/:name`.
    public static func transitKey(_ body: [UInt8], path: String) throws(VaultError) -> TransitKey {
        let data = try JSONObject.parse(body, path: path).object("data")
        var versions: [Int: Int64] = [:]
        for (key, value) in (try data.optionalObject("keys")?.raw ?? [:]) {
            guard let version = Int(key), version > 0 else { throw data.bad("a key version `\(key.prefix(20))` that is not a number") }
            // Symmetric keys give a creation time; asymmetric ones an object (time inside).
            versions[version] = (value as? NSNumber).map { $0.int64Value } ?? 0
        }
        return TransitKey(
            name: try data.string("name"), type: try data.string("type"),
            latestVersion: try data.int("latest_version"),
            minDecryptionVersion: try data.optionalInt("min_decryption_version") ?? 0,
            minEncryptionVersion: try data.optionalInt("min_encryption_version") ?? 0,
            versions: versions,
            derived: try data.optionalBool("derived") ?? false,
            exportable: try data.optionalBool("exportable") ?? false,
            deletionAllowed: try data.optionalBool("deletion_allowed") ?? false,
            supportsEncryption: try data.optionalBool("supports_encryption") ?? true,
            supportsDecryption: try data.optionalBool("supports_decryption") ?? true
        )
    }

    /// `transit/encrypt/:name` or `transit/rewrap/:name` with one item.
    public static func encryption(_ body: [UInt8], path: String) throws(VaultError) -> TransitEncryption {
        try encryption(in: JSONObject.parse(body, path: path).object("data"))
    }

    /// `transit/decrypt/:name` with one item: the plaintext bytes.
    public static func plaintext(_ body: [UInt8], path: String) throws(VaultError) -> [UInt8] {
        let data = try JSONObject.parse(body, path: path).object("data")
        return try data.base64("plaintext")
    }

    /// A batch answer (`batch_results`): one result per input, in order. Vault answers 400
    /// when some item failed, so this reads bodies of any status.
    public static func batchEncryption(_ body: [UInt8], path: String) throws(VaultError) -> [Result<TransitEncryption, VaultError>] {
        try batch(body, path: path) { item throws(VaultError) in try encryption(in: item) }
    }

    /// A batch decryption answer: one plaintext or error per input, in order.
    public static func batchDecryption(_ body: [UInt8], path: String) throws(VaultError) -> [Result<[UInt8], VaultError>] {
        try batch(body, path: path) { item throws(VaultError) in try item.base64("plaintext") }
    }

    /// `auth/token/lookup-self`.
    public static func tokenInfo(_ body: [UInt8], path: String) throws(VaultError) -> VaultTokenInfo {
        let data = try JSONObject.parse(body, path: path).object("data")
        return VaultTokenInfo(
            accessor: try data.optionalString("accessor"),
            policies: try data.optionalStrings("policies") ?? [],
            ttl: try data.int("ttl"),
            creationTTL: try data.optionalInt("creation_ttl") ?? 0,
            renewable: try data.optionalBool("renewable") ?? false,
            period: try data.optionalInt("period"),
            explicitMaxTTL: try data.optionalInt("explicit_max_ttl") ?? 0,
            expireTime: try data.optionalString("expire_time"),
            type: try data.optionalString("type") ?? "service",
            displayName: try data.optionalString("display_name"),
            namespacePath: try data.optionalString("namespace_path") ?? ""
        )
    }

    /// A login or renewal: the `auth` block and the warnings.
    public static func auth(_ body: [UInt8], path: String) throws(VaultError) -> VaultAuth {
        let root = try JSONObject.parse(body, path: path)
        let auth = try root.object("auth")
        let token = try auth.string("client_token")
        guard !token.isEmpty else { throw auth.bad("an empty client_token") }
        return VaultAuth(
            clientToken: token,
            accessor: try auth.optionalString("accessor"),
            policies: try auth.optionalStrings("policies") ?? [],
            leaseDuration: try auth.int("lease_duration"),
            renewable: try auth.optionalBool("renewable") ?? false,
            tokenType: try auth.optionalString("token_type"),
            warnings: try root.optionalStrings("warnings") ?? []
        )
    }

    /// `sys/health` (its body comes with 200, 429, 472, 473, 501 or 503).
    public static func health(status: Int, body: [UInt8], path: String) throws(VaultError) -> VaultHealth {
        let root = try JSONObject.parse(body, path: path)
        return VaultHealth(
            initialized: try root.optionalBool("initialized") ?? false,
            sealed: try root.optionalBool("sealed") ?? false,
            standby: try root.optionalBool("standby") ?? false,
            version: try root.optionalString("version"),
            clusterName: try root.optionalString("cluster_name"),
            status: status
        )
    }

    // MARK: Shared pieces

    private static func encryption(in data: JSONObject) throws(VaultError) -> TransitEncryption {
        let text = try data.string("ciphertext")
        let ciphertext: VaultCiphertext
        do {
            ciphertext = try VaultCiphertext(text)
        } catch {
            throw data.bad("a ciphertext that is not `vault:vN:...`")
        }
        return TransitEncryption(ciphertext: ciphertext, keyVersion: try data.optionalInt("key_version") ?? ciphertext.keyVersion)
    }

    private static func batch<T>(
        _ body: [UInt8], path: String, item read: (JSONObject) throws(VaultError) -> T
    ) throws(VaultError) -> [Result<T, VaultError>] {
        let items = try JSONObject.parse(body, path: path).object("data").objects("batch_results")
        var results: [Result<T, VaultError>] = []
        for item in items {
            if let message = try item.optionalString("error"), !message.isEmpty {
                results.append(.failure(VaultError.fromStatus(400, errors: [message], path: path)))
            } else {
                results.append(Result { () throws(VaultError) -> T in try read(item) })
            }
        }
        return results
    }
}

/// A JSON object read from Vault, with typed field access that throws `.badResponse`.
struct JSONObject {
    let raw: [String: Any]
    let path: String
    let field: String

    static func parse(_ body: [UInt8], path: String) throws(VaultError) -> JSONObject {
        guard body.count <= VaultResponseParser.maxBodyBytes else {
            throw VaultError(.badResponse, path: path, message: "the answer is \(body.count) bytes, above the \(VaultResponseParser.maxBodyBytes)-byte limit")
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(body)), let object = value as? [String: Any] else {
            throw VaultError(.badResponse, path: path, message: "the answer is not a JSON object")
        }
        return JSONObject(raw: object, path: path, field: "")
    }

    func bad(_ what: String) -> VaultError {
        VaultError(.badResponse, path: path, message: "the answer has \(what)" + (field.isEmpty ? "" : " in `\(field)`"))
    }

    private func value(_ key: String) -> Any? {
        let value = raw[key]
        return value is NSNull ? nil : value
    }

    func optionalObject(_ key: String) throws(VaultError) -> JSONObject? {
        guard let value = value(key) else { return nil }
        guard let object = value as? [String: Any] else { throw bad("`\(key)` that is not an object") }
        return JSONObject(raw: object, path: path, field: key)
    }

    func object(_ key: String) throws(VaultError) -> JSONObject {
        guard let object = try optionalObject(key) else { throw bad("no `\(key)`") }
        return object
    }

    func objects(_ key: String) throws(VaultError) -> [JSONObject] {
        guard let list = value(key) as? [Any] else { throw bad("no `\(key)` list") }
        var objects: [JSONObject] = []
        for element in list {
            guard let object = element as? [String: Any] else { throw bad("a `\(key)` item that is not an object") }
            objects.append(JSONObject(raw: object, path: path, field: key))
        }
        return objects
    }

    func optionalString(_ key: String) throws(VaultError) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value as? String else { throw bad("`\(key)` that is not a string") }
        return text
    }

    func string(_ key: String) throws(VaultError) -> String {
        guard let text = try optionalString(key) else { throw bad("no `\(key)`") }
        return text
    }

    func optionalStrings(_ key: String) throws(VaultError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let list = value as? [Any], case let strings = list.compactMap({ $0 as? String }), strings.count == list.count else {
            throw bad("`\(key)` that is not a list of strings")
        }
        return strings
    }

    func optionalInt(_ key: String) throws(VaultError) -> Int? {
        guard let value = value(key) else { return nil }
        if let number = value as? Int { return number }
        if let number = value as? Double, let whole = Int(exactly: number) { return whole }
        // Vault sends some durations as strings of seconds ("3600").
        if let text = value as? String, let number = Int(text) { return number }
        throw bad("`\(key)` that is not a whole number")
    }

    func int(_ key: String) throws(VaultError) -> Int {
        guard let number = try optionalInt(key) else { throw bad("no `\(key)`") }
        return number
    }

    func optionalBool(_ key: String) throws(VaultError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value as? Bool else { throw bad("`\(key)` that is not true or false") }
        return flag
    }

    func base64(_ key: String) throws(VaultError) -> [UInt8] {
        guard let bytes = Data(base64Encoded: try string(key)) else { throw bad("`\(key)` that is not base64") }
        return [UInt8](bytes)
    }
}
