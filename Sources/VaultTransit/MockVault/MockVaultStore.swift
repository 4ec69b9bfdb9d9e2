import Foundation

/// Everything one namespace of the mock holds.
struct MockNamespace: Sendable {
    /// Transit mount path to its keys.
    var transit: [String: [String: MockTransitKey]] = ["transit": [:]]
    /// AppRole mount path to its roles.
    var appRoles: [String: [String: MockAppRole]] = ["approle": [:]]
    var policies: [String: MockVaultPolicy] = [:]
    var tokenRoles: [String: MockTokenRole] = [:]
}

/// A fault the tests asked for: the next `count` requests whose path starts with `pathPrefix`
/// get `status`, or (with no status) an answer held back `delayMilliseconds`.
struct MockVaultFault: Sendable {
    var status: Int?
    var count: Int
    var pathPrefix: String
    var retryAfter: Int?
    var delayMilliseconds: Int?
}

/// The mock's whole state; every request runs against it under one lock.
struct MockVaultStore: Sendable {
    var namespaces: [String: MockNamespace] = ["": MockNamespace()]
    var tokens: [String: MockVaultToken] = [:]
    var sealed = false
    /// Seconds added to the wall clock, so tests can make tokens expire without waiting.
    var clockOffset: Int64 = 0
    /// The system max TTL (Vault's default 768h).
    var maxLeaseTTL = 768 * 3600
    /// The TTL of tokens made without one.
    var defaultLeaseTTL = 768 * 3600
    var faults: [MockVaultFault] = []
    /// "METHOD path" of each request (namespace-relative path; never a token).
    var requestLog: [String] = []

    /// Whole seconds, rounded up, so a token never expires before its full TTL has passed.
    var now: Int64 { Int64(Date().timeIntervalSince1970.rounded(.up)) + clockOffset }

    /// Trims `/` from both ends of a namespace path.
    static func normalise(namespace: String?) -> String {
        guard let namespace else { return "" }
        return namespace.split(separator: "/").joined(separator: "/")
    }

    /// Resolves the namespace from the header and any path prefix, and returns it with the
    /// path relative to it.
    func resolve(header: String?, path: String) throws(MockVaultFailure) -> (namespace: String, path: String) {
        var namespace = Self.normalise(namespace: header)
        guard namespaces[namespace] != nil else { throw .noRoute(path) }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while segments.count > 1 {
            let candidate = namespace.isEmpty ? segments[0] : namespace + "/" + segments[0]
            guard namespaces[candidate] != nil else { break }
            namespace = candidate
            segments.removeFirst()
        }
        return (namespace, segments.joined(separator: "/"))
    }

    /// Issues a token in `namespace`.
    mutating func issueToken(
        namespace: String, policies: [String], kind: MockVaultToken.Kind = .service, ttl: Int? = nil, period: Int? = nil,
        explicitMaxTTL: Int = 0, maxTTL: Int? = nil, renewable: Bool = true, displayName: String = "token", role: String? = nil,
        path: String = "auth/token/create", meta: [String: String] = [:]
    ) -> MockVaultToken {
        let now = self.now
        let isRoot = policies.contains("root")
        var lifetime = period ?? ttl ?? (isRoot ? 0 : defaultLeaseTTL)
        let effectiveMax = min(maxTTL.map { $0 > 0 ? $0 : maxLeaseTTL } ?? maxLeaseTTL, maxLeaseTTL)
        if period == nil, !isRoot || lifetime > 0 { lifetime = min(lifetime, effectiveMax) }
        if explicitMaxTTL > 0 { lifetime = min(lifetime == 0 ? explicitMaxTTL : lifetime, explicitMaxTTL) }
        let token = MockVaultToken(
            id: MockVaultIDs.token(kind: kind), accessor: MockVaultIDs.base62(24), namespace: namespace, policies: policies,
            kind: kind, displayName: displayName, creationTime: now, creationTTL: lifetime, lastRenewal: nil,
            expireTime: lifetime > 0 ? now + Int64(lifetime) : nil, renewable: renewable && kind == .service && lifetime > 0,
            period: period, explicitMaxTTL: explicitMaxTTL, maxTTL: effectiveMax, role: role, path: path, meta: meta)
        if tokens.count >= 10_000 { tokens = tokens.filter { !$0.value.isExpired(at: now) } }
        tokens[token.id] = token
        return token
    }

    /// The token of a request, valid in `namespace` (issued there or in a parent).
    mutating func authenticate(_ id: String?, namespace: String) throws(MockVaultFailure) -> MockVaultToken {
        guard let id, !id.isEmpty, let token = tokens[id] else { throw .invalidToken }
        if token.isExpired(at: now) {
            tokens[id] = nil
            throw .invalidToken
        }
        guard token.namespace.isEmpty || namespace == token.namespace || namespace.hasPrefix(token.namespace + "/") else {
            throw .permissionDenied
        }
        return token
    }

    /// Whether `token` holds one of `capabilities` on `path` (relative to `namespace`).
    func allowed(_ token: MockVaultToken, namespace: String, path: String, anyOf capabilities: Set<String>) -> Bool {
        if token.policies.contains("root") { return true }
        // Policies live in the token's namespace; child-namespace paths carry their prefix.
        let relative = namespace == token.namespace ? "" : String(namespace.dropFirst(token.namespace.isEmpty ? 0 : token.namespace.count + 1))
        let fullPath = relative.isEmpty ? path : relative + "/" + path
        let home = namespaces[token.namespace] ?? MockNamespace()
        var granted: Set<String> = []
        for name in token.policies {
            let policy = home.policies[name] ?? (name == "default" ? MockVaultPolicy.defaultPolicy : nil)
            if let policy { granted.formUnion(policy.capabilities(on: fullPath)) }
        }
        return !granted.isDisjoint(with: capabilities)
    }
}
