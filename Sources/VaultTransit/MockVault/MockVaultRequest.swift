import Foundation

/// One API request to the mock, after HTTP parsing: the verb (`LIST` for `?list=true`), the
/// path after `/v1/` split from its query, the token and namespace headers, and the JSON body
/// with `null` members dropped.
struct MockVaultRequest {
    var method: String
    var path: String
    var query: [String: String]
    var token: String?
    var namespaceHeader: String?
    var body: MockVaultBody

    /// Builds a request; throws 400 for a body that is not a JSON object.
    init(method: String, uri: String, token: String?, namespace: String?, body: [UInt8]) throws(MockVaultFailure) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(keyValue[0]).removingPercentEncoding ?? String(keyValue[0])
                query[key] = keyValue.count == 2 ? (String(keyValue[1]).removingPercentEncoding ?? String(keyValue[1])) : ""
            }
        }
        var path = String(parts[0])
        guard path.hasPrefix("/v1/") else { throw .noRoute(path) }
        path = String(path.dropFirst(4)).removingPercentEncoding ?? String(path.dropFirst(4))
        while path.hasSuffix("/") { path.removeLast() }
        self.method = method == "GET" && MockVaultBody.flag(query["list"]) ? "LIST" : method
        self.path = path
        self.query = query
        self.token = token
        self.namespaceHeader = namespace
        self.body = try MockVaultBody(body)
    }
}

/// A request's JSON object with typed, Vault-tolerant accessors (numbers as strings,
/// booleans as strings, `null` as absent).
struct MockVaultBody {
    var fields: [String: Any]

    init(_ bytes: [UInt8]) throws(MockVaultFailure) {
        guard !bytes.isEmpty else {
            fields = [:]
            return
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes)), let object = value as? [String: Any] else {
            throw .badRequest("failed to parse JSON input: the body is not a JSON object")
        }
        fields = object.filter { !($0.value is NSNull) }
    }

    init(fields: [String: Any]) {
        self.fields = fields.filter { !($0.value is NSNull) }
    }

    func string(_ key: String) throws(MockVaultFailure) -> String? {
        guard let value = fields[key] else { return nil }
        guard let text = value as? String else { throw .badRequest("\(key): expected a string") }
        return text
    }

    func int(_ key: String) throws(MockVaultFailure) -> Int? {
        guard let value = fields[key] else { return nil }
        if let number = value as? Int { return number }
        if let text = value as? String, let number = Int(text) { return number }
        if let number = value as? Double, let whole = Int(exactly: number) { return whole }
        throw .badRequest("\(key): expected a whole number")
    }

    func bool(_ key: String) throws(MockVaultFailure) -> Bool? {
        guard let value = fields[key] else { return nil }
        if let flag = value as? Bool { return flag }
        if let text = value as? String, ["true", "false", "1", "0"].contains(text.lowercased()) { return MockVaultBody.flag(text) }
        throw .badRequest("\(key): expected true or false")
    }

    func duration(_ key: String) throws(MockVaultFailure) -> Int? {
        try MockVaultDuration.seconds(fields[key], field: key)
    }

    /// A duration under its current name, else under its legacy name (`token_period` / `period`).
    func duration(_ key: String, legacy: String) throws(MockVaultFailure) -> Int? {
        if let value = try duration(key) { return value }
        return try duration(legacy)
    }

    /// A list of strings, or a comma-separated string (Vault accepts both for policies).
    func strings(_ key: String) throws(MockVaultFailure) -> [String]? {
        guard let value = fields[key] else { return nil }
        if let text = value as? String { return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        guard let list = value as? [Any], case let strings = list.compactMap({ $0 as? String }), strings.count == list.count else {
            throw .badRequest("\(key): expected a list of strings")
        }
        return strings
    }

    func base64(_ key: String) throws(MockVaultFailure) -> [UInt8]? {
        guard let text = try string(key) else { return nil }
        guard let bytes = Data(base64Encoded: text) else { throw .badRequest("failed to base64-decode \(key)") }
        return [UInt8](bytes)
    }

    /// `batch_input`: a list of objects, at most 10 000.
    func batch() throws(MockVaultFailure) -> [MockVaultBody]? {
        guard let value = fields["batch_input"] else { return nil }
        guard let list = value as? [Any], list.count <= 10_000 else { throw .badRequest("batch_input: expected a list of at most 10000 objects") }
        var items: [MockVaultBody] = []
        for element in list {
            guard let object = element as? [String: Any] else { throw .badRequest("batch_input: expected a list of objects") }
            items.append(MockVaultBody(fields: object))
        }
        return items
    }

    /// Query booleans as hvac sends them: `True`, `true` or `1`.
    static func flag(_ text: String?) -> Bool {
        guard let text = text?.lowercased() else { return false }
        return text == "true" || text == "1" || text == "t"
    }
}
