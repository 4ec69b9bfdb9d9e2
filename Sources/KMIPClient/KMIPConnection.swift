import KMIPTLS
import KMIPTransport
import NIOCore
import NIOHTTP1
import NIOPosix
import TTLV

/// One connection to a KMIP server: requests go out in order and responses are matched to
/// them in order (KMIP answers each request message with one response message).
final class KMIPConnection: Sendable {
    let channel: any Channel
    private let handler: ResponseMatcher

    private init(channel: any Channel, handler: ResponseMatcher) {
        self.channel = channel
        self.handler = handler
    }

    /// Connects and, for TLS, waits for the handshake.
    static func connect(
        configuration: KMIPClientConfiguration, tlsContext: TLSContext?, group: any EventLoopGroup
    ) async throws -> KMIPConnection {
        let security: KMIPChannels.Security
        if let tlsContext {
            security = .tls(tlsContext, serverName: configuration.serverName ?? configuration.host)
        } else if configuration.allowPlaintext {
            security = .plaintext
        } else {
            throw KMIPClientError(.invalidRequest, message: "no TLS configuration; plaintext needs allowPlaintext")
        }
        let handshake = group.next().makePromise(of: Void.self)
        let timeout = TimeAmount(configuration.connectTimeout)
        let channel: any Channel
        do {
            channel = try await configuration.openChannel(security: security, group: group) {
                ResponseMatcher(handshake: handshake, secured: tlsContext != nil)
            }
        } catch {
            handshake.fail(error)
            throw KMIPClientError(.connectionFailed, message: "\(configuration.host):\(configuration.port): \(error)")
        }
        let scheduled = channel.eventLoop.scheduleTask(in: timeout) {
            handshake.fail(KMIPClientError(.timeout, message: "TLS handshake with \(configuration.host):\(configuration.port) took longer than \(configuration.connectTimeout)"))
        }
        do {
            try await handshake.futureResult.get()
            scheduled.cancel()
        } catch {
            scheduled.cancel()
            channel.close(promise: nil)
            if let error = error as? KMIPClientError { throw error }
            throw KMIPClientError(.connectionFailed, message: "\(configuration.host):\(configuration.port): \(error)")
        }
        let handler = try await channel.pipeline.handler(type: ResponseMatcher.self).get()
        return KMIPConnection(channel: channel, handler: handler)
    }

    /// Whether the connection can take another request.
    var isUsable: Bool { channel.isActive }

    /// Sends one encoded request message and returns the encoded response message.
    func send(_ request: [UInt8], timeout: Duration) async throws -> [UInt8] {
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let limit = TimeAmount(timeout)
        if channel.eventLoop.inEventLoop {
            handler.enqueue(promise, request: request, channel: channel, timeout: limit)
        } else {
            channel.eventLoop.execute { [handler, channel] in
                handler.enqueue(promise, request: request, channel: channel, timeout: limit)
            }
        }
        let response = try await promise.futureResult.get()
        return Array(response.readableBytesView)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Matches response frames to outstanding requests, in order; fails them all when the
/// connection ends or errs. Lives on its channel's event loop.
final class ResponseMatcher: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let pending: PendingReplies<ByteBuffer, KMIPClientError>

    init(handshake: EventLoopPromise<Void>, secured: Bool) {
        pending = PendingReplies(handshake: handshake, secured: secured) { timeout in
            KMIPClientError(.timeout, message: "no response within \(timeout.nanoseconds / 1_000_000) ms")
        }
    }

    func enqueue(_ promise: EventLoopPromise<ByteBuffer>, request: [UInt8], channel: any Channel, timeout: TimeAmount) {
        if pending.add(promise, timeout: timeout, on: channel) {
            channel.writeAndFlush(ByteBuffer(bytes: request), promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard pending.succeedNext(unwrapInboundIn(data)) else {
            pending.failAll(KMIPClientError(.protocolError, message: "the server sent a message nobody asked for"))
            context.close(promise: nil)
            return
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        pending.observe(event)
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let described: KMIPClientError = if let error = error as? KMIPClientError {
            error
        } else if let tls = error as? TLSError {
            KMIPClientError(.connectionFailed, message: tls.description)
        } else if let ttlv = error as? TTLVError {
            KMIPClientError(.protocolError, message: "unreadable response: \(ttlv)")
        } else {
            KMIPClientError(.connectionClosed, message: "\(error)")
        }
        pending.failAll(described)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending.failAll(KMIPClientError(.connectionClosed, message: "the server closed the connection"))
        context.fireChannelInactive()
    }
}

extension KMIPClientConfiguration {
    /// Connects to this configuration's server (TCP no-delay, its connect time-out) through the
    /// pipeline the client uses: TLS when `security` says so, then TTLV framing, or HTTP with
    /// one POST to `httpsPath` per message; the handler `makeHandler` makes comes last and
    /// reads and writes whole messages as `ByteBuffer`s. Does not wait for the handshake.
    package func openChannel(security: KMIPChannels.Security, group: any EventLoopGroup,
                            makeHandler: @escaping @Sendable () -> any ChannelHandler) async throws -> any Channel {
        let options = decodingOptions
        return try await ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let httpsPath {
                        if case .tls(let context, let serverName) = security { try operations.addHandler(TLSHandler(context: context, serverName: serverName)) }
                        try operations.addHTTPClientHandlers()
                        try operations.addHandler(HTTPMessageFraming(path: httpsPath, host: host, maxBytes: options.maxMessageBytes))
                    } else {
                        try KMIPChannels.configure(channel, security: security, options: options)
                    }
                    try operations.addHandler(makeHandler())
                }
            }
            .connect(host: host, port: port).get()
    }
}
