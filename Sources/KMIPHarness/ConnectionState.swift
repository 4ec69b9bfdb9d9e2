import Foundation
import KMIPClient
import KMIPSpec
import TTLV

/// The open connection and what the runner knows of the server's clock.
actor ConnectionState {
    private var connection: KMIPRawConnection?
    /// The server's last Time Stamp and the local time it arrived.
    private var clock: (server: Int64, local: Date)?
    /// What the last file learned about the server's objects (for a chained file).
    private(set) var objectFacts: (generated: Set<String>, parameters: [String: TTLVItem]) = ([], [:])

    func keep(_ facts: (generated: Set<String>, parameters: [String: TTLVItem])) {
        objectFacts = facts
    }

    func connection(_ open: @Sendable () async throws -> KMIPRawConnection) async throws -> KMIPRawConnection {
        if let connection, connection.isOpen { return connection }
        let fresh = try await open()
        connection = fresh
        return fresh
    }

    /// The server's clock now: its last Time Stamp plus the time since. Before any response
    /// it asks (Discover Versions, whose answer carries a Time Stamp).
    func serverNow(_ connection: KMIPRawConnection) async -> Int64 {
        if clock == nil, let bytes = try? TTLVEncoder.encode(Self.clockProbe), let answer = try? await connection.send(bytes),
           let response = try? TTLVDecoder.decode(answer) {
            sawResponse(response)
        }
        guard let clock else { return Int64(Date().timeIntervalSince1970) }
        return clock.server + Int64(Date().timeIntervalSince(clock.local))
    }

    /// Asks the server for its clock again at the next `serverNow`.
    func forgetClock() {
        clock = nil
    }

    func sawResponse(_ response: TTLVItem) {
        if let stamp = ResponseComparator.timeStamp(of: response) { clock = (stamp, Date()) }
    }

    func drop() async {
        await connection?.close()
        connection = nil
    }

    func close() async {
        await drop()
    }

    /// A KMIP 1.0 Discover Versions request, which any server answers.
    static let clockProbe = TTLVItem(tag: .requestMessage, .structure([
        TTLVItem(tag: .requestHeader, .structure([
            TTLVItem(tag: .protocolVersion, .structure([
                TTLVItem(tag: .protocolVersionMajor, .integer(1)), TTLVItem(tag: .protocolVersionMinor, .integer(0)),
            ])),
            TTLVItem(tag: .batchCount, .integer(1)),
        ])),
        TTLVItem(tag: .batchItem, .structure([
            TTLVItem(tag: .operation, .enumeration(Operation.discoverVersions.rawValue)),
            TTLVItem(tag: .requestPayload, .structure([])),
        ])),
    ]))
}
