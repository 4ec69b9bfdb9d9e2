import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import KMIPTLS
import KMIPTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import TTLV

/// The server's limits against clients that dawdle, flood or never read: each limit holds,
/// is logged, and a well-behaved client is served meanwhile.
@Suite struct HardeningTests {
    typealias Setup = ServerEndToEndTests.Setup
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// The log lines a server wrote.
    final class Log: Sendable {
        private let lines = NIOLockedValueBox<[String]>([])
        func append(_ line: String) { lines.withLockedValue { $0.append(line) } }
        func contains(_ text: String) -> Bool { lines.withLockedValue { $0.contains { $0.contains(text) } } }
    }

    func withServer(_ limits: MockKMIPServer.Limits, _ body: (MockKMIPServer, Log) async throws -> Void) async throws {
        let setup = ServerEndToEndTests.setup
        let tls = TLSConfiguration.server(certificateChain: .bytes(setup.server.certificatePEM), privateKey: .bytes(setup.server.privateKeyPEM),
                                          trustRoots: .certificates(setup.ca.certificatePEM))
        var configuration = MockKMIPServer.Configuration(tls: tls)
        configuration.port = 0
        configuration.limits = limits
        let log = Log()
        let server = try await MockKMIPServer.start(configuration: configuration, log: { log.append($0) })
        do {
            try await body(server, log)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// A well-behaved client's Get of a fresh key succeeds.
    func expectServed(_ server: MockKMIPServer) async throws {
        let client = try ServerEndToEndTests().client(server, as: ServerEndToEndTests.setup.alice)
        defer { Task { await client.shutdown() } }
        let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
        _ = try await client.get(key)
    }

    /// A connection that writes raw bytes and collects whole response messages.
    func connect(_ server: MockKMIPServer, tls: Bool = true) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let setup = ServerEndToEndTests.setup
        let context = try TLSContext(configuration: .client(
            trustRoots: .certificates(setup.ca.certificatePEM), certificateChain: .bytes(setup.alice.certificatePEM), privateKey: .bytes(setup.alice.privateKeyPEM)))
        return try await ClientBootstrap(group: Self.group).connect(host: "127.0.0.1", port: server.port) { channel in
            channel.eventLoop.makeCompletedFuture {
                if tls {
                    try KMIPChannels.configure(channel, security: .tls(context, serverName: "127.0.0.1"), options: .init())
                }
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    }

    /// Waits (at most `seconds`) for the server to close the connection; returns the messages
    /// it sent before (a TLS error on closing counts as closed).
    func closedByServer(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, within seconds: Double = 10) async throws -> [ByteBuffer] {
        try await withThrowingTaskGroup(of: [ByteBuffer]?.self) { group in
            group.addTask {
                var received: [ByteBuffer] = []
                var messages = inbound.makeAsyncIterator()
                while let message = try? await messages.next() { received.append(message) }
                return received
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return try #require(first, "the server did not close the connection within \(seconds) s")
        }
    }

    static func request(_ payloads: [any RequestPayload]) throws -> [UInt8] {
        try RequestMessage(version: .v2_1, payloads).encoded()
    }

    @Test func silentConnectionsAreClosedAfterTheHandshakeTimeout() async throws {
        var limits = MockKMIPServer.Limits()
        limits.handshakeTimeout = .milliseconds(300)
        try await withServer(limits) { server, log in
            try await connect(server, tls: false).executeThenClose { inbound, _ in
                try await expectServed(server)
                _ = try await closedByServer(inbound)
            }
            #expect(log.contains("handshake timeout"))
        }
    }

    @Test func requestsThatTrickleAreCutOff() async throws {
        var limits = MockKMIPServer.Limits()
        limits.requestTimeout = .milliseconds(500)
        try await withServer(limits) { server, log in
            let request = try Self.request([DiscoverVersionsRequest()])
            // A request in two parts well within the limit is answered.
            let prompt = try await connect(server)
            try await prompt.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: request[..<10]))
                try await Task.sleep(for: .milliseconds(100))
                try await outbound.write(ByteBuffer(bytes: request[10...]))
                var responses = inbound.makeAsyncIterator()
                let response = try #require(try await responses.next())
                #expect(try ResponseMessage(bytes: Array(response.readableBytesView)).batchItems.first?.resultStatus == .success)
            }
            // One that stalls is cut off, and others are served meanwhile.
            try await connect(server).executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: request[..<10]))
                try await expectServed(server)
                #expect(try await closedByServer(inbound).isEmpty)
            }
            #expect(log.contains("request timeout"))
        }
    }

    @Test func tooManyBatchItemsAreRefused() async throws {
        var limits = MockKMIPServer.Limits()
        limits.maxBatchItems = 2
        try await withServer(limits) { server, log in
            let client = try ServerEndToEndTests().client(server, as: ServerEndToEndTests.setup.alice)
            defer { Task { await client.shutdown() } }
            let allowed = try await client.send(RequestMessage(version: .v2_1, [QueryRequest(queryFunctions: [.queryOperations]), LocateRequest()]))
            #expect(allowed.batchItems.map(\.resultStatus) == [.success, .success])
            let refused = try await client.send(RequestMessage(version: .v2_1, [LocateRequest(), LocateRequest(), LocateRequest()]))
            #expect(refused.batchItems.map(\.resultReason) == [.serverLimitExceeded])
            #expect(log.contains("3 batch items; the limit is 2"))
        }
    }

    @Test func aClientThatDoesNotReadIsPausedAndLosesNothing() async throws {
        var limits = MockKMIPServer.Limits()
        limits.maxPendingRequests = 2
        try await withServer(limits) { server, log in
            let count = 200
            let request = try Self.request([QueryRequest(queryFunctions: [.queryOperations, .queryObjects])])
            let flooder = try await connect(server)
            try await flooder.executeThenClose { inbound, outbound in
                // Every request at once, before reading anything.
                try await outbound.write(ByteBuffer(bytes: Array([[UInt8]](repeating: request, count: count).joined())))
                try await Task.sleep(for: .milliseconds(200))
                try await expectServed(server)
                var answered = 0
                for try await response in inbound {
                    #expect(try ResponseMessage(bytes: Array(response.readableBytesView)).batchItems.first?.resultStatus == .success)
                    answered += 1
                    if answered == count { break }
                }
                #expect(answered == count)
            }
            #expect(log.contains("pending requests unanswered"))
        }
    }
}
