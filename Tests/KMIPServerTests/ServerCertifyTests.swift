import Foundation
import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import KMIPTestSupport
import KMIPTLS
import Testing
import TTLV

/// Certify and Re-certify through the client over mutual TLS: certificates signed by the
/// server's CA, for a PKCS#10 request made by the `openssl` command or for a key alone.
@Suite struct ServerCertifyTests: ServerTesting {
    /// An RSA key's public half (SubjectPublicKeyInfo DER) and a PKCS#10 request (DER) for it
    /// with subject CN=`name`; a second key's request when `otherKey`.
    func request(commonName name: String) throws -> (publicKey: [UInt8], request: [UInt8], otherRequest: [UInt8]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for key in ["key", "other"] {
            try OpenSSLCommand.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "\(key).pem"], in: directory)
            try OpenSSLCommand.run(["req", "-new", "-key", "\(key).pem", "-subj", "/CN=\(name)/O=ACME", "-outform", "DER", "-out", "\(key).csr"], in: directory)
        }
        try OpenSSLCommand.run(["pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "key.pub"], in: directory)
        func read(_ file: String) throws -> [UInt8] { Array(try Data(contentsOf: directory.appendingPathComponent(file))) }
        return (try read("key.pub"), try read("key.csr"), try read("other.csr"))
    }

    func certificate(_ client: KMIPClient, _ identifier: String) async throws -> CertificateDetails {
        guard case .certificate(let certificate) = try await client.get(identifier).object else {
            throw KMIPClientError(.protocolError, message: "object \(identifier) is not a certificate")
        }
        return try CertificateDetails(der: certificate.certificateValue)
    }

    @Test(arguments: [KMIPVersion.v1_2, .v2_1])
    func certifyAndReCertifyARequest(version: KMIPVersion) async throws {
        let made = try request(commonName: "Client \(version)")
        try await withServer(configure: { $0.certificateAuthority = Self.setup.ca }) { server in
            let client = try client(server, as: Self.setup.alice, version: version)
            defer { Task { await client.shutdown() } }
            let block = KeyBlock(keyFormatType: .x_509, keyMaterial: .bytes(made.publicKey), cryptographicAlgorithm: .rsa, cryptographicLength: 2048)
            let key = try await client.register(.publicKey(PublicKey(keyBlock: block)), attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.verify)])

            let first = try await client.perform(CertifyRequest(uniqueIdentifier: key, certificateRequestType: .pkcs_10, certificateRequestValue: made.request),
                                                 expecting: CertifyResponse.self).uniqueIdentifier
            let issued = try await certificate(client, first)
            #expect(issued.subject.entries.contains { $0.value == "Client \(version)" })
            #expect(issued.issuer.entries.contains { $0.value == "server-test CA" })
            #expect(try await links(client, first)[.publicKeyLink] == key)
            #expect(try await links(client, key)[.certificateLink] == first)

            let second = try await client.perform(ReCertifyRequest(uniqueIdentifier: first, certificateRequestType: .pkcs_10, certificateRequestValue: made.request),
                                                  expecting: ReCertifyResponse.self).uniqueIdentifier
            let renewed = try await certificate(client, second)
            #expect(renewed.serialNumberDER != issued.serialNumberDER)
            #expect(try await links(client, first)[.replacementObjectLink] == second)
            #expect(try await links(client, second)[.replacedObjectLink] == first)
            #expect(try await links(client, second)[.publicKeyLink] == key)
            #expect(try await links(client, key)[.certificateLink] == second)
            // The new certificate's attributes are its own, not the old one's.
            let identifiers = try await [first, second].asyncMap { try await client.getAttributes($0).all(.x_509CertificateIdentifier).map(\.value) }
            #expect(identifiers[0] != identifiers[1])

            // A request for another key than the one named is refused.
            await expectFailure(.invalidField) {
                _ = try await client.perform(CertifyRequest(uniqueIdentifier: key, certificateRequestType: .pkcs_10, certificateRequestValue: made.otherRequest),
                                             expecting: CertifyResponse.self)
            }
        }
    }

    @Test func certifyAKeyAloneOrRefuseWithoutACA() async throws {
        try await withServer(configure: { $0.certificateAuthority = Self.setup.ca }) { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let pair = try await client.createKeyPair(algorithm: .ec, length: 256, name: "device-7", curve: .p_256)
            let identifier = try await client.perform(CertifyRequest(uniqueIdentifier: pair.publicKey), expecting: CertifyResponse.self).uniqueIdentifier
            #expect(try await certificate(client, identifier).subject.entries.contains { $0.value == "device-7-public" })
            await expectFailure(.invalidObjectType) { _ = try await client.perform(CertifyRequest(uniqueIdentifier: pair.privateKey), expecting: CertifyResponse.self) }
        }
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let pair = try await client.createKeyPair(algorithm: .ec, length: 256, curve: .p_256)
            await expectFailure(.featureNotSupported) { _ = try await client.perform(CertifyRequest(uniqueIdentifier: pair.publicKey), expecting: CertifyResponse.self) }
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
