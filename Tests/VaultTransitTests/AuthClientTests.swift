import Foundation
import KMIPCrypto
import Testing
@testable import VaultTransit
import Synchronization

/// Token and AppRole authentication, namespaces, renewal and expiry against the mock.
@Suite struct AuthClientTests {
    @Test func lookupSelfDescribesTheTokenWithoutShowingIt() async throws {
        try await MockVaultFixture.withMock { mock in
            let token = mock.makeToken(.init(policies: ["weka"], ttl: 3600))
            let client = try MockVaultFixture.client(mock, .token(token))
            let info = try await client.lookupSelf()
            #expect(info.policies == ["default", "weka"])
            #expect(info.ttl > 3500 && info.ttl <= 3600)
            #expect(info.renewable)
            #expect(info.type == "service")
            #expect(info.expireTime != nil)
            #expect(!"\(info)".contains(token))
            await client.shutdown()
        }
    }

    @Test func appRoleLoginThenTransit() async throws {
        try await MockVaultFixture.withMock { mock in
            try mock.writePolicy("weka", hcl: Self.wekaPolicy)
            let role = try mock.createAppRole("weka-role", .init(policies: ["weka"], tokenTTL: 1200))
            let client = try MockVaultFixture.client(mock, .appRole(roleID: role.roleID, secretID: role.secretID))
            let auth = try await client.login()
            #expect(auth.leaseDuration == 1200)
            #expect(auth.policies == ["default", "weka"])
            #expect(!"\(auth)".contains(auth.clientToken))
            let wrapped = try await client.encrypt(key: "weka-key", plaintext: [1, 2, 3])
            #expect(try await client.decrypt(key: "weka-key", ciphertext: wrapped.ciphertext) == SecretBytes([1, 2, 3]))
            #expect(try await client.lookupSelf().policies == ["default", "weka"])
            await client.shutdown()
        }
    }

    @Test func badAppRoleCredentialsSayWhatToCheck() async throws {
        try await MockVaultFixture.withMock { mock in
            let role = try mock.createAppRole("weka-role", .init(policies: ["default"]))
            let client = try MockVaultFixture.client(mock, .appRole(roleID: role.roleID, secretID: "wrong"))
            let error = await #expect(throws: VaultError.self) { try await client.readKey("weka-key") }
            #expect(error?.code == .invalidCredentials)
            #expect(error?.description.contains("wrong namespace") == true)
            #expect(error?.description.contains("wrong") == true && error?.description.contains(role.secretID) == false)
            await client.shutdown()
        }
    }

    static let wekaPolicy = """
        # weka_policy.hcl, as the WEKA documentation gives it
        path "transit/+/weka-key" {
          capabilities = ["read", "create", "update"]
        }
        path "transit/keys/weka-key" {
          capabilities = ["read"]
        }
        """
}

/// Token lifetime: expiry, renewal at two thirds of the TTL, max-TTL caps, periodic and batch
/// tokens, AppRole re-login, namespaces and policies.
@Suite struct TokenLifetimeTests {
    @Test func tokenExpiryDuringARunGivesPermissionDenied() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeToken(.init(policies: ["root"], ttl: 3600, renewable: false))))
            _ = try await client.encrypt(key: "weka-key", plaintext: [9])
            mock.advanceClock(seconds: 3601)
            let error = await #expect(throws: VaultError.self) { try await client.encrypt(key: "weka-key", plaintext: [9]) }
            #expect(error?.code == .permissionDenied)
            #expect(error?.status == 403)
            #expect(error?.description.contains("expired or revoked") == true)
            await client.shutdown()
        }
    }

    @Test func appRoleLogsInAgainWhenItsTokenExpired() async throws {
        try await MockVaultFixture.withMock { mock in
            let role = try mock.createAppRole("weka-role", .init(policies: ["root"], tokenTTL: 3600))
            let client = try MockVaultFixture.client(mock, .appRole(roleID: role.roleID, secretID: role.secretID))
            _ = try await client.encrypt(key: "weka-key", plaintext: [9])
            mock.advanceClock(seconds: 4000)
            _ = try await client.encrypt(key: "weka-key", plaintext: [9])
            #expect(mock.requestLog.filter { $0 == "POST auth/approle/login" }.count == 2)
            await client.shutdown()
        }
    }

    @Test func renewsAtTwoThirdsOfTheTTLBeforeACall() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeToken(.init(policies: ["root"], ttl: 9))))
            let warnings = WarningLog()
            let fixed = try MockVaultFixture.client(mock, .token(mock.makeToken(.init(policies: ["root"], ttl: 9, renewable: false)))) {
                $0.onWarning = { warnings.add($0) }
            }
            _ = try await client.readKey("weka-key")
            _ = try await fixed.readKey("weka-key")
            #expect(!mock.requestLog.contains("POST auth/token/renew-self"))
            // Past two thirds of the 9 s lease, with 2.8 s to spare before it ends (loaded machines).
            try await Task.sleep(for: .milliseconds(6200))
            _ = try await client.readKey("weka-key")
            #expect(mock.requestLog.filter { $0 == "POST auth/token/renew-self" }.count == 1)
            // A token that cannot be renewed: a warning, once, and no renewal attempt.
            _ = try await fixed.readKey("weka-key")
            _ = try await fixed.readKey("weka-key")
            #expect(mock.requestLog.filter { $0 == "POST auth/token/renew-self" }.count == 1)
            #expect(warnings.all.count == 1)
            #expect(warnings.all.first?.contains("not renewable") == true)
            await client.shutdown()
            await fixed.shutdown()
        }
    }

    @Test func automaticRenewalRunsInTheBackground() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeToken(.init(policies: ["root"], ttl: 3))))
            _ = try await client.lookupSelf()
            await client.startAutomaticRenewal()
            try await Task.sleep(for: .milliseconds(2600))
            #expect(mock.requestLog.contains("POST auth/token/renew-self"))
            await client.shutdown()
        }
    }

    @Test func renewalCappedByMaxTTLIsAWarning() async throws {
        try await MockVaultFixture.withMock { mock in
            mock.setLeaseLimits(maxTTL: 3600, defaultTTL: 3600)
            let warnings = WarningLog()
            let client = try MockVaultFixture.client(mock, .token(mock.makeToken(.init(policies: ["root"], ttl: 3600)))) {
                $0.onWarning = { warnings.add($0) }
            }
            _ = try await client.lookupSelf()
            let renewed = try await client.renewSelf(increment: 7200)
            #expect(renewed.leaseDuration <= 3600)
            #expect(renewed.warnings.contains { $0.contains("capped accordingly") })
            #expect(warnings.all.contains { $0.contains("did not extend") })
            #expect(warnings.all.contains { $0.contains("max_ttl") })
            await client.shutdown()
        }
    }

    @Test func periodicTokensGoBackToTheirPeriod() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeToken(.init(policies: ["root"], period: 600))))
            mock.advanceClock(seconds: 300)
            #expect(try await client.lookupSelf().ttl <= 300)
            let renewed = try await client.renewSelf(increment: 99_999)
            #expect(renewed.leaseDuration == 600)
            #expect(try await client.lookupSelf().period == 600)
            await client.shutdown()
        }
    }

    @Test func aTokenThatMayNotLookItselfUpStillWorks() async throws {
        try await MockVaultFixture.withMock { mock in
            try mock.writePolicy("transit-only", hcl: #"path "transit/*" { capabilities = ["read", "update"] }"#)
            let token = mock.makeToken(.init(policies: ["transit-only"]))
            let warnings = WarningLog()
            let client = try MockVaultFixture.client(mock, .token(token)) { $0.onWarning = { warnings.add($0) } }
            // makeToken adds `default`; take it away to model no_default_policy.
            mock.state.withLock { $0.tokens[token]?.policies = ["transit-only"] }
            #expect(try await client.readKey("weka-key").name == "weka-key")
            #expect(warnings.all.first?.contains("will not be renewed") == true)
            await client.shutdown()
        }
    }

    @Test func customMountsAsWekaTransitAndAuthPaths() async throws {
        try await MockVaultFixture.withMock { mock in
            try mock.enableTransit(mount: "weka-transit")
            try mock.enableAppRole(mount: "weka-approle")
            try mock.createKey("fs-key", mount: "weka-transit")
            let role = try mock.createAppRole("r", .init(policies: ["root"], mount: "weka-approle"))
            let authentication = VaultConfiguration.Authentication.appRole(roleID: role.roleID, secretID: role.secretID, mountPath: "weka-approle")
            let client = try MockVaultFixture.client(mock, authentication) { $0.transitMount = "weka-transit" }
            let wrapped = try await client.encrypt(key: "fs-key", plaintext: [5])
            #expect(try await client.decrypt(key: "fs-key", ciphertext: wrapped.ciphertext) == SecretBytes([5]))
            #expect(mock.requestLog.contains("POST auth/weka-approle/login"))
            #expect(!"\(client.configuration)".contains(role.secretID))
            #expect("\(client.configuration)".contains("AppRole at auth/weka-approle"))
            await client.shutdown()
        }
    }

    @Test func aRevokedTokenIsRefusedMidRun() async throws {
        try await MockVaultFixture.withMock { mock in
            let token = mock.makeRootToken()
            let client = try MockVaultFixture.client(mock, .token(token))
            _ = try await client.readKey("weka-key")
            mock.revoke(token: token)
            let error = await #expect(throws: VaultError.self) { try await client.readKey("weka-key") }
            #expect(error?.code == .permissionDenied)
            #expect(error?.vaultErrors == ["permission denied", "invalid token"])
            #expect(!"\(client.configuration)".contains(token))
            await client.shutdown()
        }
    }

    @Test func batchTokensCannotBeRenewed() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeToken(.init(policies: ["root"], ttl: 600, batch: true))))
            #expect(try await client.lookupSelf().type == "batch")
            let error = await #expect(throws: VaultError.self) { try await client.renewSelf() }
            #expect(error?.code == .renewalFailed)
            await client.shutdown()
        }
    }

    @Test func namespaceMismatchIsRefused() async throws {
        try await MockVaultFixture.withMock { mock in
            mock.createNamespace("tenant-a")
            mock.createNamespace("tenant-b")
            try mock.createKey("fs-key", namespace: "tenant-a")
            try mock.writePolicy("transit", hcl: #"path "transit/*" { capabilities = ["read", "update"] }"#, namespace: "tenant-a")
            let role = try mock.createAppRole("fs", .init(policies: ["transit"], namespace: "tenant-a"))
            // The right namespace (with a trailing slash, as Vault allows): login and use.
            let good = try MockVaultFixture.client(mock, .appRole(roleID: role.roleID, secretID: role.secretID), namespace: "tenant-a/")
            let wrapped = try await good.encrypt(key: "fs-key", plaintext: [4, 2])
            #expect(try await good.lookupSelf().namespacePath == "tenant-a/")
            // AppRole login in another namespace: Vault's "invalid role or secret ID".
            let elsewhere = try MockVaultFixture.client(mock, .appRole(roleID: role.roleID, secretID: role.secretID), namespace: "tenant-b")
            let login = await #expect(throws: VaultError.self) { try await elsewhere.login() }
            #expect(login?.code == .invalidCredentials)
            // A tenant-b token used in tenant-a: 403.
            let stranger = try MockVaultFixture.client(mock, .token(mock.makeRootToken(namespace: "tenant-b")), namespace: "tenant-a")
            let denied = await #expect(throws: VaultError.self) { try await stranger.decrypt(key: "fs-key", ciphertext: wrapped.ciphertext) }
            #expect(denied?.code == .permissionDenied)
            #expect(denied?.description.contains("namespace") == true)
            // No namespace at all: the key is not in the root namespace.
            let root = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            let missing = await #expect(throws: VaultError.self) { try await root.readKey("fs-key") }
            #expect(missing?.code == .notFound)
            for client in [good, elsewhere, stranger, root] { await client.shutdown() }
        }
    }

    @Test func wekaPolicyForbidsRotationAndConfiguration() async throws {
        try await MockVaultFixture.withMock { mock in
            try mock.writePolicy("weka", hcl: AuthClientTests.wekaPolicy)
            let client = try MockVaultFixture.client(mock, .token(mock.makeToken(.init(policies: ["weka"]))))
            let key = try await client.readKey("weka-key")
            #expect(key.latestVersion == 1)
            let wrapped = try await client.encrypt(key: "weka-key", plaintext: [7])
            _ = try await client.rewrap(key: "weka-key", ciphertext: wrapped.ciphertext)
            for (name, call) in [
                ("rotate", { () async throws -> Void in _ = try await client.rotateKey("weka-key") }),
                ("config", { () async throws -> Void in _ = try await client.configureKey("weka-key", .init(minDecryptionVersion: 1)) }),
                ("create other", { () async throws -> Void in try await client.createKey("other-key") }),
                ("read other", { () async throws -> Void in _ = try await client.readKey("other-key") }),
            ] {
                let error = await #expect(throws: VaultError.self, "\(name)") { try await call() }
                #expect(error?.code == .permissionDenied, "\(name)")
                #expect(error?.status == 403, "\(name)")
            }
            await client.shutdown()
        }
    }
}
