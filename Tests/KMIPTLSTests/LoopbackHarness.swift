import KMIPTLS
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// What one side of a connection saw.
final class Observations: @unchecked Sendable {
    private let lock = NIOLock()
    private var _errors: [any Error] = []
    private var _info: TLSConnectionInfo?

    var errors: [any Error] { lock.withLock { _errors } }
    var info: TLSConnectionInfo? { lock.withLock { _info } }
    var tlsErrors: [TLSError] { errors.compactMap { $0 as? TLSError } }
    /// Every OpenSSL reason in the errors, joined, for matching.
    var reasons: String { tlsErrors.map { ([$0.operation] + $0.reasons).joined(separator: "; ") }.joined(separator: " | ") }

    func record(_ error: any Error) { lock.withLock { _errors.append(error) } }
    func record(_ info: TLSConnectionInfo) { lock.withLock { _info = info } }
}

/// Records TLS events and errors, and echoes (server) or collects (client) data.
final class EndpointHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let observations: Observations
    let echo: Bool
    let expected: Int
    let received: EventLoopPromise<[UInt8]>?
    private var collected: [UInt8] = []

    init(observations: Observations, echo: Bool, expected: Int = 0, received: EventLoopPromise<[UInt8]>? = nil) {
        self.observations = observations
        self.echo = echo
        self.expected = expected
        self.received = received
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if echo {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        } else {
            collected += buffer.readableBytesView
            if collected.count >= expected { received?.succeed(collected) }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted(let info)? = event as? TLSEvent { observations.record(info) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        observations.record(error)
        received?.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        received?.fail(TLSError(.ioFailed, operation: "closed before the reply arrived"))
        context.fireChannelInactive()
    }
}

/// A TLS echo server on 127.0.0.1 and an ephemeral port.
final class EchoServer: @unchecked Sendable {
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel
    let observations = Observations()
    var port: Int { channel.localAddress?.port ?? 0 }

    init(group: MultiThreadedEventLoopGroup, configuration: TLSConfiguration) async throws {
        self.group = group
        let context = try TLSContext(configuration: configuration)
        let observations = self.observations
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context))
                    try channel.pipeline.syncOperations.addHandler(EndpointHandler(observations: observations, echo: true))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async throws {
        try await channel.close()
    }

    /// Connects, sends `message`, and waits for the echo (or the failure).
    func roundTrip(_ message: [UInt8], configuration: TLSConfiguration, serverName: String = "localhost", chunk: Int? = nil) async throws -> (Result<[UInt8], any Error>, Observations) {
        let context = try TLSContext(configuration: configuration)
        let observations = Observations()
        let promise = group.next().makePromise(of: [UInt8].self)
        let client = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context, serverName: serverName))
                    try channel.pipeline.syncOperations.addHandler(EndpointHandler(observations: observations, echo: false, expected: message.count, received: promise))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let size = chunk ?? max(message.count, 1)
        var offset = 0
        while offset < message.count {
            let end = min(offset + size, message.count)
            client.write(ByteBuffer(bytes: message[offset..<end]), promise: nil)
            offset = end
        }
        client.flush()
        let result: Result<[UInt8], any Error>
        do {
            result = .success(try await promise.futureResult.get())
        } catch {
            result = .failure(error)
        }
        try? await client.close()
        return (result, observations)
    }
}
