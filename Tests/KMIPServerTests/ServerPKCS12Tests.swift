import Foundation
import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import KMIPTestSupport
import Testing
import TTLV

/// PKCS#12 through the client over mutual TLS: a container the `openssl` command made is
/// registered (its key and certificates stored, linked), and Get gives a key back as a
/// container the `openssl` command opens with the password of its PKCS#12 Password Link.
@Suite struct ServerPKCS12Tests: ServerTesting {
    /// What the `openssl` command made: a CA, a leaf key and certificate under it, and a
    /// PKCS#12 container of the leaf key and both certificates under the password "s3cret",
    /// with the friendly name "payroll".
    struct Bundle {
        let container: [UInt8]
        let keyPKCS8: [UInt8]
        let leaf: [UInt8]
        let ca: [UInt8]
    }

    func bundle(in directory: URL) throws -> Bundle {
        try OpenSSLCommand.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-subj", "/CN=PKCS12 Test CA", "-days", "2", "-out", "ca.pem"], in: directory)
        try OpenSSLCommand.run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "leaf.key", "-subj", "/CN=payroll", "-out", "leaf.csr"], in: directory)
        try OpenSSLCommand.run(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-out", "leaf.pem"], in: directory)
        try OpenSSLCommand.run(["pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-certfile", "ca.pem", "-name", "payroll", "-passout", "pass:s3cret", "-out", "bundle.p12"], in: directory)
        try OpenSSLCommand.run(["pkcs8", "-topk8", "-nocrypt", "-in", "leaf.key", "-outform", "DER", "-out", "leaf.p8"], in: directory)
        try OpenSSLCommand.run(["x509", "-in", "leaf.pem", "-outform", "DER", "-out", "leaf.der"], in: directory)
        try OpenSSLCommand.run(["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"], in: directory)
        func read(_ file: String) throws -> [UInt8] { Array(try Data(contentsOf: directory.appendingPathComponent(file))) }
        return Bundle(container: try read("bundle.p12"), keyPKCS8: try read("leaf.p8"), leaf: try read("leaf.der"), ca: try read("ca.der"))
    }

    /// Runs `body` with a bundle made in a new folder and a 2.1 client of a new server.
    func withBundle(_ body: (Bundle, KMIPClient, URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pkcs12-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try bundle(in: directory)
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            try await body(made, client, directory)
        }
    }

    /// Registers `password` as a Password Secret Data, Active unless `active` is false.
    func registerPassword(_ password: String, active: Bool = true, _ client: KMIPClient) async throws -> String {
        let block = KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(Array(password.utf8)))
        let identifier = try await client.register(.secretData(SecretData(secretDataType: .password, keyBlock: block)),
                                                   attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.deriveKey)])
        if active { try await client.activate(identifier) }
        return identifier
    }

    func registerContainer(_ container: [UInt8], attributes: Attributes, _ client: KMIPClient) async throws -> String {
        try await client.register(.privateKey(PrivateKey(keyBlock: KeyBlock(keyFormatType: .pkcs_12, keyMaterial: .bytes(container)))), attributes: attributes)
    }

    func certificateValue(_ client: KMIPClient, _ identifier: String) async throws -> [UInt8]? {
        guard case .certificate(let certificate) = try await client.get(identifier).object else { return nil }
        return certificate.certificateValue
    }

    @Test func registerStoresTheKeyAndItsChainAndGetRebuildsTheContainer() async throws {
        try await withBundle { made, client, directory in
            let password = try await registerPassword("s3cret", client)
            let key = try await registerContainer(made.container, attributes: [.link(.pkcs_12PasswordLink, to: password)], client)

            // The key as PKCS#8, with the container's friendly name; its certificate, and
            // that certificate's issuer, stored and linked.
            let got = try await client.get(key)
            #expect(got.object.keyBlock?.keyFormatType == .pkcs_8)
            #expect(got.object.keyBlock?.keyMaterial == .bytes(made.keyPKCS8))
            #expect(got.object.keyBlock?.cryptographicAlgorithm == .ec)
            #expect(got.object.keyBlock?.cryptographicLength == 256)
            let attributes = try await client.getAttributes(key)
            #expect(try attributes.value(.pkcs_12FriendlyName, as: String.self) == "payroll")
            let keyLinks = try await links(client, key)
            #expect(keyLinks[.pkcs_12PasswordLink] == password)
            let leaf = try #require(keyLinks[.pkcs_12CertificateLink])
            #expect(try await certificateValue(client, leaf) == made.leaf)
            let ca = try #require(try await links(client, leaf)[.certificateLink])
            #expect(try await certificateValue(client, ca) == made.ca)
            #expect(try await links(client, ca)[.certificateLink] == nil)
            // The key and its own certificate carry the friendly name, and Locate finds them by it.
            let named = try await client.locate([try Attribute(.pkcs_12FriendlyName, "payroll")])
            #expect(Set(named) == [key, leaf])

            // Get as PKCS#12: a container openssl opens with the password, holding the key
            // and both certificates under the friendly name.
            let exported = try await client.get(key, format: .pkcs_12)
            #expect(exported.object.keyBlock?.keyFormatType == .pkcs_12)
            guard case .bytes(let container)? = exported.object.keyBlock?.keyMaterial else {
                Issue.record("no container bytes")
                return
            }
            try Data(container).write(to: directory.appendingPathComponent("out.p12"))
            try OpenSSLCommand.run(["pkcs12", "-in", "out.p12", "-passin", "pass:s3cret", "-nokeys", "-out", "out-certs.pem"], in: directory)
            try OpenSSLCommand.run(["pkcs12", "-in", "out.p12", "-passin", "pass:s3cret", "-nocerts", "-nodes", "-out", "out-key.pem"], in: directory)
            try OpenSSLCommand.run(["pkcs8", "-topk8", "-nocrypt", "-in", "out-key.pem", "-outform", "DER", "-out", "out-key.p8"], in: directory)
            let certificates = try String(contentsOf: directory.appendingPathComponent("out-certs.pem"), encoding: .utf8)
            #expect(certificates.components(separatedBy: "BEGIN CERTIFICATE").count - 1 == 2)
            #expect(certificates.contains("friendlyName: payroll"))
            #expect(Array(try Data(contentsOf: directory.appendingPathComponent("out-key.p8"))) == made.keyPKCS8)
        }
    }

    @Test func aContainerNeedsOneActivePasswordThatOpensIt() async throws {
        try await withBundle { made, client, _ in
            let active = try await registerPassword("s3cret", client)
            await expectFailure(.badPassword) { _ = try await registerContainer(made.container, attributes: [], client) }
            await expectFailure(.badPassword) {
                _ = try await registerContainer(made.container, attributes: [.link(.pkcs_12PasswordLink, to: active), .link(.pkcs_12PasswordLink, to: active)], client)
            }
            let preActive = try await registerPassword("s3cret", active: false, client)
            await expectFailure(.wrongKeyLifecycleState) { _ = try await registerContainer(made.container, attributes: [.link(.pkcs_12PasswordLink, to: preActive)], client) }
            let wrong = try await registerPassword("guess", client)
            await expectFailure(.badPassword) { _ = try await registerContainer(made.container, attributes: [.link(.pkcs_12PasswordLink, to: wrong)], client) }
            let notSecretData = try await client.create(symmetricKey: .aes, length: 256, usage: .encrypt)
            await expectFailure(.badPassword) { _ = try await registerContainer(made.container, attributes: [.link(.pkcs_12PasswordLink, to: notSecretData)], client) }
            // Nothing of a refused container was stored: only the four objects above.
            #expect(try await client.locate().count == 4)

            // Get as PKCS#12 needs the key's own password link; a symmetric key has no
            // PKCS#12 form.
            let plainKey = try await client.register(.privateKey(PrivateKey(keyBlock: KeyBlock(
                keyFormatType: .pkcs_8, keyMaterial: .bytes(made.keyPKCS8), cryptographicAlgorithm: .ec, cryptographicLength: 256))))
            await expectFailure(.badPassword) { _ = try await client.get(plainKey, format: .pkcs_12) }
            await expectFailure(.keyFormatTypeNotSupported) { _ = try await client.get(notSecretData, format: .pkcs_12) }
        }
    }
}
