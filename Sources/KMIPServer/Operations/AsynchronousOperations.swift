import KMIP
import KMIPCrypto
import KMIPSpec
import Synchronization
import TTLV

/// Batch items an asynchronous request left for later (KMIP 1.2 section 4.27 and 4.28; 2.1
/// 6.1.37, 6.1.5): when the request's header asks for asynchronous answers (Asynchronous
/// Indicator true in 1.x, Mandatory or Optional in 2.x), each item is answered Operation
/// Pending with a random Asynchronous Correlation Value and runs only when its client polls
/// it; Cancel drops it. A mock server so lets a client try its asynchronous path.
public final class PendingOperations: Sendable {
    private struct Key: Hashable {
        let owner: String
        let correlationValue: [UInt8]
    }

    /// The most items waiting at once, over every client.
    public let limit: Int
    private let waiting = Mutex([Key: RequestBatchItem]())

    public init(limit: Int = 1024) {
        self.limit = limit
    }

    /// Whether a request header asks for asynchronous answers.
    static func requested(by indicator: TTLVItem?) -> Bool {
        switch indicator?.value {
        case .boolean(let on)?: on
        case .enumeration(let raw)?: raw == AsynchronousIndicator.mandatory.rawValue || raw == AsynchronousIndicator.optional.rawValue
        default: false
        }
    }

    /// Keeps `item` of `owner` for later; its correlation value.
    func park(_ item: RequestBatchItem, owner: String) throws(OperationError) -> [UInt8] {
        let value: [UInt8]
        do {
            value = try Random.bytes(16)
        } catch {
            throw CryptoOperations.failure(error)
        }
        let parked = waiting.withLock { waiting in
            guard waiting.count < limit else { return false }
            waiting[Key(owner: owner, correlationValue: value)] = item
            return true
        }
        guard parked else { throw OperationError(.serverLimitExceeded, "\(limit) asynchronous operations are waiting already; poll or cancel some") }
        return value
    }

    /// The item `owner` parked under `correlationValue`, taken off the list.
    func take(_ correlationValue: [UInt8], owner: String) throws(OperationError) -> RequestBatchItem {
        guard let item = waiting.withLock({ $0.removeValue(forKey: Key(owner: owner, correlationValue: correlationValue)) }) else {
            throw OperationError(.invalidAsynchronousCorrelationValue, "no asynchronous operation of this client has that correlation value")
        }
        return item
    }
}
