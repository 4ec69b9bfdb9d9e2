import Foundation
import KMIP
import KMIPClient
import KMIPSpec
import KMIPTLS
import KMIPTransport
import NIOCore
import NIOPosix
import TTLV

/// The load of `kmip bench server`: connections that each send one request message, encoded
/// once, again as soon as the response to the last one has arrived and reads as a success
/// (closed loop: the server's saturated rate), or at a fixed rate spread evenly over the
/// connections (open loop: the latency at that rate).
///
/// No task, pool or typed request per round trip: on a core it shares with the server, the
/// load generator should take as little of it as it can, so that the figures are the server's.
struct BenchLoad {
    let configuration: KMIPClientConfiguration
    let group: any EventLoopGroup
    private let security: KMIPChannels.Security

    init(configuration: KMIPClientConfiguration, group: any EventLoopGroup) throws {
        self.configuration = configuration
        self.group = group
        if let tls = configuration.tls {
            security = .tls(try TLSContext(configuration: tls), serverName: configuration.serverName ?? configuration.host)
        } else {
            security = .plaintext
        }
    }

    /// Opens `connections` connections (handshakes done), then sends `request` on each for
    /// `warmUp` seconds unmeasured and `seconds` more measured; the measured round trips'
    /// times in nanoseconds, and the seconds they took. With a `rate` (requests per second,
    /// all connections together), each connection sends on a fixed schedule and a request's
    /// time runs from when it was due, not when it went out: a server that falls behind is
    /// charged the wait it caused (no coordinated omission), and the requests due in `seconds`
    /// take until the last is answered. `name` (the operation's) is for errors.
    func run(_ request: [UInt8], name: String, connections: Int, rate: Double? = nil, warmUp: Double, seconds: Double) async throws -> (times: [UInt64], seconds: Double) {
        var handlers: [LoadConnection] = []
        var channels: [any Channel] = []
        defer { for channel in channels { channel.close(promise: nil) } }
        for _ in 0..<connections {
            let (channel, handler) = try await connect(request, name: name)
            channels.append(channel)
            handlers.append(handler)
        }
        let begin = NIODeadline.now()
        let measuredFrom = begin + .nanoseconds(Int64(warmUp * 1e9))
        let deadline = measuredFrom + .nanoseconds(Int64(seconds * 1e9))
        // At a fixed rate each connection sends every `interval`, the connections staggered.
        let interval = rate.map { UInt64(Double(connections) / $0 * 1e9) }
        var runs: [EventLoopFuture<[UInt64]>] = []
        for (index, (channel, handler)) in zip(channels, handlers).enumerated() {
            let done = channel.eventLoop.makePromise(of: [UInt64].self)
            let schedule = interval.map { (first: begin.uptimeNanoseconds + $0 * UInt64(index) / UInt64(connections), interval: $0) }
            channel.eventLoop.execute {
                handler.start(measuringFrom: measuredFrom.uptimeNanoseconds, until: deadline, schedule: schedule, done: done)
            }
            runs.append(done.futureResult)
        }
        var all: [UInt64] = []
        for run in runs { all += try await run.get() }
        let took = Double((NIODeadline.now() - measuredFrom).nanoseconds) / 1e9
        return (all, rate == nil ? seconds : max(seconds, took))
    }

    private func connect(_ request: [UInt8], name: String) async throws -> (any Channel, LoadConnection) {
        let loop = group.next()
        let handshake = loop.makePromise(of: Void.self)
        let handler = LoadConnection(request: request, name: name, options: configuration.decodingOptions, handshake: handshake)
        let channel = try await configuration.openChannel(security: security, group: loop) { handler }
        if case .plaintext = security { handshake.succeed() }
        try await handshake.futureResult.get()
        return (channel, handler)
    }
}

/// One connection of the load. Lives on its channel's event loop.
final class LoadConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let request: ByteBuffer
    private let name: String
    private let options: TTLVDecodingOptions
    private var handshake: EventLoopPromise<Void>?
    private var context: ChannelHandlerContext?
    private var run: (measuredFrom: UInt64, deadline: NIODeadline, done: EventLoopPromise<[UInt64]>)?
    /// Nanoseconds between requests at a fixed rate; nil: each as soon as the last is answered.
    private var interval: UInt64?
    /// When the request in flight was due (uptime nanoseconds): when it was sent, or its place
    /// in the fixed-rate schedule.
    private var dueAt: UInt64 = 0
    private var samples: [UInt64] = []

    init(request: [UInt8], name: String, options: TTLVDecodingOptions, handshake: EventLoopPromise<Void>) {
        self.request = ByteBuffer(bytes: request)
        self.name = name
        self.options = options
        self.handshake = handshake
    }

    /// Sends the first request (at once, or at `schedule.first` and then every
    /// `schedule.interval`, uptime nanoseconds); `done` gets the times of the round trips due
    /// at `measuredFrom` or later, once `deadline` has passed.
    func start(measuringFrom measuredFrom: UInt64, until deadline: NIODeadline, schedule: (first: UInt64, interval: UInt64)?, done: EventLoopPromise<[UInt64]>) {
        guard context != nil else {
            done.fail(CommandError("\(name): the connection closed before the load started"))
            return
        }
        run = (measuredFrom, deadline, done)
        samples.reserveCapacity(1 << 16)
        interval = schedule?.interval
        sendWhenDue(schedule?.first ?? DispatchTime.now().uptimeNanoseconds)
    }

    /// Sends the request due at `due` then, or now if that has passed.
    private func sendWhenDue(_ due: UInt64) {
        dueAt = due
        guard let context, due > DispatchTime.now().uptimeNanoseconds else { return send() }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(deadline: .uptimeNanoseconds(due)) { handler.value.send() }
    }

    private func send() {
        context?.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard let run else { return fail(CommandError("\(name): the server sent a message nobody asked for")) }
        do {
            try check(unwrapInboundIn(data))
        } catch {
            return fail(error)
        }
        if dueAt >= run.measuredFrom { samples.append(now - dueAt) }
        let next = interval.map { dueAt + $0 } ?? now
        if next < run.deadline.uptimeNanoseconds {
            sendWhenDue(next)
        } else {
            self.run = nil
            run.done.succeed(samples)
        }
    }

    /// Throws unless `message` is a response with one successful result. A success is read in
    /// place; anything else is decoded and read into the message model (for its reason).
    private func check(_ message: ByteBuffer) throws {
        if message.withUnsafeReadableBytes(Self.isOneSuccess) { return }
        let item = try message.withUnsafeReadableBytes { bytes in try TTLVDecoder.decode(bytes, options: options) }
        let response = try ResponseMessage(ttlv: item)
        guard response.batchItems.count == 1, let result = response.batchItems.first else {
            throw CommandError("\(name): the response has \(response.batchItems.count) results for one request")
        }
        if result.resultStatus == .success { return }
        throw CommandError("\(name) failed: \(result.resultReason.map { "\($0)" } ?? "\(result.resultStatus)")\(result.resultMessage.map { ": \($0)" } ?? "")")
    }

    /// Whether `bytes` is exactly a Response Message whose one Batch Item has Result Status
    /// Success, read from the TTLV headers in place (no tree): the answer the load expects,
    /// checked for a few loads. Items are walked by their padded lengths; anything out of
    /// shape is false.
    static func isOneSuccess(_ bytes: UnsafeRawBufferPointer) -> Bool {
        /// The tag, type and padded end of the item at `offset`, if its header fits before `end`.
        func item(at offset: Int, before end: Int) -> (tag: UInt32, type: UInt8, length: Int, end: Int)? {
            guard offset + 8 <= end else { return nil }
            let word = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            let length = Int(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            let itemEnd = offset + 8 + (length + 7) & ~7
            return itemEnd <= end ? (word >> 8, UInt8(truncatingIfNeeded: word), length, itemEnd) : nil
        }
        guard let message = item(at: 0, before: bytes.count), message.tag == Tag.responseMessage.rawValue,
              message.type == ItemType.structure.rawValue, message.end == bytes.count else { return false }
        var batchItems = 0
        var successes = 0
        var offset = 8
        while offset < message.end {
            guard let child = item(at: offset, before: message.end) else { return false }
            if child.tag == Tag.batchItem.rawValue {
                guard child.type == ItemType.structure.rawValue else { return false }
                batchItems += 1
                var field = offset + 8
                while field < child.end {
                    guard let inner = item(at: field, before: child.end) else { return false }
                    if inner.tag == Tag.resultStatus.rawValue, inner.type == ItemType.enumeration.rawValue, inner.length == 4,
                       bytes.loadUnaligned(fromByteOffset: field + 8, as: UInt32.self) == ResultStatus.success.rawValue.bigEndian {
                        successes += 1
                    }
                    field = inner.end
                }
            }
            offset = child.end
        }
        return batchItems == 1 && successes == 1
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSEvent {
            handshake?.succeed()
            handshake = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(CommandError("\(name): the server closed the connection"))
        context.fireChannelInactive()
    }

    /// Fails whatever waits on this connection and closes it.
    private func fail(_ error: any Error) {
        handshake?.fail(error)
        handshake = nil
        run?.done.fail(error)
        run = nil
        context?.close(promise: nil)
        context = nil
    }
}
