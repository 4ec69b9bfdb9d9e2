import KMIPCrypto

/// The wrappers a command can use: the configured KMS (if any) and local encryption. It
/// unlocks a filesystem by trying its wrappings newest first, so that a rewrap that stopped
/// half way (KMS down, process killed) still leaves every key readable.
struct KeyRing: Sendable {
    let state: KMSState
    let configuration: KMSConfiguration?
    /// The configured KMS, wrapping with its configured key.
    let kms: (any KeyWrapper)?

    init(state: KMSState, configuration: KMSConfiguration?) throws(KMSError) {
        self.state = state
        self.configuration = configuration
        kms = try configuration.map { (configuration) throws(KMSError) in try Self.wrapper(configuration) }
    }

    /// A wrapper for `configuration`, wrapping with `keyIdentifier` (default: the configured key).
    static func wrapper(_ configuration: KMSConfiguration, keyIdentifier: String? = nil) throws(KMSError) -> any KeyWrapper {
        switch configuration.type {
        case .kmip: return try KMIPKeyWrapper(configuration, keyIdentifier: keyIdentifier)
        case .vault:
            if let keyIdentifier, keyIdentifier != configuration.keyIdentifier { throw KMSError("vault rewraps within one key") }
            return try VaultKeyWrapper(configuration)
        }
    }

    func local() throws(KMSError) -> LocalKeyWrapper {
        LocalKeyWrapper(key: try state.localKey())
    }

    /// The wrapper new filesystem keys get: the KMS, or local encryption without one.
    func current() throws(KMSError) -> any KeyWrapper {
        if let kms { return kms }
        return try local()
    }

    /// Runs `body` with the wrapper `filesystem` uses: its own Vault key when it has one (and
    /// `ownKey`), else `cluster` (default: the configured KMS, or local encryption without one).
    func withWrapper<T>(
        for filesystem: Filesystem, ownKey: Bool = true, cluster: (any KeyWrapper)? = nil, _ body: (any KeyWrapper) async throws -> T
    ) async throws -> T {
        if ownKey, let own = try ownWrapper(filesystem) {
            return try await closing([own]) { try await body(own) }
        }
        return try await body(try cluster ?? current())
    }

    /// A wrapper for the filesystem's own Vault key, or `nil` when it uses the cluster key.
    private func ownWrapper(_ filesystem: Filesystem) throws(KMSError) -> VaultKeyWrapper? {
        guard let configuration, configuration.type == .vault, let custom = filesystem.custom else { return nil }
        return try VaultKeyWrapper(configuration.applying(custom))
    }

    private func wrapper(for wrapping: Wrapping) throws(KMSError) -> any KeyWrapper {
        if wrapping.scheme == .local { return try local() }
        guard let kms, kms.scheme == wrapping.scheme else {
            throw KMSError("its key is wrapped by a \(wrapping.scheme.rawValue) KMS, and none is configured")
        }
        return kms
    }

    /// The filesystem's data key and the wrapping that gave it, checked against the key
    /// check value; the newest wrapping's error when none unwraps.
    func unwrap(_ filesystem: Filesystem) async throws(KMSError) -> (key: SecretBytes, wrapping: Wrapping) {
        guard filesystem.encrypted, !filesystem.wrappings.isEmpty else { throw KMSError("'\(filesystem.name)' is not encrypted") }
        var firstError: KMSError?
        for wrapping in filesystem.wrappings.reversed() {
            do throws(KMSError) {
                let key: SecretBytes
                if let configuration, wrapping.scheme == .vault, filesystem.custom != nil,
                   wrapping.keyIdentifier != configuration.keyIdentifier || wrapping.namespace != configuration.namespace,
                   let own = try ownWrapper(filesystem) {
                    do {
                        key = try await closing([own]) { try await own.unwrap(wrapping, for: filesystem.name) }
                    } catch {
                        throw error as? KMSError ?? KMSError("\(error)")
                    }
                } else {
                    key = try await wrapper(for: wrapping).unwrap(wrapping, for: filesystem.name)
                }
                guard key.count == DataKey.length, try DataKey.check(key) == filesystem.keyCheck else {
                    throw KMSError("the key unwrapped with \(wrapping.keyIdentifier) is not the filesystem's key")
                }
                return (key, wrapping)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        throw firstError ?? KMSError("'\(filesystem.name)' has no wrapped key")
    }

    /// Unwraps with whatever wrapping works and wraps again with `target`.
    /// With Vault and the same key: transit rewrap (Vault alone sees the key).
    func rewrap(_ filesystem: Filesystem, with target: any KeyWrapper) async throws(KMSError) -> Wrapping {
        if let vault = target as? VaultKeyWrapper, let current = filesystem.current, vault.usesKey(of: current) {
            return try await vault.rewrap(current)
        }
        return try await target.wrap(try await unwrap(filesystem).key, for: filesystem.name)
    }

    /// Proves `wrapper` works: wraps a random test key and unwraps it again.
    static func prove(_ wrapper: any KeyWrapper) async throws(KMSError) {
        if let vault = wrapper as? VaultKeyWrapper { try await vault.checkKey() }
        let probe = try DataKey.generate()
        let wrapped = try await wrapper.wrap(probe, for: "kms-probe")
        guard try await wrapper.unwrap(wrapped, for: "kms-probe") == probe else {
            throw KMSError("the KMS unwrapped a test key to different bytes")
        }
    }

    func close() async {
        await kms?.close()
    }
}

/// Runs `body`, then closes `wrappers` whether it threw or not.
func closing<T>(_ wrappers: [any KeyWrapper], _ body: () async throws -> T) async throws -> T {
    do {
        let result = try await body()
        for wrapper in wrappers { await wrapper.close() }
        return result
    } catch {
        for wrapper in wrappers { await wrapper.close() }
        throw error
    }
}
