import KMIP
@testable import KMIPServer
import KMIPSpec
import Testing

/// The parked items of asynchronous requests: per client, bounded in number and bytes.
@Suite struct PendingOperationsTests {
    let item = RequestBatchItem(LocateRequest(attributes: []))

    @Test func itemsAreTheirClientsAndBounded() throws {
        let pending = PendingOperations(limit: 2, byteLimit: 100)
        let first = try pending.park(item, owner: "alice", bytes: 60)
        #expect(throws: OperationError.self) { try pending.park(item, owner: "alice", bytes: 60) }  // bytes
        #expect(throws: OperationError.self) { try pending.take(first, owner: "bob") }
        #expect(try pending.take(first, owner: "alice").operation == .locate)
        #expect(throws: OperationError.self) { try pending.take(first, owner: "alice") }
        _ = try pending.park(item, owner: "alice", bytes: 10)
        _ = try pending.park(item, owner: "bob", bytes: 10)
        let refused = #expect(throws: OperationError.self) { try pending.park(item, owner: "carol", bytes: 10) }  // count
        #expect(refused?.reason == .serverLimitExceeded)
    }
}
