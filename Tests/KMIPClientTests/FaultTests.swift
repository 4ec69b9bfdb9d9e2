import KMIP
import KMIPClient
import KMIPSpec
import KMIPTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import TTLV

/// A scripted plaintext KMIP server on loopback: for each request frame, `script` says what
/// to do, by connection number and request number.
final class ScriptedServer: @unchecked Sendable {
    enum Action: Sendable {
        case reply([UInt8])
        case close
        case ignore
    }

    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    init(group: any EventLoopGroup, script: @escaping @Sendable (_ connection: Int, _ request: [UInt8]) -> Action) async throws {
        let counter = ConnectionCounter()
        channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try KMIPChannels.configure(channel, security: .plaintext, options: .init())
                    try channel.pipeline.syncOperations.addHandler(ScriptHandler(connection: counter.next(), script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    final class ConnectionCounter: Sendable {
        private let count = NIOLockedValueBox(0)
        func next() -> Int { count.withLockedValue { $0 += 1; return $0 } }
    }

    final class ScriptHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let connection: Int
        let script: @Sendable (Int, [UInt8]) -> Action
        init(connection: Int, script: @escaping @Sendable (Int, [UInt8]) -> Action) {
            self.connection = connection
            self.script = script
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch script(connection, Array(unwrapInboundIn(data).readableBytesView)) {
            case .reply(let bytes): context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
            case .close: context.close(promise: nil)
            case .ignore: break
            }
        }
    }

    func stop() async throws { try await channel.close() }
}

@Suite struct FaultTests {
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// A successful Locate response at 2.0 with one identifier.
    static let locateResponse: [UInt8] = {
        let header = ResponseHeader(protocolVersion: .v2_0, timeStamp: DateTime(secondsSince1970: 0), batchCount: 1)
        let message = ResponseMessage(header: header, batchItems: [ResponseBatchItem(LocateResponse(uniqueIdentifiers: ["k1"]))])
        return (try? message.encoded()) ?? []
    }()

    static let failedResponse: [UInt8] = {
        let header = ResponseHeader(protocolVersion: .v2_0, timeStamp: DateTime(secondsSince1970: 0), batchCount: 1)
        let item = ResponseBatchItem(operation: .destroy, resultStatus: .operationFailed, resultReason: .permissionDenied, resultMessage: "not yours")
        return (try? ResponseMessage(header: header, batchItems: [item]).encoded()) ?? []
    }()

    func client(_ port: Int, timeout: Duration = .seconds(5)) throws -> KMIPClient {
        var configuration = KMIPClientConfiguration.plaintext(host: "127.0.0.1", port: port)
        configuration.version = .v2_0
        configuration.requestTimeout = timeout
        return try KMIPClient(configuration: configuration, eventLoopGroup: Self.group)
    }

    @Test func idempotentRequestsAreRetriedOnAFreshConnection() async throws {
        let server = try await ScriptedServer(group: Self.group) { connection, _ in connection == 1 ? .close : .reply(Self.locateResponse) }
        let client = try client(server.port)
        #expect(try await client.locate() == ["k1"])
        await client.shutdown()
        try await server.stop()
    }

    @Test func nonIdempotentRequestsAreNotRetried() async throws {
        let server = try await ScriptedServer(group: Self.group) { connection, _ in connection == 1 ? .close : .reply(Self.failedResponse) }
        let client = try client(server.port)
        await #expect(throws: KMIPClientError(.connectionClosed, message: "")) { try await client.destroy("k1") }
        await client.shutdown()
        try await server.stop()
    }

    @Test func serverErrorsBecomeTypedErrors() async throws {
        let server = try await ScriptedServer(group: Self.group) { _, _ in .reply(Self.failedResponse) }
        let client = try client(server.port)
        do {
            try await client.destroy("k1")
            Issue.record("expected a failure")
        } catch let error as KMIPClientError {
            #expect(error.code == .operationFailed)
            #expect(error.resultReason == .permissionDenied)
            #expect(error.message == "not yours")
            #expect(error.operation == .destroy)
        }
        await client.shutdown()
        try await server.stop()
    }

    @Test func silentServersTimeOut() async throws {
        let server = try await ScriptedServer(group: Self.group) { _, _ in .ignore }
        let client = try client(server.port, timeout: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: KMIPClientError(.timeout, message: "")) { try await client.destroy("k1") }
        #expect(clock.now - start < .seconds(5))
        await client.shutdown()
        try await server.stop()
    }

    /// A request's time-out runs from when it was sent, whatever came before it on the connection.
    @Test func aTimeOutCountsFromItsOwnRequest() async throws {
        let requests = ScriptedServer.ConnectionCounter()
        let server = try await ScriptedServer(group: Self.group) { _, _ in requests.next() == 1 ? .reply(Self.locateResponse) : .ignore }
        let client = try client(server.port, timeout: .milliseconds(400))
        #expect(try await client.locate() == ["k1"])
        try await Task.sleep(for: .milliseconds(250))
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: KMIPClientError(.timeout, message: "")) { try await client.locate() }
        #expect(clock.now - start >= .milliseconds(350))
        await client.shutdown()
        try await server.stop()
    }

    @Test func unreachableServersFailToConnect() async throws {
        let server = try await ScriptedServer(group: Self.group) { _, _ in .ignore }
        let port = server.port
        try await server.stop()
        let client = try client(port)
        await #expect(throws: KMIPClientError(.connectionFailed, message: "")) { try await client.locate() }
        await client.shutdown()
    }

    @Test func garbageResponsesAreProtocolErrors() async throws {
        let server = try await ScriptedServer(group: Self.group) { _, _ in .reply([0x42, 0x00, 0x7B, 0x01, 0, 0, 0, 8, 0x42, 0x00, 0x0D, 0x07, 0, 0, 0, 0]) }
        let client = try client(server.port)
        await #expect(throws: KMIPClientError(.protocolError, message: "")) { try await client.locate() }
        await client.shutdown()
        try await server.stop()
    }

    @Test func plaintextMustBeAskedFor() {
        var configuration = KMIPClientConfiguration.plaintext(host: "127.0.0.1", port: 1)
        configuration.allowPlaintext = false
        #expect(throws: KMIPClientError(.invalidRequest, message: "")) { try KMIPClient(configuration: configuration) }
    }
}
