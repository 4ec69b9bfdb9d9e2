import KMIPTLS
import NIOCore
import Synchronization

/// A few connections shared by many tasks: a task borrows an idle connection (or opens one
/// while under the limit, or waits), sends, and gives it back. A lock guards the books, so
/// borrowing and returning take no actor hop.
final class ConnectionPool: Sendable {
    private struct State {
        var idle: [KMIPConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var isShutDown = false

        /// The longest-waiting task, taken off the queue.
        mutating func nextWaiter() -> CheckedContinuation<Void, any Error>? {
            waiters.isEmpty ? nil : waiters.removeFirst()
        }
    }

    /// What `acquire` does next, decided under the lock.
    private enum Step {
        case use(KMIPConnection)
        case connect
        case wait
        case shutDown
    }

    private let configuration: KMIPClientConfiguration
    private let tlsContext: TLSContext?
    private let group: any EventLoopGroup
    private let state = Mutex(State())

    init(configuration: KMIPClientConfiguration, tlsContext: TLSContext?, group: any EventLoopGroup) {
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.group = group
    }

    /// A usable connection for the caller's exclusive use until `release`.
    func acquire() async throws -> KMIPConnection {
        while true {
            switch state.withLock({ next(&$0) }) {
            case .use(let connection):
                return connection
            case .connect:
                do {
                    return try await KMIPConnection.connect(configuration: configuration, tlsContext: tlsContext, group: group)
                } catch {
                    state.withLock { state in
                        state.open -= 1
                        return state.nextWaiter()
                    }?.resume()
                    throw error
                }
            case .shutDown:
                throw KMIPClientError(.shutDown, message: "the client was shut down")
            case .wait:
                // Decided again under the lock as the waiter is queued, so a release in between
                // is not missed.
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let queued = state.withLock { state in
                        guard mustWait(state) else { return false }
                        state.waiters.append(continuation)
                        return true
                    }
                    if !queued { continuation.resume() }
                }
            }
        }
    }

    /// Takes an idle usable connection, or a slot to open one, or says to wait.
    private func next(_ state: inout State) -> Step {
        if state.isShutDown { return .shutDown }
        while let connection = state.idle.popLast() {
            if connection.isUsable { return .use(connection) }
            state.open -= 1
        }
        if state.open < configuration.maximumConnections {
            state.open += 1
            return .connect
        }
        return .wait
    }

    /// Whether `next` would say to wait.
    private func mustWait(_ state: State) -> Bool {
        !state.isShutDown && state.idle.isEmpty && state.open >= configuration.maximumConnections
    }

    /// Returns a connection; a broken one is dropped.
    func release(_ connection: KMIPConnection, broken: Bool) async {
        let drop = broken || !connection.isUsable
        let (waiter, close) = state.withLock { state in
            let close = drop || state.isShutDown
            if close { state.open -= 1 } else { state.idle.append(connection) }
            return (state.nextWaiter(), close)
        }
        waiter?.resume()
        if close { await connection.close() }
    }

    /// Closes every idle connection and refuses new work.
    func shutdown() async {
        let (connections, waiters) = state.withLock { state in
            state.isShutDown = true
            let connections = state.idle
            state.idle = []
            state.open -= connections.count
            let waiters = state.waiters
            state.waiters = []
            return (connections, waiters)
        }
        for connection in connections { await connection.close() }
        waiters.forEach { $0.resume(throwing: KMIPClientError(.shutDown, message: "the client was shut down")) }
    }
}
