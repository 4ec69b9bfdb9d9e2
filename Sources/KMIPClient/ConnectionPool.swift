import KMIPTLS
import NIOCore

/// A few connections shared by many tasks: a task borrows an idle connection (or opens one
/// while under the limit, or waits), sends, and gives it back.
actor ConnectionPool {
    private let configuration: KMIPClientConfiguration
    private let tlsContext: TLSContext?
    private let group: any EventLoopGroup
    private var idle: [KMIPConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var isShutDown = false

    init(configuration: KMIPClientConfiguration, tlsContext: TLSContext?, group: any EventLoopGroup) {
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.group = group
    }

    /// A usable connection for the caller's exclusive use until `release`.
    func acquire() async throws -> KMIPConnection {
        while true {
            guard !isShutDown else { throw KMIPClientError(.shutDown, message: "the client was shut down") }
            while let connection = idle.popLast() {
                if connection.isUsable { return connection }
                open -= 1
            }
            if open < configuration.maximumConnections {
                open += 1
                do {
                    return try await KMIPConnection.connect(configuration: configuration, tlsContext: tlsContext, group: group)
                } catch {
                    open -= 1
                    wakeOne()
                    throw error
                }
            }
            try await withCheckedThrowingContinuation { waiters.append($0) }
        }
    }

    /// Returns a connection; a broken one is dropped.
    func release(_ connection: KMIPConnection, broken: Bool) async {
        if broken || !connection.isUsable || isShutDown {
            open -= 1
            await connection.close()
        } else {
            idle.append(connection)
        }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    /// Closes every idle connection and refuses new work.
    func shutdown() async {
        isShutDown = true
        let connections = idle
        idle = []
        open -= connections.count
        for connection in connections { await connection.close() }
        let pending = waiters
        waiters = []
        pending.forEach { $0.resume(throwing: KMIPClientError(.shutDown, message: "the client was shut down")) }
    }
}
