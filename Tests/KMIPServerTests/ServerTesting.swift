import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import KMIPTLS
import Testing
import TTLV

/// The test PKI every server suite shares: a CA, the server's certificate, two clients.
struct ServerTestPKI: Sendable {
    let ca: Credentials
    let server: Credentials
    let alice: Credentials
    let bob: Credentials

    static let shared: ServerTestPKI = {
        do {
            let ca = try PKI.makeCA(commonName: "server-test CA")
            return ServerTestPKI(
                ca: ca,
                server: try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca),
                alice: try PKI.issue(commonName: "alice", usage: .client, signedBy: ca),
                bob: try PKI.issue(commonName: "bob", usage: .client, signedBy: ca))
        } catch {
            fatalError("test PKI: \(error)")  // test setup
        }
    }()
}

/// Starting the mock server over mutual TLS on loopback and talking to it through the client.
protocol ServerTesting {}

extension ServerTesting {
    static var setup: ServerTestPKI { .shared }

    /// Runs `body` against a server on a free port, configured by `configure`.
    func withServer(configure: (inout MockKMIPServer.Configuration) -> Void = { _ in }, store: any ObjectStore = MemoryObjectStore(),
                    log: @escaping MockKMIPServer.Logger = { _ in }, _ body: (MockKMIPServer) async throws -> Void) async throws {
        let setup = Self.setup
        let tls = TLSConfiguration.server(certificateChain: .bytes(setup.server.certificatePEM), privateKey: .bytes(setup.server.privateKeyPEM),
                                          trustRoots: .certificates(setup.ca.certificatePEM))
        var configuration = MockKMIPServer.Configuration(tls: tls)
        configuration.port = 0
        configure(&configuration)
        let server = try await MockKMIPServer.start(configuration: configuration, store: store, log: log)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func client(_ server: MockKMIPServer, as identity: Credentials, version: KMIPVersion? = nil) throws -> KMIPClient {
        let setup = Self.setup
        var configuration = KMIPClientConfiguration(host: "127.0.0.1", port: server.port, tls: .client(
            trustRoots: .certificates(setup.ca.certificatePEM), certificateChain: .bytes(identity.certificatePEM), privateKey: .bytes(identity.privateKeyPEM)))
        configuration.version = version
        return try KMIPClient(configuration: configuration)
    }

    /// Expects `body` to fail with an operation failure carrying `reason`.
    func expectFailure(_ reason: ResultReason, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(reason)", sourceLocation: sourceLocation)
        } catch let error as KMIPClientError {
            #expect(error.code == .operationFailed, sourceLocation: sourceLocation)
            #expect(error.resultReason == reason, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    /// The Links of object `identifier`, by type.
    func links(_ client: KMIPClient, _ identifier: String) async throws -> [LinkType: String] {
        var links: [LinkType: String] = [:]
        for attribute in try await client.getAttributes(identifier).all(.link) {
            let item = TTLVItem(tag: .link, attribute.value)
            if case .enumeration(let type)? = item[.linkType]?.value, case .textString(let target)? = item[.linkedObjectIdentifier]?.value {
                links[LinkType(rawValue: type)] = target
            }
        }
        return links
    }
}
