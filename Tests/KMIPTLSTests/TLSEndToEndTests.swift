import Foundation
import KMIPTLS
import NIOCore
import NIOPosix
import Testing

/// Real sockets on loopback, real OpenSSL: handshakes, refusals and data integrity.
@Suite(.serialized) struct TLSEndToEndTests {
    let pki = TestPKI.shared
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    func withServer<R>(_ configuration: TLSConfiguration, _ body: (EchoServer) async throws -> R) async throws -> R {
        let server = try await EchoServer(group: Self.group, configuration: configuration)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }

    /// Waits briefly for the server side to record what happened to a connection.
    func settle(_ observations: Observations, until condition: @escaping (Observations) -> Bool) async {
        for _ in 0..<100 where !condition(observations) { try? await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func tls13MutualAuthenticationAndEcho() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let (result, client) = try await server.roundTrip(Array("hello".utf8), configuration: pki.clientConfiguration(pki.client))
            #expect(try result.get() == Array("hello".utf8))
            #expect(client.info?.protocolVersion == "TLSv1.3")
            #expect(client.info?.cipherSuite == "TLS_AES_256_GCM_SHA384")
            #expect(client.info?.peerCertificate?.commonName == "kmip-server")
            #expect(client.info?.peerCertificate?.subjectAlternativeNames == ["DNS:localhost", "IP:127.0.0.1"])
            await settle(server.observations) { $0.info != nil }
            let peer = try #require(server.observations.info?.peerCertificate)
            #expect(peer.commonName == "kmip-client")
            #expect(peer.subject == "CN=kmip-client")
            #expect(peer.sha256Fingerprint.count == 32)
        }
    }

    @Test func tls12WithAKMIPSuite() async throws {
        try await withServer(pki.serverConfiguration(minimum: .v1_2, maximum: .v1_2)) { server in
            let (result, client) = try await server.roundTrip(Array("twelve".utf8), configuration: pki.clientConfiguration(pki.client, minimum: .v1_2, maximum: .v1_2))
            #expect(try result.get() == Array("twelve".utf8))
            #expect(client.info?.protocolVersion == "TLSv1.2")
            let suite = try #require(client.info?.cipherSuite)
            #expect(TLSConfiguration.kmipTLS12CipherSuites.split(separator: ":").contains(Substring(suite)))
        }
    }

    @Test func serverByNameOrAddress() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let (byAddress, _) = try await server.roundTrip([1], configuration: pki.clientConfiguration(pki.client), serverName: "127.0.0.1")
            #expect(try byAddress.get() == [1])
        }
    }

    @Test func noClientCertificateIsRefusedOnBothSides() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let (result, client) = try await server.roundTrip([1], configuration: pki.clientConfiguration(nil))
            #expect(throws: (any Error).self) { try result.get() }
            #expect(client.reasons.contains("certificate required"), "\(client.reasons)")
            await settle(server.observations) { !$0.errors.isEmpty }
            #expect(server.observations.reasons.contains("peer did not return a certificate"), "\(server.observations.reasons)")
        }
    }

    @Test func clientFromAnotherCAIsRefused() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let (result, client) = try await server.roundTrip([1], configuration: pki.clientConfiguration(pki.rogueClient))
            #expect(throws: (any Error).self) { try result.get() }
            #expect(client.reasons.contains("unknown ca"), "\(client.reasons)")
            await settle(server.observations) { !$0.errors.isEmpty }
            #expect(server.observations.reasons.contains("certificate verify failed"), "\(server.observations.reasons)")
        }
    }

    @Test func expiredCertificatesAreRefused() async throws {
        try await withServer(pki.serverConfiguration(pki.expiredServer)) { server in
            let (result, client) = try await server.roundTrip([1], configuration: pki.clientConfiguration(pki.client))
            #expect(throws: (any Error).self) { try result.get() }
            #expect(client.reasons.contains("certificate has expired"), "\(client.reasons)")
        }
        try await withServer(pki.serverConfiguration()) { server in
            let (result, _) = try await server.roundTrip([1], configuration: pki.clientConfiguration(pki.expiredClient))
            #expect(throws: (any Error).self) { try result.get() }
            await settle(server.observations) { !$0.errors.isEmpty }
            #expect(server.observations.reasons.contains("certificate has expired"), "\(server.observations.reasons)")
        }
    }

    @Test func wrongHostNameIsRefused() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let (result, client) = try await server.roundTrip([1], configuration: pki.clientConfiguration(pki.client), serverName: "kms.example.com")
            #expect(throws: (any Error).self) { try result.get() }
            #expect(client.reasons.contains("hostname mismatch"), "\(client.reasons)")
            let (address, byIP) = try await server.roundTrip([1], configuration: pki.clientConfiguration(pki.client), serverName: "127.0.0.2")
            #expect(throws: (any Error).self) { try address.get() }
            #expect(byIP.reasons.contains("IP address mismatch"), "\(byIP.reasons)")
        }
    }

    @Test func largeAndFragmentedMessagesArriveIntact() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let large = [UInt8](unsafeUninitializedCapacity: 8 << 20) { buffer, count in
                var state: UInt32 = 0x1234_5678
                for index in buffer.indices {
                    state = state &* 1_664_525 &+ 1_013_904_223
                    buffer[index] = UInt8(truncatingIfNeeded: state >> 24)
                }
                count = buffer.count
            }
            let (result, _) = try await server.roundTrip(large, configuration: pki.clientConfiguration(pki.client), chunk: 1 << 20)
            #expect(try result.get() == large)
            let small = Array("one byte at a time".utf8)
            let (fragmented, _) = try await server.roundTrip(small, configuration: pki.clientConfiguration(pki.client), chunk: 1)
            #expect(try fragmented.get() == small)
        }
    }

    @Test func encryptedClientKeys() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let (result, _) = try await server.roundTrip([7], configuration: pki.clientConfiguration(pki.encryptedClient, passphrase: "correct horse"))
            #expect(try result.get() == [7])
        }
        #expect(throws: TLSError(.configuration, operation: "")) {
            try TLSContext(configuration: pki.clientConfiguration(pki.encryptedClient, passphrase: "wrong"))
        }
        #expect(throws: TLSError(.configuration, operation: "")) {
            try TLSContext(configuration: pki.clientConfiguration(pki.encryptedClient))
        }
    }

    @Test func configurationErrorsNameTheFile() {
        let configuration = TLSConfiguration.server(certificateChain: .file("/nonexistent/server.pem"), privateKey: .file("/nonexistent/key.pem"), trustRoots: .file("/nonexistent/ca.pem"))
        do {
            _ = try TLSContext(configuration: configuration)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .configuration)
            #expect(error.description.contains("/nonexistent/server.pem"))
        }
        var mismatched = pki.serverConfiguration()
        mismatched.privateKey = .bytes(pki.client.privateKeyPEM)
        #expect(throws: TLSError(.configuration, operation: "")) { try TLSContext(configuration: mismatched) }
    }

    @Test func plaintextClientIsRefused() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let channel = try await ClientBootstrap(group: Self.group).connect(host: "127.0.0.1", port: server.port).get()
            try await channel.writeAndFlush(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
            try await channel.closeFuture.get()
            await settle(server.observations) { !$0.errors.isEmpty }
            #expect(server.observations.tlsErrors.first?.code == .handshakeFailed)
            #expect(server.observations.reasons.contains("http request") || server.observations.reasons.contains("wrong version number"), "\(server.observations.reasons)")
        }
    }

    /// Runs `openssl s_client` against the server; returns its output and exit status.
    func sClient(_ port: Int, _ extra: [String], input text: String = "ping\n") throws -> (String, Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", pki.path("ca.pem"), "-verify_return_error", "-brief"] + extra
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (text, process.terminationStatus)
    }

    @Test func opensslClientSeesProtocolAndCipher() async throws {
        try await withServer(pki.serverConfiguration()) { server in
            let (output, _) = try sClient(server.port, ["-cert", pki.path("client.pem"), "-key", pki.path("client-key.pem")])
            #expect(output.contains("Protocol version: TLSv1.3"), "\(output)")
            #expect(output.contains("Ciphersuite: TLS_AES_256_GCM_SHA384"), "\(output)")
            #expect(output.contains("Verification: OK"), "\(output)")
        }
    }

    @Test func tls11ClientIsRefused() async throws {
        try await withServer(pki.serverConfiguration(minimum: .v1_2, maximum: .v1_3)) { server in
            let (output, status) = try sClient(server.port, ["-tls1_1", "-cert", pki.path("client.pem"), "-key", pki.path("client-key.pem")])
            #expect(status != 0, "\(output)")
            await settle(server.observations) { !$0.errors.isEmpty }
            #expect(server.observations.tlsErrors.first?.code == .handshakeFailed)
            #expect(server.observations.reasons.contains("unsupported protocol") || server.observations.reasons.contains("no protocols available"), "\(server.observations.reasons)")
        }
    }

    @Test func renegotiationIsRefused() async throws {
        try await withServer(pki.serverConfiguration(minimum: .v1_2, maximum: .v1_3)) { server in
            // s_client's "R" command asks for a TLS 1.2 renegotiation.
            let (output, _) = try sClient(server.port, ["-tls1_2", "-cert", pki.path("client.pem"), "-key", pki.path("client-key.pem")], input: "R\n")
            #expect(output.contains("RENEGOTIATING"), "\(output)")
            await settle(server.observations) { !$0.errors.isEmpty }
            #expect(server.observations.tlsErrors.first?.code == .renegotiationRefused, "\(server.observations.tlsErrors)")
        }
    }
}

@Suite struct TrustRootSourceTests {
    @Test func trustRootsFromAHashedDirectory() async throws {
        let pki = TestPKI.shared
        let directory = pki.directory.appendingPathComponent("roots")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(pki.ca.certificatePEM).write(to: directory.appendingPathComponent("test-ca.pem"))
        let rehash = Process()
        rehash.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        rehash.arguments = ["openssl", "rehash", directory.path]
        try rehash.run()
        rehash.waitUntilExit()
        var configuration = pki.clientConfiguration(pki.client)
        configuration.trustRoots = .directory(directory.path)
        let server = try await EchoServer(group: TLSEndToEndTests.group, configuration: pki.serverConfiguration())
        let (result, _) = try await server.roundTrip([3], configuration: configuration)
        try await server.stop()
        #expect(try result.get() == [3])
    }

    @Test func theSystemStoreDoesNotTrustTheTestCA() async throws {
        let pki = TestPKI.shared
        var configuration = pki.clientConfiguration(pki.client)
        configuration.trustRoots = .system
        let server = try await EchoServer(group: TLSEndToEndTests.group, configuration: pki.serverConfiguration())
        let (result, client) = try await server.roundTrip([3], configuration: configuration)
        try await server.stop()
        #expect(throws: (any Error).self) { try result.get() }
        #expect(client.reasons.contains("certificate verify failed"), "\(client.reasons)")
    }
}
