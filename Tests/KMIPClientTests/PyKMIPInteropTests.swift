import KMIP
import KMIPClient
import KMIPSpec
import KMIPTestSupport
import Testing

/// The client against PyKMIP's server over mutual TLS 1.2 on loopback: every convenience call
/// PyKMIP implements, batches, concurrency, server errors and version negotiation. The test
/// prints which operations passed.
@Suite(.serialized, .enabled(if: PyKMIPServer.isAvailable, "PyKMIP is not installed (pip install pykmip)"))
struct PyKMIPInteropTests {
    func withClient(version: KMIPVersion? = nil, _ body: (KMIPClient) async throws -> Void) async throws {
        let server = try PyKMIPServer()
        defer { server.stop() }
        var configuration = KMIPClientConfiguration(host: "127.0.0.1", port: server.port, tls: server.clientTLS)
        configuration.version = version
        let client = try KMIPClient(configuration: configuration)
        do {
            try await body(client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    static let cbc = CryptographicParameters(blockCipherMode: .cbc, paddingMethod: .pkcs5, cryptographicAlgorithm: .aes, randomIV: true)

    @Test func operationSuite() async throws {
        try await withClient { client in
            var report: [(String, Bool)] = []
            func step(_ name: String, _ body: () async throws -> Void) async {
                do {
                    try await body()
                    report.append((name, true))
                } catch {
                    report.append((name, false))
                    Issue.record("\(name): \(error)")
                }
            }
            await step("Discover Versions") {
                let versions = try await client.discoverVersions()
                #expect(versions.first == .v2_0)
                #expect(try await client.protocolVersion() == .v2_0)
            }
            var key = ""
            await step("Create") {
                key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt], name: "interop-key")
            }
            await step("Get") {
                let response = try await client.get(key)
                #expect(response.objectType == .symmetricKey)
                guard case .symmetricKey(let symmetric) = response.object, case .bytes(let bytes)? = symmetric.keyBlock.keyMaterial else {
                    Issue.record("expected a raw symmetric key")
                    return
                }
                #expect(bytes.count == 32)
            }
            await step("Get Attributes") {
                let attributes = try await client.getAttributes(key, [AttributeReference(.cryptographicAlgorithm), AttributeReference(.state)])
                #expect(try attributes.cryptographicAlgorithm == .aes)
                #expect(try attributes.state == .preActive)
            }
            await step("Locate by name") {
                let found = try await client.locate(name: "interop-key")
                #expect(found == [key])
            }
            await step("Activate") { try await client.activate(key) }
            await step("Encrypt and Decrypt") {
                let plaintext = Array("interoperability".utf8)
                let encrypted = try await client.encrypt(key, data: plaintext, parameters: Self.cbc)
                let iv = try #require(encrypted.ivCounterNonce)
                let ciphertext = try #require(encrypted.data)
                #expect(ciphertext != plaintext)
                #expect(try await client.decrypt(key, data: ciphertext, parameters: Self.cbc, iv: iv) == plaintext)
            }
            await step("Create Key Pair, Sign, Signature Verify") {
                let (privateKey, publicKey) = try await client.createKeyPair(algorithm: .rsa, length: 2048, name: "interop-rsa")
                try await client.activate(privateKey)
                try await client.activate(publicKey)
                let parameters = CryptographicParameters(paddingMethod: .pss, hashingAlgorithm: .sha_256, cryptographicAlgorithm: .rsa)
                let message = Array("sign me".utf8)
                let signature = try await client.sign(privateKey, data: message, parameters: parameters)
                #expect(signature.count == 256)
                #expect(try await client.signatureVerify(publicKey, data: message, signature: signature, parameters: parameters))
                #expect(try await !client.signatureVerify(publicKey, data: Array("other".utf8), signature: signature, parameters: parameters))
            }
            await step("Register") {
                let registered = try await client.register(symmetricKey: [UInt8](repeating: 7, count: 16), algorithm: .aes, usage: [.encrypt], name: "registered")
                #expect(try await client.locate(name: "registered") == [registered])
            }
            await step("Query") {
                let query = try await client.query()
                #expect(query.operations.contains(.create))
                #expect(query.operations.contains(.discoverVersions))  // PyKMIP lists no object types
            }
            await step("Batch") {
                let items = try await client.batch([GetAttributesRequest(uniqueIdentifier: key), LocateRequest()])
                #expect(items.count == 2)
                #expect(items.allSatisfy { $0.resultStatus == .success })
                #expect(items.map(\.uniqueBatchItemID) == [[0, 0, 0, 1], [0, 0, 0, 2]])
            }
            await step("32 concurrent tasks") {
                let shared = key
                try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<32 { group.addTask { try await client.getAttributes(shared, [AttributeReference(.uniqueIdentifier)]).uniqueIdentifier ?? "" } }
                    var seen = 0
                    for try await identifier in group {
                        #expect(identifier == key)
                        seen += 1
                    }
                    #expect(seen == 32)
                }
            }
            await step("Revoke and Destroy") {
                try await client.revoke(key, reason: .cessationOfOperation)
                try await client.destroy(key)
                do {
                    _ = try await client.get(key)
                    Issue.record("a destroyed key was returned")
                } catch let error as KMIPClientError {
                    #expect(error.code == .operationFailed)
                }
            }
            await step("Server error carries the Result Reason") {
                do {
                    _ = try await client.get("no-such-object")
                    Issue.record("expected a failure")
                } catch let error as KMIPClientError {
                    #expect(error.code == .operationFailed)
                    #expect(error.resultReason == .itemNotFound)
                }
            }
            print("PyKMIP interop: " + report.map { "\($0.0) \($0.1 ? "pass" : "FAIL")" }.joined(separator: "; "))
        }
    }

    @Test(arguments: [KMIPVersion.v1_0, .v1_1, .v1_2, .v1_4])
    func pinnedOlderVersions(_ version: KMIPVersion) async throws {
        try await withClient(version: version) { client in
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt, .decrypt])
            #expect(try await client.locate(objectType: .symmetricKey).contains(key))
            try await client.destroy(key)
        }
    }
}
