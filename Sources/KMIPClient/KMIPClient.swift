public import KMIP
public import KMIPSpec
import KMIPTLS
import NIOCore
import NIOPosix
import Synchronization
import TTLV

/// An async KMIP client: mutual TLS, a small connection pool safe to use from many tasks,
/// time-outs, and a retry on a fresh connection for idempotent requests whose connection
/// dropped.
///
/// `send(_:)` sends any request message; the typed operations (`create`, `get`, ...) build
/// the request, check the result and return the typed payload or throw `KMIPClientError`
/// with the server's Result Reason and Message.
public final class KMIPClient: Sendable {
    public let configuration: KMIPClientConfiguration
    private let pool: ConnectionPool
    private let ownsGroup: Bool
    private let negotiated: NegotiatedVersion
    let tlsContext: TLSContext?
    let group: any EventLoopGroup

    /// Creates a client; nothing connects until the first request.
    ///
    /// - Throws: `TLSError` when the TLS configuration does not load.
    public init(configuration: KMIPClientConfiguration, eventLoopGroup: (any EventLoopGroup)? = nil) throws {
        if configuration.tls == nil && !configuration.allowPlaintext {
            throw KMIPClientError(.invalidRequest, message: "a client needs a TLS configuration (or allowPlaintext)")
        }
        self.configuration = configuration
        let tlsContext = try configuration.tls.map { (tls) throws(TLSError) in try TLSContext(configuration: tls) }
        self.group = eventLoopGroup ?? MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.ownsGroup = eventLoopGroup == nil
        self.tlsContext = tlsContext
        self.pool = ConnectionPool(configuration: configuration, tlsContext: tlsContext, group: group)
        self.negotiated = NegotiatedVersion(pinned: configuration.version)
    }

    /// Closes connections; requests afterwards fail with `shutDown`.
    public func shutdown() async {
        await pool.shutdown()
        if ownsGroup { try? await group.shutdownGracefully() }
    }

    /// Operations a client may safely send twice: they change nothing on the server.
    public static let idempotentOperations: Set<Operation> = [
        .get, .getAttributes, .getAttributeList, .locate, .check, .query, .discoverVersions, .rngRetrieve,
        .encrypt, .decrypt, .sign, .signatureVerify, .mac, .macVerify, .hash, .export, .poll,
    ]

    /// Sends a request message and returns the response message, whatever its results. The
    /// configuration's credentials go in its header unless it has an Authentication already.
    ///
    /// A request whose operations are all idempotent is sent once more on a fresh
    /// connection if its connection closed before the answer came.
    public func send(_ request: RequestMessage) async throws -> ResponseMessage {
        var request = request
        if request.header.authentication == nil, !configuration.credentials.isEmpty {
            request.header.authentication = Authentication(credentials: configuration.credentials)
        }
        let bytes: [UInt8]
        do {
            bytes = try request.encoded()
        } catch let error as KMIPError {
            throw KMIPClientError(.invalidRequest, operation: request.batchItems.first?.operation, message: error.description)
        }
        let idempotent = request.batchItems.allSatisfy { Self.idempotentOperations.contains($0.operation) }
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await pool.acquire()
            do {
                let response = try await connection.send(bytes, timeout: configuration.requestTimeout)
                await pool.release(connection, broken: false)
                return try decode(response, for: request)
            } catch let error as KMIPClientError {
                await pool.release(connection, broken: true)
                if error.code == .connectionClosed, idempotent, attempt == 1 { continue }
                throw error
            } catch {
                await pool.release(connection, broken: true)
                throw error
            }
        }
    }

    private func decode(_ bytes: [UInt8], for request: RequestMessage) throws -> ResponseMessage {
        let response: ResponseMessage
        do {
            response = try ResponseMessage(bytes: bytes, options: configuration.decodingOptions)
        } catch {
            throw KMIPClientError(.protocolError, operation: request.batchItems.first?.operation, message: "unreadable response: \(error)")
        }
        // Fewer results are fine when the last one failed: the server stopped the batch there
        // (Batch Error Continuation Option Stop), or could not read the request at all.
        let stopped = response.batchItems.count < request.batchItems.count && response.batchItems.last?.resultStatus == .operationFailed
        if response.batchItems.count != request.batchItems.count, !stopped {
            throw KMIPClientError(.protocolError, message: "\(request.batchItems.count) requests were answered with \(response.batchItems.count) results")
        }
        return response
    }

    /// The protocol version requests use: the pinned one, or the one Discover Versions chose.
    public func protocolVersion() async throws -> KMIPVersion {
        try await negotiated.value { try await self.negotiate() }
    }

    /// Asks the server which versions it supports (highest first) and takes the highest both speak.
    private func negotiate() async throws -> KMIPVersion {
        let offered = KMIPVersion.all.reversed().map { $0 }
        let versions = try await discoverVersions(offered, headerVersion: .v1_1)
        guard let chosen = versions.first(where: { KMIPVersion.all.contains($0) }) else {
            throw KMIPClientError(.protocolError, operation: .discoverVersions, message: "the server supports none of KMIP \(offered.map(\.description).joined(separator: ", "))")
        }
        return chosen
    }

    /// Runs one typed operation: one batch item, its result checked.
    public func perform<Response: ResponsePayload>(_ payload: some RequestPayload, expecting: Response.Type, version: KMIPVersion? = nil) async throws -> Response {
        let version = if let version { version } else { try await protocolVersion() }
        let response = try await send(RequestMessage(version: version, [payload]))
        let item = try Self.checked(response, index: 0, operation: type(of: payload).operation)
        guard let typed = item.payload as? Response else {
            throw KMIPClientError(.protocolError, operation: type(of: payload).operation, message: "the response has no \(Response.self) payload")
        }
        return typed
    }

    /// The batch item at `index`, or the server's failure as an error.
    public static func checked(_ response: ResponseMessage, index: Int, operation: Operation) throws -> ResponseBatchItem {
        guard index < response.batchItems.count else {
            throw KMIPClientError(.protocolError, operation: operation, message: "the response has no result for this request")
        }
        let item = response.batchItems[index]
        guard item.resultStatus == .success else {
            throw KMIPClientError(.operationFailed, operation: item.operation ?? operation, resultReason: item.resultReason,
                                  message: item.resultMessage ?? "\(item.resultStatus)")
        }
        return item
    }
}

/// The negotiated version, found once and shared; after that a lock-guarded read, not an
/// actor hop, on every request.
final class NegotiatedVersion: Sendable {
    private struct State {
        var version: KMIPVersion?
        var pending: Task<KMIPVersion, any Error>?
    }

    private let state: Mutex<State>

    init(pinned: KMIPVersion?) {
        state = Mutex(State(version: pinned))
    }

    func value(_ find: @escaping @Sendable () async throws -> KMIPVersion) async throws -> KMIPVersion {
        let next = state.withLock { state -> Step in
            if let version = state.version { return .known(version) }
            if let pending = state.pending { return .finding(pending) }
            let task = Task { try await find() }
            state.pending = task
            return .finding(task)
        }
        switch next {
        case .known(let version):
            return version
        case .finding(let task):
            do {
                let found = try await task.value
                state.withLock { $0.version = found }
                return found
            } catch {
                state.withLock { $0.pending = nil }
                throw error
            }
        }
    }

    private enum Step {
        case known(KMIPVersion)
        case finding(Task<KMIPVersion, any Error>)
    }
}
