import KMIP
import KMIPClient
import KMIPCrypto
import KMIPServer
import KMIPSpec
import Testing
import TTLV

/// The attributes the server derives (Digest, Fresh, Original Creation Date, Random Number
/// Generator) and the Undo batch error continuation option, through the client.
@Suite struct DerivedAttributesTests: ServerTesting {
    static let keyBytes: [UInt8] = Array(0..<32)

    @Test func digestIsTheSHA256OfTheKeyMaterial() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let key = try await client.register(symmetricKey: Self.keyBytes, algorithm: .aes, usage: [.encrypt])
            let attributes = try await client.getAttributes(key)
            let digest = try #require(attributes.all(.digest).first?.value)
            #expect(digest == .structure([
                TTLVItem(tag: .hashingAlgorithm, .enumeration(HashingAlgorithm.sha_256.rawValue)),
                TTLVItem(tag: .digestValue, .byteString(try Digest.hash(Self.keyBytes, algorithm: .sha256))),
                TTLVItem(tag: .keyFormatType, .enumeration(KeyFormatType.raw.rawValue)),
            ]))
            #expect(try attributes.value(.originalCreationDate, as: DateTime.self) != nil)
            // A registered key was not made by the server's generator.
            #expect(attributes.all(.randomNumberGenerator).isEmpty)
            let created = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt])
            #expect(try await client.getAttributes(created).all(.randomNumberGenerator).count == 1)
        }
    }

    @Test func anObjectIsFreshUntilItIsServed() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            #expect(try await client.getAttributes(key).value(.fresh, as: Bool.self) == true)
            _ = try await client.get(key)
            #expect(try await client.getAttributes(key).value(.fresh, as: Bool.self) == false)
            // KMIP 1.0 has no Fresh: a 1.0 client is not shown it.
            let old = try self.client(server, as: Self.setup.alice, version: .v1_0)
            defer { Task { await old.shutdown() } }
            #expect(try await old.getAttributes(key).all(.fresh).isEmpty)
        }
    }

    @Test func undoTakesBackTheBatchOnFailure() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let attributes: Attributes = [
                try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(128)),
            ]
            var request = RequestMessage(version: .v2_1, [CreateRequest(objectType: .symmetricKey, attributes: attributes), ActivateRequest(), GetRequest(uniqueIdentifier: "missing")])
            request.header.batchErrorContinuationOption = .undo
            let response = try await client.send(request)
            #expect(response.batchItems.map(\.resultStatus) == [.operationUndone, .operationUndone, .operationFailed])
            let created = try #require(response.batchItems.first?.payload as? CreateResponse)
            await expectFailure(.itemNotFound) { _ = try await client.get(created.uniqueIdentifier) }
            // Without a failure, Undo changes nothing.
            request.batchItems.removeLast()
            request.header.batchCount = 2
            let kept = try await client.send(request)
            #expect(kept.batchItems.map(\.resultStatus) == [.success, .success])
        }
    }
}
