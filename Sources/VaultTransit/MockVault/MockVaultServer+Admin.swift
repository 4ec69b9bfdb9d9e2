import Synchronization

extension MockVaultServer {
    /// How a token made by `makeToken` behaves.
    public struct TokenOptions: Sendable {
        public var policies: [String]
        /// Seconds; `nil` uses the default lease TTL (768h), or no expiry for `root`.
        public var ttl: Int?
        /// Seconds; a periodic token goes back to this on every renewal.
        public var period: Int?
        public var explicitMaxTTL = 0
        public var renewable = true
        /// A batch token (not renewable, no accessor).
        public var batch = false
        public var namespace = ""

        public init(policies: [String], ttl: Int? = nil, period: Int? = nil, renewable: Bool = true, batch: Bool = false, namespace: String = "") {
            self.policies = policies
            self.ttl = ttl
            self.period = period
            self.renewable = renewable
            self.batch = batch
            self.namespace = namespace
        }
    }

    /// Issues a token and returns it (a test credential; callers must not log it).
    public func makeToken(_ options: TokenOptions) -> String {
        let namespace = MockVaultStore.normalise(namespace: options.namespace)
        return state.withLock { store in
            var policies = options.policies
            if !policies.contains("root"), !policies.contains("default") { policies.insert("default", at: 0) }
            return store.issueToken(
                namespace: namespace, policies: policies, kind: options.batch ? .batch : .service, ttl: options.ttl, period: options.period,
                explicitMaxTTL: options.explicitMaxTTL, renewable: options.renewable).id
        }
    }

    /// A root token (all capabilities, no expiry) in `namespace`.
    public func makeRootToken(namespace: String = "") -> String {
        makeToken(TokenOptions(policies: ["root"], namespace: namespace))
    }

    /// Creates a namespace (and its parents), with a `transit` and an `approle` mount.
    public func createNamespace(_ path: String) {
        let parts = MockVaultStore.normalise(namespace: path).split(separator: "/")
        state.withLock { store in
            for count in parts.indices {
                let name = parts[...count].joined(separator: "/")
                if store.namespaces[name] == nil { store.namespaces[name] = MockNamespace() }
            }
        }
    }

    /// Mounts another transit engine at `mount` in `namespace`.
    public func enableTransit(mount: String, namespace: String = "") throws(VaultError) {
        try edit(namespace) { $0.transit[MockVaultStore.normalise(namespace: mount)] = $0.transit[MockVaultStore.normalise(namespace: mount)] ?? [:] }
    }

    /// Mounts another AppRole method at `auth/<mount>` in `namespace`.
    public func enableAppRole(mount: String, namespace: String = "") throws(VaultError) {
        try edit(namespace) { $0.appRoles[MockVaultStore.normalise(namespace: mount)] = $0.appRoles[MockVaultStore.normalise(namespace: mount)] ?? [:] }
    }

    /// Creates an AES-GCM transit key (version 1).
    public func createKey(_ name: String, type: String = "aes256-gcm96", exportable: Bool = false, namespace: String = "", mount: String = "transit") throws(VaultError) {
        let now = state.withLock { $0.now }
        let key: MockTransitKey
        do {
            key = try MockTransitKey(name: name, type: type, exportable: exportable, now: now)
        } catch {
            throw VaultError(.invalidRequest, message: error.errors.joined(separator: ", "))
        }
        try edit(namespace) { namespaceState in
            guard namespaceState.transit[mount] != nil else { return "no transit mount at \(mount)" }
            namespaceState.transit[mount]?[name] = key
            return nil
        }
    }

    /// Writes an ACL policy from its HCL text (`path "..." { capabilities = [...] }`).
    public func writePolicy(_ name: String, hcl: String, namespace: String = "") throws(VaultError) {
        let policy: MockVaultPolicy
        do {
            policy = try MockVaultPolicy(hcl: hcl)
        } catch {
            throw VaultError(.invalidRequest, message: error.errors.joined(separator: ", "))
        }
        try edit(namespace) { $0.policies[name] = policy }
    }

    /// An AppRole's settings for `createAppRole`.
    public struct AppRoleOptions: Sendable {
        public var policies: [String]
        public var tokenTTL = 0
        public var tokenMaxTTL = 0
        public var tokenPeriod = 0
        public var batchTokens = false
        public var namespace = ""
        public var mount = "approle"

        public init(policies: [String], tokenTTL: Int = 0, tokenMaxTTL: Int = 0, batchTokens: Bool = false, namespace: String = "", mount: String = "approle") {
            self.policies = policies
            self.tokenTTL = tokenTTL
            self.tokenMaxTTL = tokenMaxTTL
            self.batchTokens = batchTokens
            self.namespace = namespace
            self.mount = mount
        }
    }

    /// Creates an AppRole and one secret ID; returns both IDs (test credentials).
    public func createAppRole(_ name: String, _ options: AppRoleOptions) throws(VaultError) -> (roleID: String, secretID: String) {
        var role = MockAppRole(name: name, roleID: MockVaultIDs.uuid())
        role.tokenPolicies = options.policies
        role.tokenTTL = options.tokenTTL
        role.tokenMaxTTL = options.tokenMaxTTL
        role.tokenPeriod = options.tokenPeriod
        role.tokenType = options.batchTokens ? .batch : .service
        let secretID = MockVaultIDs.uuid()
        role.secretIDs[secretID] = .some(nil)
        try edit(options.namespace) { namespaceState in
            guard namespaceState.appRoles[options.mount] != nil else { return "no AppRole mount at auth/\(options.mount)" }
            namespaceState.appRoles[options.mount]?[name] = role
            return nil
        }
        return (role.roleID, secretID)
    }

    /// Revokes a token at once.
    public func revoke(token: String) {
        _ = state.withLock { $0.tokens.removeValue(forKey: token) }
    }

    /// Moves the mock's clock forward (tokens expire without waiting).
    public func advanceClock(seconds: Int) {
        state.withLock { $0.clockOffset += Int64(seconds) }
    }

    /// Seals or unseals: sealed, every call but `sys/health` answers 503.
    public func setSealed(_ sealed: Bool) {
        state.withLock { $0.sealed = sealed }
    }

    /// Makes the next `count` requests whose namespace-relative path starts with `pathPrefix`
    /// answer `status` (429, 500, 502, 503, 412, ...), with `Retry-After` when given.
    public func injectFailure(status: Int, count: Int = 1, pathPrefix: String = "", retryAfter: Int? = nil) {
        state.withLock { $0.faults.append(MockVaultFault(status: status, count: count, pathPrefix: pathPrefix, retryAfter: retryAfter)) }
    }

    /// Holds back the answers to the next `count` matching requests by `milliseconds`.
    public func injectDelay(milliseconds: Int, count: Int = 1, pathPrefix: String = "") {
        state.withLock { $0.faults.append(MockVaultFault(status: nil, count: count, pathPrefix: pathPrefix, delayMilliseconds: milliseconds)) }
    }

    /// The requests so far, as `METHOD path` (namespace-relative; never tokens).
    public var requestLog: [String] { state.withLock { $0.requestLog } }

    /// Changes the system max TTL and the default token TTL (seconds).
    public func setLeaseLimits(maxTTL: Int, defaultTTL: Int) {
        state.withLock {
            $0.maxLeaseTTL = maxTTL
            $0.defaultLeaseTTL = defaultTTL
        }
    }

    /// Runs `change` on a namespace; it returns an error text or `nil` (or nothing).
    private func edit(_ namespace: String, _ change: (inout MockNamespace) -> String?) throws(VaultError) {
        let name = MockVaultStore.normalise(namespace: namespace)
        let problem: String? = state.withLock { store in
            guard var namespaceState = store.namespaces[name] else { return "no namespace `\(name)`" }
            let problem = change(&namespaceState)
            store.namespaces[name] = namespaceState
            return problem
        }
        if let problem { throw VaultError(.configuration, message: problem) }
    }

    private func edit(_ namespace: String, _ change: (inout MockNamespace) -> Void) throws(VaultError) {
        try edit(namespace) { (namespaceState: inout MockNamespace) -> String? in
            change(&namespaceState)
            return nil
        }
    }
}
