import KMIP
public import KMIPSpec
public import KMIPTLS
import KMIPTransport
public import NIOCore
import NIOHTTP1
import NIOPosix
public import TTLV
import Foundation
import Synchronization

/// The mock KMIP server on SwiftNIO: TLS (mutual by default), TTLV framing, and a
/// `Dispatcher` per request. Requests on one connection are answered in order.
public final class MockKMIPServer: Sendable {
    /// How the server listens.
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        /// 0 picks a free port; `port` on the running server says which.
        public var port = 5696
        /// A second port for KMIP over HTTPS (`KMIPHTTPHandler`), same TLS and objects; nil for
        /// none, 0 for a free one (`httpsPort` on the running server).
        public var httpsPort: Int?
        /// The HTTPS endpoint's path.
        public var httpsPath = "/kmip"
        /// The body encodings the HTTPS endpoint takes (TTLV; `kmip serve` adds XML and JSON).
        public var httpsEncodings: [HTTPBodyEncoding] = [.ttlv]
        /// The CA that Certify and Re-certify sign with (its certificate and key); nil: those
        /// operations are refused with Feature Not Supported.
        public var certificateAuthority: Credentials?
        /// TLS; `nil` only with `allowPlaintext`.
        public var tls: TLSConfiguration?
        /// Serve without TLS (explicitly asked for; every client is then "plaintext-client").
        public var allowPlaintext = false
        public var decodingOptions = TTLVDecodingOptions()
        /// A fixed clock (`fixedTime`), so that test vectors replay exactly; pair it
        /// with `MemoryObjectStore(sequentialIdentifiers: true)`.
        public var deterministic = false
        /// The server's time in seconds since 1970, when set; else the system's (or, with
        /// `deterministic`, the fixed time). `kmip test --self` moves it as the recordings did.
        public var clock: (@Sendable () -> Int64)?
        /// The most connections open at once; a connection beyond it is closed at once (logged).
        public var maxConnections = 1024
        /// The most identifiers one Locate returns, whatever the client asks (logged when hit).
        public var maxLocateItems = 100_000
        /// The most multi-part operations one client keeps open at once; one more gets Server
        /// Limit Exceeded (logged).
        public var maxOpenRuns = 64
        /// The most batch items in one request; more get Server Limit Exceeded.
        public var maxBatchItems = 1000
        /// Time a client has to finish its TLS handshake.
        public var handshakeTimeout: TimeAmount = .seconds(10)
        /// Time a request may take to arrive in full once its first byte has.
        public var requestTimeout: TimeAmount = .seconds(30)
        /// Requests read from one connection and not yet answered; at the limit the server
        /// stops reading that connection until its client takes the responses.
        public var maxPendingRequests = 32
        /// Event-loop threads when the server makes its own group; `nil`: `defaultThreads`.
        public var threads: Int?
        /// Runs the server's own event loops under `SCHED_BATCH` (see `BatchScheduling`): a
        /// request arriving waits for a client running on the same core to block rather than
        /// preempting it. Where the system refuses, the log says so and the server runs.
        public var batchScheduling = false

        public init(tls: TLSConfiguration?) {
            self.tls = tls
        }
    }

    /// The time of the deterministic clock: 2023-11-14T22:13:20Z.
    public static let fixedTime: Int64 = 1_700_000_000

    /// A line for each request: client, operations, results. Never key material.
    public typealias Logger = @Sendable (String) -> Void

    public let channel: any Channel
    /// The KMIP-over-HTTPS listener, when configured.
    public let httpsChannel: (any Channel)?
    private let group: any EventLoopGroup
    private let ownsGroup: Bool

    /// The port the server listens on.
    public var port: Int { channel.localAddress?.port ?? 0 }
    /// The port of KMIP over HTTPS, when configured.
    public var httpsPort: Int? { httpsChannel.map { $0.localAddress?.port ?? 0 } }

    private init(channel: any Channel, httpsChannel: (any Channel)?, group: any EventLoopGroup, ownsGroup: Bool) {
        self.channel = channel
        self.httpsChannel = httpsChannel
        self.group = group
        self.ownsGroup = ownsGroup
    }

    /// Starts listening.
    public static func start(
        configuration: Configuration, store: any ObjectStore = MemoryObjectStore(), handlers: [KMIPSpec.Operation: OperationHandler] = StandardOperations.all,
        group: (any EventLoopGroup)? = nil, log: @escaping Logger = { _ in }
    ) async throws -> MockKMIPServer {
        let security: KMIPChannels.Security
        if let tls = configuration.tls {
            security = .tls(try TLSContext(configuration: tls), serverName: nil)
        } else if configuration.allowPlaintext {
            security = .plaintext
        } else {
            throw TLSError(.configuration, operation: "a server needs TLS settings (or allowPlaintext)")
        }
        let deterministic = configuration.deterministic
        let clock: @Sendable () -> Int64 = configuration.clock ?? { deterministic ? fixedTime : Int64(Date().timeIntervalSince1970) }
        let dispatcher = Dispatcher(store: store, clock: clock, handlers: handlers, decodingOptions: configuration.decodingOptions,
                                    maxBatchItems: configuration.maxBatchItems, maxLocateItems: configuration.maxLocateItems,
                                    streams: CryptoStreams(perClient: configuration.maxOpenRuns), certificateAuthority: configuration.certificateAuthority)
        let connections = ConnectionCount(limit: configuration.maxConnections)
        let schedulers = RequestSchedulers()
        let eventLoops = group ?? MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads ?? defaultThreads)
        if configuration.batchScheduling, group == nil {
            do {
                try await BatchScheduling.apply(to: eventLoops)
            } catch {
                // Only throughput on a shared core depends on it: say so and serve.
                log("\(error); the event loops keep the normal policy")
            }
        }
        let options = configuration.decodingOptions
        let secured: Bool = if case .tls = security { true } else { false }
        /// A listener on `port` whose connections count against the limit (`kind` names them
        /// in the log) and get the pipeline `configure` builds.
        func listen(on port: Int, kind: String, _ configure: @escaping @Sendable (any Channel) throws -> Void) async throws -> any Channel {
            try await ServerBootstrap(group: eventLoops)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    guard connections.open() else {
                        log("connection limit hit: \(configuration.maxConnections) connections are open; closed the \(kind) from \(channel.remoteAddress?.description ?? "?") (--max-connections)")
                        return channel.eventLoop.makeFailedFuture(ConnectionCount.LimitReached())
                    }
                    channel.closeFuture.whenComplete { _ in connections.close() }
                    return channel.eventLoop.makeCompletedFuture { try configure(channel) }
                }
                .bind(host: configuration.host, port: port).get()
        }
        let channel = try await listen(on: configuration.port, kind: "one") { channel in
            try KMIPChannels.configure(channel, security: security, options: options) { operations in
                try operations.addHandler(ConnectionGuard(configuration: configuration, secured: secured, log: log))
            }
            try channel.pipeline.syncOperations.addHandler(
                ConnectionHandler(dispatcher: dispatcher, scheduler: schedulers.scheduler(for: channel.eventLoop), secured: secured, maxPendingRequests: configuration.maxPendingRequests, log: log))
        }
        var httpsChannel: (any Channel)?
        if let httpsPort = configuration.httpsPort {
            do {
                httpsChannel = try await listen(on: httpsPort, kind: "HTTPS one") { channel in
                    let operations = channel.pipeline.syncOperations
                    if case .tls(let context, _) = security { try operations.addHandler(TLSHandler(context: context, serverName: nil)) }
                    try operations.configureHTTPServerPipeline(withErrorHandling: true)
                    try operations.addHandler(KMIPHTTPHandler(dispatcher: dispatcher, configuration: configuration, secured: secured, log: log))
                }
            } catch {
                try? await channel.close()
                throw error
            }
        }
        return MockKMIPServer(channel: channel, httpsChannel: httpsChannel, group: eventLoops, ownsGroup: group == nil)
    }

    /// One event loop for every two CPUs this process may run on (at least one): a mock server
    /// shares its machine with the clients it serves, and one more busy thread than cores
    /// stalls a loop for whole time slices. With two cores shared with a 16-connection load,
    /// one loop served 40 % more Gets than two, with p99 1.2-1.9 ms rather than 3-4.6 ms. With
    /// the lean load of `kmip bench server` (a third less CPU per request than the client), two
    /// loops served up to half as much again when the host was quiet, but at p99 5-6 ms when
    /// it was not (one loop: 3-3.5 ms).
    static var defaultThreads: Int { max(1, usableCores / 2) }

    /// The CPUs this process may run on (its affinity mask, as `taskset` sets it), not the
    /// machine's.
    static var usableCores: Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return System.coreCount }
        let count = line.dropFirst("Cpus_allowed:".count).split(separator: ",").reduce(0) { count, group in
            count + (UInt32(group.trimmingCharacters(in: .whitespaces), radix: 16)?.nonzeroBitCount ?? 0)
        }
        return max(1, min(count, System.coreCount))
    }

    /// Stops listening (open connections are closed too when the server owns its threads).
    public func stop() async {
        try? await channel.close()
        try? await httpsChannel?.close()
        if ownsGroup { try? await group.shutdownGracefully() }
    }
}

/// One connection: learns the client identity from the TLS handshake, then answers each
/// request frame in order. With `maxPendingRequests` requests unanswered (a client that does
/// not read its responses, or floods), it stops reading until responses have gone out.
final class ConnectionHandler: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let dispatcher: Dispatcher
    private let log: MockKMIPServer.Logger
    private let maxPendingRequests: Int
    private var identity: String?
    /// The previous request's work, so responses go out in request order.
    private var tail: Task<Void, Never>?
    /// Requests read and not yet answered (the response written to the socket).
    private var pending = 0
    /// A read the pipeline asked for while reading was paused.
    private var deferredRead = false
    /// Runs the requests' tasks on this connection's event loop.
    private var executor: EventLoopTaskExecutor?
    /// Set by the first error: the connection is being closed.
    private var closing = false
    /// The latest response's write, which completes after every earlier one.
    private var lastWritten: EventLoopFuture<Void>?
    /// Orders this connection's work with the other connections' on its event loop.
    private let scheduler: RequestScheduler
    /// When this connection was last served, in `scheduler`'s count (0: not yet).
    private var turn: UInt64 = 0

    init(dispatcher: Dispatcher, scheduler: RequestScheduler, secured: Bool, maxPendingRequests: Int, log: @escaping MockKMIPServer.Logger) {
        self.dispatcher = dispatcher
        self.scheduler = scheduler
        self.log = log
        self.maxPendingRequests = maxPendingRequests
        self.identity = secured ? nil : "plaintext-client"
    }

    func read(context: ChannelHandlerContext) {
        guard pending < maxPendingRequests else {
            deferredRead = true
            return
        }
        context.read()
    }

    /// A response went out (or could not): reading resumes below the limit.
    private func answered(context: ChannelHandlerContext) {
        pending -= 1
        if deferredRead, pending < maxPendingRequests {
            deferredRead = false
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted(let info)? = event as? TLSEvent {
            identity = info.peerCertificate.map { $0.commonName ?? $0.subject } ?? "anonymous"
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += 1
        if pending == maxPendingRequests {
            log("client=\(identity ?? "anonymous") paused: \(pending) pending requests unanswered; reading stops until responses are taken (--max-pending-requests)")
        }
        let bytes = Array(unwrapInboundIn(data).readableBytesView)
        scheduler.submit(turn: turn) { [self] in
            turn = scheduler.nextTurn()
            serve(bytes, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !closing else { return }
        closing = true
        // After the requests already read, whose answers are due first.
        scheduler.submit(turn: turn) { [self] in close(after: error, context: context) }
    }

    private func serve(_ bytes: [UInt8], context: ChannelHandlerContext) {
        let client = identity ?? "anonymous"
        let channel = context.channel
        let previous = tail
        let dispatcher = self.dispatcher
        let log = self.log
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let executor = self.executor ?? EventLoopTaskExecutor(context.eventLoop)
        self.executor = executor
        // Started at once, on this thread: where nothing suspends (the memory store) the request
        // is served and answered now, before the next connection's; where something does
        // (SQLite, an earlier request still running), the rest runs on this loop.
        tail = Task.immediate(executorPreference: executor) {
            await previous?.value
            let (response, outcome) = await dispatcher.handle(bytes, client: client)
            log(Self.line(client: client, outcome: outcome))
            // The task runs on the connection's event loop, so the response is written at once; it
            // counts as answered once the socket took it (from a client that does not read, never:
            // reading pauses at the limit). A connection that closed meanwhile simply drops it.
            let send: @Sendable () -> Void = {
                let written = channel.eventLoop.makePromise(of: Void.self)
                written.futureResult.whenComplete { _ in loopBound.value.0.answered(context: loopBound.value.1) }
                loopBound.value.0.lastWritten = written.futureResult
                loopBound.value.0.scheduler.write(ByteBuffer(bytes: response), to: channel, promise: written)
            }
            if channel.eventLoop.inEventLoop { send() } else { channel.eventLoop.execute(send) }
        }
    }

    private func close(after error: any Error, context: ChannelHandlerContext) {
        let client = identity ?? "unknown"
        let channel = context.channel
        let previous = tail
        let log = self.log
        var response: [UInt8]?
        switch error {
        case let error as TTLVError:
            // The stream cannot be framed any more: say why (after the answers already due),
            // then close. A message cut short by the peer closing cannot be answered.
            log("client=\(client) \(Self.describe(error)); closing the connection")
            let header = ResponseHeader(protocolVersion: .v1_0, timeStamp: DateTime(secondsSince1970: Int64(Date().timeIntervalSince1970)), batchCount: 1)
            let item = ResponseBatchItem(operation: nil, resultStatus: .operationFailed, resultReason: .invalidMessage, resultMessage: error.description)
            response = error.code == .truncated ? nil : try? ResponseMessage(header: header, batchItems: [item]).encoded()
        case let error as TLSError:
            log("client=\(client) TLS: \(error)")
        default:
            log("client=\(client) closed: \(error)")
        }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        tail = Task {
            await previous?.value
            // The answers already due reach the socket before the connection closes.
            try? await channel.eventLoop.flatSubmit { handler.value.lastWritten ?? channel.eventLoop.makeSucceededVoidFuture() }.get()
            if let response { try? await channel.writeAndFlush(ByteBuffer(bytes: response)) }
            try? await channel.close()
        }
    }

    /// A framing error for the log.
    static func describe(_ error: TTLVError) -> String {
        switch error.code {
        case .messageTooLarge: "message size limit hit: \(error.reason) (--max-message-bytes)"
        case .truncated: "truncated message: \(error.reason)"
        default: "malformed message: \(error)"
        }
    }

    static func line(client: String, outcome: Dispatcher.Outcome) -> String {
        var text = "client=" + client
        var separator = " "
        for operation in outcome.operations {
            text += separator + (operation.operation?.description ?? "?") + " " + operation.status.description
            if let reason = operation.reason { text += " (" + reason.description + ")" }
            if let identifier = operation.identifier { text += " id=" + identifier }
            separator = "; "
        }
        for note in outcome.notes {
            text += separator + note
            separator = "; "
        }
        return text
    }
}

/// The connections open at once, against a limit.
final class ConnectionCount: Sendable {
    struct LimitReached: Error {}

    private let limit: Int
    private let count = Mutex(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection; false (and not counted) when the limit is reached.
    func open() -> Bool {
        count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func close() {
        count.withLock { $0 -= 1 }
    }
}
