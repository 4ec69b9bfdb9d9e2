import Foundation
import KMIPCrypto
import KMIPTLS
import Testing
import VaultTransit

/// Retries, time-outs, keep-alive, sealed Vault, batches, and the parser on bad bytes.
@Suite struct ResilienceTests {
    @Test func idempotentCallsRetry429AndKeepTheConnection() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            _ = try await client.lookupSelf()
            mock.injectFailure(status: 429, count: 2, pathPrefix: "transit/keys/weka-key", retryAfter: 0)
            let key = try await client.readKey("weka-key")
            #expect(key.latestVersion == 1)
            #expect(mock.requestLog.filter { $0 == "GET transit/keys/weka-key" }.count == 3)
            mock.injectFailure(status: 502, count: 1, pathPrefix: "transit/decrypt")
            let wrapped = try await client.encrypt(key: "weka-key", plaintext: [1])
            #expect(try await client.decrypt(key: "weka-key", ciphertext: wrapped.ciphertext) == SecretBytes([1]))
            #expect(mock.connectionsAccepted == 1)
            await client.shutdown()
        }
    }

    @Test func concurrentCallsShareOneConnectionInTurn() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken())) { $0.maxRetries = 0 }
            let results = try await withThrowingTaskGroup(of: (UInt8, SecretBytes).self) { group in
                for index in UInt8(0)..<24 {
                    group.addTask {
                        let wrapped = try await client.encrypt(key: "weka-key", plaintext: [index, index])
                        return (index, try await client.decrypt(key: "weka-key", ciphertext: wrapped.ciphertext))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(results.count == 24)
            #expect(results.allSatisfy { $0.value == SecretBytes([$0.key, $0.key]) })
            #expect(mock.connectionsAccepted == 1)
            #expect(mock.requestLog.filter { $0 == "GET auth/token/lookup-self" }.count == 1)
            await client.shutdown()
        }
    }

    @Test func concurrentFirstCallsLogInOnce() async throws {
        try await MockVaultFixture.withMock { mock in
            let role = try mock.createAppRole("r", .init(policies: ["root"]))
            let client = try MockVaultFixture.client(mock, .appRole(roleID: role.roleID, secretID: role.secretID))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<12 { group.addTask { _ = try await client.readKey("weka-key") } }
                try await group.waitForAll()
            }
            #expect(mock.requestLog.filter { $0 == "POST auth/approle/login" }.count == 1)
            await client.shutdown()
        }
    }

    @Test func nonIdempotentCallsAreNotRetried() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            mock.injectFailure(status: 429, count: 1, pathPrefix: "transit/encrypt")
            let error = await #expect(throws: VaultError.self) { try await client.encrypt(key: "weka-key", plaintext: [1]) }
            #expect(error?.code == .rateLimited)
            #expect(error?.vaultErrors.first?.contains("rate limit quota exceeded") == true)
            #expect(mock.requestLog.filter { $0 == "POST transit/encrypt/weka-key" }.count == 1)
            mock.injectFailure(status: 500, count: 1, pathPrefix: "transit/keys/weka-key/rotate")
            let rotate = await #expect(throws: VaultError.self) { try await client.rotateKey("weka-key") }
            #expect(rotate?.code == .serverError)
            #expect(try await client.readKey("weka-key").latestVersion == 1)
            await client.shutdown()
        }
    }

    @Test func retriesStopAfterTheLimit() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken())) { $0.maxRetries = 2 }
            _ = try await client.lookupSelf()
            mock.injectFailure(status: 429, count: 10, pathPrefix: "transit/keys")
            let error = await #expect(throws: VaultError.self) { try await client.readKey("weka-key") }
            #expect(error?.code == .rateLimited)
            #expect(mock.requestLog.filter { $0 == "GET transit/keys/weka-key" }.count == 3)
            await client.shutdown()
        }
    }

    @Test func sealedVaultIsUnavailableAndHealthSaysSo() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken())) { $0.maxRetries = 1 }
            let healthy = try await client.health()
            #expect(healthy.status == 200 && !healthy.sealed && healthy.initialized)
            mock.setSealed(true)
            let error = await #expect(throws: VaultError.self) { try await client.readKey("weka-key") }
            #expect(error?.code == .sealed)
            #expect(error?.description.contains("unseal") == true)
            let sealed = try await client.health()
            #expect(sealed.sealed && sealed.status == 503)
            mock.setSealed(false)
            #expect(try await client.readKey("weka-key").name == "weka-key")
            await client.shutdown()
        }
    }

    @Test func slowAnswersTimeOutAndTheNextCallReconnects() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken())) {
                $0.requestTimeout = .milliseconds(300)
                $0.maxRetries = 0
            }
            _ = try await client.lookupSelf()
            mock.injectDelay(milliseconds: 1500, pathPrefix: "transit/keys")
            let error = await #expect(throws: VaultError.self) { try await client.readKey("weka-key") }
            #expect(error?.code == .timeout)
            #expect(try await client.readKey("weka-key").name == "weka-key")
            #expect(mock.connectionsAccepted == 2)
            await client.shutdown()
        }
    }

    @Test func batchEncryptAndDecryptKeepOrderAndReportItemErrors() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            let plaintexts: [[UInt8]] = [[1], [2, 2], [3, 3, 3]]
            let results = try await client.encrypt(key: "weka-key", batch: plaintexts.enumerated().map {
                TransitBatchEncryptItem(plaintext: $1, reference: "item-\($0)")
            } + [TransitBatchEncryptItem(plaintext: [4], keyVersion: 7)])
            #expect(results.count == 4)
            let ciphertexts = try results.prefix(3).map { try $0.get().ciphertext }
            guard case .failure(let error) = results[3] else {
                Issue.record("a key version above the latest must fail")
                return
            }
            #expect(error.code == .keyVersionTooNew)
            let plain = try await client.decrypt(key: "weka-key", batch: ciphertexts + [VaultCiphertext("vault:v1:AAAA")])
            #expect(try plain.prefix(3).map { try $0.get().bytes } == plaintexts)
            guard case .failure(let bad) = plain[3] else {
                Issue.record("a short ciphertext must fail")
                return
            }
            #expect(bad.code == .invalidCiphertext)
            await client.shutdown()
        }
    }

    @Test func plainHTTPNeedsAnExplicitFlag() async throws {
        #expect(throws: VaultError.self) {
            try VaultClient(configuration: VaultConfiguration(address: "http://127.0.0.1:8200", authentication: .token("t")))
        }
        await #expect(throws: VaultError.self) {
            _ = try await MockVaultServer.start(configuration: MockVaultServer.Configuration(tls: nil))
        }
        var configuration = MockVaultServer.Configuration(tls: nil)
        configuration.allowPlaintext = true
        let mock = try await MockVaultServer.start(configuration: configuration)
        var clientConfiguration = VaultConfiguration(address: mock.address, authentication: .token(mock.makeRootToken()))
        clientConfiguration.allowPlaintext = true
        let client = try VaultClient(configuration: clientConfiguration)
        #expect(try await client.health().status == 200)
        await client.shutdown()
        await mock.stop()
    }

    @Test func wrongCAIsATLSError() async throws {
        try await MockVaultFixture.withMock { mock in
            let other = FileManager.default.temporaryDirectory.appendingPathComponent("vault-other-ca-\(getpid()).pem")
            let ca = try PKI.makeCA(commonName: "another CA").certificatePEM
            try Data(ca).write(to: other)
            defer { try? FileManager.default.removeItem(at: other) }
            let client = try MockVaultFixture.client(mock, .token("unused")) { $0.caFile = other.path }
            let error = await #expect(throws: VaultError.self) { try await client.health() }
            #expect(error?.code == .tls)
            #expect(error?.description.contains("CA file") == true)
            await client.shutdown()
        }
    }

    @Test func addressesAreCheckedUpFront() {
        for bad in ["vault.example:8200", "https://", "https://host:99999", "https://host/v1", "ftp://host"] {
            let error = #expect(throws: VaultError.self, "\(bad)") {
                try VaultClient(configuration: VaultConfiguration(address: bad, authentication: .token("t")))
            }
            #expect(error?.code == .configuration, "\(bad)")
        }
    }

    @Test func parserRejectsBadBytesWithoutTrapping() {
        let samples: [[UInt8]] = [
            [], Array("null".utf8), Array("[1,2]".utf8), Array(#"{"data":5}"#.utf8), Array(#"{"data":{"ciphertext":7}}"#.utf8),
            Array(#"{"data":{"ciphertext":"nope"}}"#.utf8), Array(#"{"data":{"plaintext":"***"}}"#.utf8),
            Array(#"{"auth":{"client_token":"","lease_duration":1}}"#.utf8), Array(#"{"data":{"ttl":1e300}}"#.utf8),
            Array(repeating: UInt8(ascii: "["), count: 100_000), [0xFF, 0xFE, 0x00],
        ]
        for sample in samples {
            #expect(throws: VaultError.self) { try VaultResponseParser.encryption(sample, path: "p") }
            #expect(throws: VaultError.self) { try VaultResponseParser.plaintext(sample, path: "p") }
            #expect(throws: VaultError.self) { try VaultResponseParser.auth(sample, path: "p") }
            #expect(throws: VaultError.self) { try VaultResponseParser.tokenInfo(sample, path: "p") }
            #expect(throws: VaultError.self) { try VaultResponseParser.transitKey(sample, path: "p") }
        }
        let error = #expect(throws: VaultError.self) {
            try VaultResponseParser.check(status: 403, body: Array(#"{"errors":["1 error occurred:\n\t* permission denied\n\n"]}"#.utf8), path: "p")
        }
        #expect(error?.code == .permissionDenied)
    }
}
