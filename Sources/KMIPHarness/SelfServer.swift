public import KMIPClient
import KMIPServer
import KMIPTLS
import Synchronization

/// `kmip test --self`: the mock server in this process, in deterministic mode (a clock that
/// moves only when told, sequential identifiers), over mutual TLS on loopback with a
/// throw-away PKI, and a client for it. Its objects are cleared and its clock set back before
/// each vector file, so every file starts from an empty server as the recordings did. With an
/// HTTPS path, the server also serves KMIP over HTTPS there and the client speaks that.
public final class SelfServer: Sendable {
    private let server: MockKMIPServer
    private let store: MemoryObjectStore
    private let clock: Clock
    /// A client of the server (TLS with the test PKI's client certificate).
    public let client: KMIPClient

    /// The server's time: `MockKMIPServer.fixedTime` plus what the harness moved it on by.
    private final class Clock: Sendable {
        let seconds = Atomic<Int64>(MockKMIPServer.fixedTime)
    }

    private init(server: MockKMIPServer, store: MemoryObjectStore, clock: Clock, client: KMIPClient) {
        self.server = server
        self.store = store
        self.clock = clock
        self.client = client
    }

    /// Makes a PKI, starts the server on a free port and a client for it; with `httpsPath`,
    /// an HTTPS endpoint at that path on another free port, which the client uses.
    public static func start(httpsPath: String? = nil) async throws -> SelfServer {
        let authority = try PKI.makeCA(commonName: "kmip test CA")
        let serverCredentials = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: authority)
        let clientCredentials = try PKI.issue(commonName: "kmip-test-client", usage: .client, signedBy: authority)
        let tls = TLSConfiguration.server(certificateChain: .bytes(serverCredentials.certificatePEM), privateKey: .bytes(serverCredentials.privateKeyPEM),
                                          trustRoots: .certificates(authority.certificatePEM))
        var configuration = MockKMIPServer.Configuration(tls: tls)
        configuration.port = 0
        configuration.deterministic = true
        configuration.certificateAuthority = authority
        if let httpsPath {
            configuration.httpsPort = 0
            configuration.httpsPath = httpsPath
        }
        let clock = Clock()
        configuration.clock = { clock.seconds.load(ordering: .relaxed) }
        let store = MemoryObjectStore(sequentialIdentifiers: true)
        let server = try await MockKMIPServer.start(configuration: configuration, store: store)
        let clientTLS = TLSConfiguration.client(trustRoots: .certificates(authority.certificatePEM),
                                                certificateChain: .bytes(clientCredentials.certificatePEM), privateKey: .bytes(clientCredentials.privateKeyPEM))
        do {
            var clientConfiguration = KMIPClientConfiguration(host: "127.0.0.1", port: server.httpsPort ?? server.port, tls: clientTLS)
            clientConfiguration.httpsPath = httpsPath
            let client = try KMIPClient(configuration: clientConfiguration)
            return SelfServer(server: server, store: store, clock: clock, client: client)
        } catch {
            await server.stop()
            throw error
        }
    }

    /// The port it listens on (for TTLV over TLS).
    public var port: Int { server.port }

    /// Forgets every object, restarts the identifier sequence and sets the clock back.
    public func reset() {
        store.removeAll()
        clock.seconds.store(MockKMIPServer.fixedTime, ordering: .relaxed)
    }

    /// Moves the clock on to `elapsed` seconds after its start, never back.
    public func moveClock(toElapsed elapsed: Int64) {
        clock.seconds.max(MockKMIPServer.fixedTime + elapsed, ordering: .relaxed)
    }

    /// Stops the client and the server.
    public func stop() async {
        await client.shutdown()
        await server.stop()
    }
}
