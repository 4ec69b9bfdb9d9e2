import Foundation
import KMIPCrypto
import Testing
import VaultTransit

/// Transit calls through `VaultClient` against the mock over TLS on loopback.
@Suite struct TransitClientTests {
    let fsKey: [UInt8] = (0..<32).map { UInt8($0 * 7 % 256) }

    @Test func readKeyShowsVersionsAndLimits() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            let key = try await client.readKey("weka-key")
            #expect(key.name == "weka-key")
            #expect(key.type == "aes256-gcm96")
            #expect(key.latestVersion == 1)
            #expect(key.minDecryptionVersion == 1)
            #expect(key.versions.keys.sorted() == [1])
            #expect(key.supportsEncryption && key.supportsDecryption)
            await client.shutdown()
        }
    }

    @Test func encryptDecryptRoundTripOfA32ByteKey() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            let wrapped = try await client.encrypt(key: "weka-key", plaintext: fsKey)
            #expect(wrapped.keyVersion == 1)
            #expect(wrapped.ciphertext.text.hasPrefix("vault:v1:"))
            let payload = try #require(Data(base64Encoded: String(wrapped.ciphertext.payload)))
            #expect(payload.count == 12 + 32 + 16)
            let unwrapped = try await client.decrypt(key: "weka-key", ciphertext: wrapped.ciphertext)
            #expect(unwrapped == SecretBytes(fsKey))
            // Each encryption uses a fresh nonce.
            let again = try await client.encrypt(key: "weka-key", plaintext: fsKey)
            #expect(again.ciphertext != wrapped.ciphertext)
            await client.shutdown()
        }
    }

    @Test func rotateThenRewrapMovesToTheNewVersion() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            let old = try await client.encrypt(key: "weka-key", plaintext: fsKey)
            let rotated = try await client.rotateKey("weka-key")
            #expect(rotated.latestVersion == 2)
            let fresh = try await client.encrypt(key: "weka-key", plaintext: fsKey)
            #expect(fresh.keyVersion == 2 && fresh.ciphertext.keyVersion == 2)
            let rewrapped = try await client.rewrap(key: "weka-key", ciphertext: old.ciphertext)
            #expect(rewrapped.keyVersion == 2)
            #expect(rewrapped.ciphertext.text.hasPrefix("vault:v2:"))
            #expect(try await client.decrypt(key: "weka-key", ciphertext: rewrapped.ciphertext) == SecretBytes(fsKey))
            let batch = try await client.rewrap(key: "weka-key", batch: [old.ciphertext, fresh.ciphertext, VaultCiphertext("vault:v1:AAAA")])
            #expect(try batch.prefix(2).map { try $0.get().keyVersion } == [2, 2])
            #expect((try? batch[2].get()) == nil)
            // An explicit older version still encrypts while min_encryption_version allows it.
            let pinned = try await client.encrypt(key: "weka-key", plaintext: fsKey, keyVersion: 1)
            #expect(pinned.keyVersion == 1)
            await client.shutdown()
        }
    }

    @Test func keyTooOldAfterRaisingMinDecryptionVersion() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            let old = try await client.encrypt(key: "weka-key", plaintext: fsKey)
            try await client.rotateKey("weka-key")
            let key = try await client.configureKey("weka-key", TransitKeyConfigUpdate(minDecryptionVersion: 2))
            #expect(key.minDecryptionVersion == 2)
            let error = await #expect(throws: VaultError.self) { try await client.decrypt(key: "weka-key", ciphertext: old.ciphertext) }
            #expect(error?.code == .keyVersionTooOld)
            #expect(error?.description.contains("min_decryption_version") == true)
            let rewrap = await #expect(throws: VaultError.self) { try await client.rewrap(key: "weka-key", ciphertext: old.ciphertext) }
            #expect(rewrap?.code == .keyVersionTooOld)
            // Vault's config checks: above the latest version is refused.
            let tooHigh = await #expect(throws: VaultError.self) {
                try await client.configureKey("weka-key", TransitKeyConfigUpdate(minDecryptionVersion: 5))
            }
            #expect(tooHigh?.code == .invalidRequest)
            #expect(tooHigh?.vaultErrors.first?.contains("latest key version is 2") == true)
            await client.shutdown()
        }
    }

    @Test func invalidCiphertextsAreTypedErrors() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            let good = try await client.encrypt(key: "weka-key", plaintext: fsKey)
            var bytes = [UInt8](try #require(Data(base64Encoded: String(good.ciphertext.payload))))
            bytes[20] ^= 0x01
            let tampered = try VaultCiphertext("vault:v1:" + Data(bytes).base64EncodedString())
            let error = await #expect(throws: VaultError.self) { try await client.decrypt(key: "weka-key", ciphertext: tampered) }
            #expect(error?.code == .invalidCiphertext)
            #expect(error?.vaultErrors == ["cipher: message authentication failed"])
            let notBase64 = try VaultCiphertext("vault:v1:@@@@")
            let decode = await #expect(throws: VaultError.self) { try await client.decrypt(key: "weka-key", ciphertext: notBase64) }
            #expect(decode?.vaultErrors == ["invalid ciphertext: could not decode base64"])
            let tooNew = try VaultCiphertext("vault:v9:" + String(good.ciphertext.payload))
            let newer = await #expect(throws: VaultError.self) { try await client.decrypt(key: "weka-key", ciphertext: tooNew) }
            #expect(newer?.code == .keyVersionTooNew)
            await client.shutdown()
        }
    }

    @Test func ciphertextParsing() throws {
        let parsed = try VaultCiphertext("vault:v12:YWJj")
        #expect(parsed.keyVersion == 12)
        #expect(parsed.payload == "YWJj")
        #expect(try VaultCiphertext("vault:v0:YWJj").keyVersion == 1)
        for bad in ["YWJj", "vault:12:YWJj", "vault:v:YWJj", "vault:vx:YWJj", "vault:v1:", "vault:v1", "Vault:v1:YWJj", "vault:v99999999999:YWJj"] {
            #expect(throws: VaultError.self, "\(bad)") { try VaultCiphertext(bad) }
        }
    }

    @Test func missingKeyIsNotFound() async throws {
        try await MockVaultFixture.withMock { mock in
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            let read = await #expect(throws: VaultError.self) { try await client.readKey("no-such-key") }
            #expect(read?.code == .notFound)
            #expect(read?.status == 404)
            let decrypt = await #expect(throws: VaultError.self) {
                try await client.decrypt(key: "no-such-key", ciphertext: VaultCiphertext("vault:v1:AAAA"))
            }
            #expect(decrypt?.code == .notFound)
            #expect(decrypt?.description.contains("transit mount path") == true)
            await client.shutdown()
        }
    }
}
