import Foundation
import KMIPCrypto
import Testing
import VaultTransit

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
