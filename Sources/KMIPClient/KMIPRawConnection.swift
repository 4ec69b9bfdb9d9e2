/// One dedicated connection that sends request messages already encoded and hands back the
/// response bytes as they came, in order: for a compliance harness or a proxy, which must
/// control every byte. It is not pooled and never retries.
public final class KMIPRawConnection: Sendable {
    private let connection: KMIPConnection
    private let timeout: Duration

    init(connection: KMIPConnection, timeout: Duration) {
        self.connection = connection
        self.timeout = timeout
    }

    /// Whether the connection is still open.
    public var isOpen: Bool { connection.isUsable }

    /// Sends one encoded request message and returns the encoded response message.
    ///
    /// - Throws: `KMIPClientError` (`timeout`, `connectionClosed`, `protocolError` for an
    ///   unframeable response).
    public func send(_ request: [UInt8]) async throws -> [UInt8] {
        try await connection.send(request, timeout: timeout)
    }

    /// Closes the connection.
    public func close() async {
        await connection.close()
    }
}

extension KMIPClient {
    /// Opens a new connection with this client's settings (TLS, time-outs), outside the pool.
    /// The caller closes it.
    public func openRawConnection() async throws -> KMIPRawConnection {
        let connection = try await KMIPConnection.connect(configuration: configuration, tlsContext: tlsContext, group: group)
        return KMIPRawConnection(connection: connection, timeout: configuration.requestTimeout)
    }
}
