import KMIPTLS
import NIOCore
import TTLV

/// Closes connections that dawdle: a TLS handshake not finished within the handshake time-out
/// (idle or trickling sockets), and a request whose bytes do not all arrive within the request
/// time-out of its first one (slowloris). It sits between TLS and the TTLV framer and follows
/// message boundaries from each 8-byte header; the framer still does the real framing.
final class ConnectionGuard: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let handshakeTimeout: TimeAmount
    private let requestTimeout: TimeAmount
    private let secured: Bool
    private let options: TTLVDecodingOptions
    private let log: MockKMIPServer.Logger
    private var handshakeDeadline: Scheduled<Void>?
    /// When the current message's first byte arrived; nil between messages.
    private var messageStarted: NIODeadline?
    /// The one pending check of the request time-out. It is not moved for each message: when
    /// it runs it closes the connection or, if a later message is in progress, checks again
    /// at that message's deadline.
    private var requestCheck: Scheduled<Void>?
    /// The bytes of the current message's header seen so far (at most 8).
    private var header: [UInt8] = []
    /// Body bytes of the current message still to come.
    private var remaining = 0

    init(configuration: MockKMIPServer.Configuration, secured: Bool, log: @escaping MockKMIPServer.Logger) {
        self.handshakeTimeout = configuration.handshakeTimeout
        self.requestTimeout = configuration.requestTimeout
        self.secured = secured
        self.options = configuration.decodingOptions
        self.log = log
        header.reserveCapacity(8)
    }

    func channelActive(context: ChannelHandlerContext) {
        if secured {
            handshakeDeadline = context.closeLater(after: handshakeTimeout, reason: Self.handshakeTimedOut(handshakeTimeout), log: log)
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSEvent {
            handshakeDeadline?.cancel()
            handshakeDeadline = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let wasInMessage = inMessage
        let completed = follow(buffer.readableBytesView)
        if inMessage {
            let started = completed || !wasInMessage ? NIODeadline.now() : messageStarted ?? .now()
            messageStarted = started
            if requestCheck == nil { scheduleRequestCheck(context, at: started + requestTimeout) }
        } else {
            messageStarted = nil
        }
        context.fireChannelRead(data)
    }

    /// Closes the connection at `deadline` if the message begun then is still incomplete.
    private func scheduleRequestCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        requestCheck = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            handler.requestCheck = nil
            guard let started = handler.messageStarted else { return }
            let due = started + handler.requestTimeout
            if due <= .now() {
                handler.log("client=\(context.channel.remoteAddress?.description ?? "unknown") closed: request timeout: a request did not arrive in full within \(handler.requestTimeout.readable) (--request-timeout)")
                context.close(promise: nil)
            } else {
                handler.scheduleRequestCheck(context, at: due)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeDeadline?.cancel()
        requestCheck?.cancel()
        context.fireChannelInactive()
    }

    private var inMessage: Bool { !header.isEmpty || remaining > 0 }

    /// Advances over `bytes`; true when at least one message ended in them.
    private func follow(_ bytes: ByteBufferView) -> Bool {
        var completed = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if remaining > 0 {
                let take = min(remaining, bytes.endIndex - index)
                remaining -= take
                index += take
                completed = completed || remaining == 0
                continue
            }
            header.append(bytes[index])
            index += 1
            guard header.count == 8 else { continue }
            // A header the framer will refuse: it answers and closes; stop following.
            guard let length = try? TTLVFramer.messageLength(header, options: options) else {
                header.removeAll(keepingCapacity: true)
                return completed
            }
            header.removeAll(keepingCapacity: true)
            remaining = length - 8
            completed = completed || remaining == 0
        }
        return completed
    }

    /// The log's reason for a handshake that took too long.
    static func handshakeTimedOut(_ timeout: TimeAmount) -> String {
        "handshake timeout: no TLS handshake within \(timeout.readable) (--handshake-timeout)"
    }
}

extension ChannelHandlerContext {
    /// Closes the channel after `delay`, saying why in the log, unless cancelled first.
    func closeLater(after delay: TimeAmount, reason: String, log: @escaping MockKMIPServer.Logger) -> Scheduled<Void> {
        let channel = self.channel
        return eventLoop.scheduleTask(in: delay) {
            log("client=\(channel.remoteAddress?.description ?? "unknown") closed: \(reason)")
            channel.close(promise: nil)
        }
    }
}

extension TimeAmount {
    /// "3 s", "250 ms": for log lines and errors.
    var readable: String {
        nanoseconds % 1_000_000_000 == 0 ? "\(nanoseconds / 1_000_000_000) s" : "\(nanoseconds / 1_000_000) ms"
    }
}
