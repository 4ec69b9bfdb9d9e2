import KMIP
import KMIPClient
import KMIPSpec
import Testing

/// The client against PyKMIP's server over mutual TLS 1.2 on loopback.
@Suite(.serialized, .enabled(if: PyKMIPServer.isAvailable, "PyKMIP is not installed (pip install pykmip)"))
struct PyKMIPInteropTests {
    func withClient(_ body: (KMIPClient) async throws -> Void) async throws {
        let server = try PyKMIPServer()
        defer { server.stop() }
        let client = try KMIPClient(configuration: KMIPClientConfiguration(host: "127.0.0.1", port: server.port, tls: server.clientTLS))
        do {
            try await body(client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    @Test func negotiatesAndCreates() async throws {
        try await withClient { client in
            let versions = try await client.discoverVersions()
            #expect(versions.first == .v2_0)
            #expect(versions.contains(.v1_0))
            #expect(try await client.protocolVersion() == .v2_0)
            let attributes: Attributes = [
                try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes),
                try Attribute(.cryptographicLength, Int32(256)),
                try Attribute(.cryptographicUsageMask, CryptographicUsageMask([.encrypt, .decrypt])),
            ]
            for version in [KMIPVersion.v1_0, .v1_2, .v2_0] {
                let created = try await client.perform(CreateRequest(objectType: .symmetricKey, attributes: attributes), expecting: CreateResponse.self, version: version)
                #expect(created.objectType == .symmetricKey)
                #expect(!created.uniqueIdentifier.isEmpty)
            }
        }
    }

    @Test func serverErrorsCarryTheResultReason() async throws {
        try await withClient { client in
            do {
                _ = try await client.perform(CreateRequest(objectType: .symmetricKey, attributes: []), expecting: CreateResponse.self)
                Issue.record("expected a failure")
            } catch let error as KMIPClientError {
                #expect(error.code == .operationFailed)
                #expect(error.resultReason != nil)
                #expect(!error.message.isEmpty)
            }
        }
    }
}
