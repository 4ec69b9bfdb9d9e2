import Foundation
import NIOHTTP1

extension VaultClient {
    /// Logs in with the configured AppRole (in the configured namespace) and keeps the token.
    ///
    /// - Throws: `.invalidCredentials` for a wrong role ID or secret ID, or the wrong
    ///   namespace; `.configuration` when the client uses a token instead.
    @discardableResult
    public func login() async throws(VaultError) -> VaultAuth {
        guard case .appRole(let roleID, let secretID, let mountPath) = configuration.authentication else {
            throw VaultError(.configuration, message: "login needs AppRole authentication; this client uses a token")
        }
        let path = "auth/\(try Self.mountPath(mountPath))/login"
        let response = try await call(.POST, path, json: ["role_id": roleID, "secret_id": secretID], idempotent: false, tokenUse: .none)
        let auth = try VaultResponseParser.auth(response.body, path: path)
        adopt(auth)
        return auth
    }

    /// `auth/token/lookup-self`: the token's policies, TTL and renewability.
    public func lookupSelf() async throws(VaultError) -> VaultTokenInfo {
        try await ensureToken()
        return try await lookupSelfNow()
    }

    /// `auth/token/renew-self`, optionally asking for `increment` seconds. Reports a renewal
    /// that did not extend the token (max TTL reached) through `onWarning` and in the
    /// returned warnings.
    ///
    /// - Throws: `.renewalFailed` for batch or non-renewable tokens.
    @discardableResult
    public func renewSelf(increment: Int? = nil) async throws(VaultError) -> VaultAuth {
        if token == nil { try await ensureToken() }
        return try await renewNow(increment: increment)
    }

    /// Renews (or logs in again) in the background, each time `renewalFraction` of the lease
    /// has passed, until `shutdown()`. Failures are reported through `onWarning` and retried
    /// at the next call.
    public func startAutomaticRenewal() {
        guard renewalTask == nil else { return }
        renewalTask = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                let wait = await self.timeUntilRenewal()
                try? await Task.sleep(for: wait)
                if Task.isCancelled { return }
                do {
                    try await self.ensureToken()
                } catch {
                    self.configuration.onWarning?("automatic token renewal failed: \(error)")
                    try? await Task.sleep(for: .seconds(5))
                }
            }
        }
    }

    private func timeUntilRenewal() -> Duration {
        guard let lease, lease.seconds > 0 else { return .seconds(60) }
        let due = lease.due(fraction: configuration.renewalFraction)
        return max(.milliseconds(50), due - ContinuousClock.now)
    }

    // MARK: State

    /// Makes sure there is a token that has not passed its renewal point: logs in (AppRole),
    /// learns the lease of a given token, or renews.
    func ensureToken() async throws(VaultError) {
        await enter(.token)
        defer { leave(.token) }
        if token == nil {
            try await login()
            return
        }
        guard let lease else {
            do {
                let info = try await lookupSelfNow()
                self.lease = Lease(start: .now, seconds: info.ttl, renewable: info.renewable)
            } catch where error.code == .permissionDenied {
                // A token without the default policy may not look itself up; it still works.
                self.lease = Lease(start: .now, seconds: 0, renewable: false)
                configuration.onWarning?("cannot look up the Vault token (\(error.message)); its expiry is unknown and it will not be renewed")
            }
            return
        }
        guard lease.seconds > 0, ContinuousClock.now >= lease.due(fraction: configuration.renewalFraction) else { return }
        let isAppRole = if case .appRole = configuration.authentication { true } else { false }
        if lease.renewable {
            do {
                let before = lease.expiry - ContinuousClock.now
                let renewed = try await renewNow(increment: nil)
                if isAppRole, Duration.seconds(renewed.leaseDuration) <= before { try await login() }
                return
            } catch {
                guard isAppRole else { throw error }
            }
        }
        if isAppRole {
            try await login()
        } else if !warnedNotRenewable {
            warnedNotRenewable = true
            configuration.onWarning?("the Vault token is not renewable and expires in \(max(0, (lease.expiry - ContinuousClock.now).components.seconds)) s; issue a new token before then")
        }
    }

    private func lookupSelfNow() async throws(VaultError) -> VaultTokenInfo {
        let path = "auth/token/lookup-self"
        let response = try await call(.GET, path, idempotent: true, tokenUse: .current)
        return try VaultResponseParser.tokenInfo(response.body, path: path)
    }

    private func renewNow(increment: Int?) async throws(VaultError) -> VaultAuth {
        let path = "auth/token/renew-self"
        var json: [String: any Sendable] = [:]
        if let increment { json["increment"] = "\(increment)s" }
        let before = lease.map { $0.expiry - ContinuousClock.now }
        let response = try await call(.POST, path, json: json, idempotent: false, tokenUse: .current)
        var auth = try VaultResponseParser.auth(response.body, path: path)
        if let before, lease?.seconds ?? 0 > 0, Duration.seconds(auth.leaseDuration) <= before + .seconds(1) {
            let warning = "token renewal did not extend its lifetime (\(auth.leaseDuration) s left; max TTL reached?); a new token or login will be needed"
            auth.warnings.append(warning)
            configuration.onWarning?(warning)
        }
        for warning in auth.warnings where !warning.hasPrefix("token renewal did not") {
            configuration.onWarning?("Vault: \(warning)")
        }
        adopt(auth)
        return auth
    }

    private func adopt(_ auth: VaultAuth) {
        token = auth.clientToken
        lease = Lease(start: .now, seconds: auth.leaseDuration, renewable: auth.renewable)
        warnedNotRenewable = false
    }
}
