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

    /// The most items waiting at once, over every client, and the most request bytes they may
    /// hold (each counted at its whole message's size).
    public let limit: Int
    public let byteLimit: Int
    private let waiting = Mutex((items: [Key: (item: RequestBatchItem, bytes: Int)](), bytes: 0))

    public init(limit: Int = 1024, byteLimit: Int = 64 << 20) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// Whether a request header asks for asynchronous answers.
    static func requested(by indicator: TTLVItem?) -> Bool {
        switch indicator?.value {
        case .boolean(let on)?: on
        case .enumeration(let raw)?: raw == AsynchronousIndicator.mandatory.rawValue || raw == AsynchronousIndicator.optional.rawValue
        default: false
        }
    }

    /// Keeps `item` of `owner`, from a message of `bytes` bytes, for later; its correlation value.
    func park(_ item: RequestBatchItem, owner: String, bytes: Int) throws(OperationError) -> [UInt8] {
        let value: [UInt8]
        do {
            value = try Random.bytes(16)
        } catch {
            throw CryptoOperations.failure(error)
        }
        let parked = waiting.withLock { waiting in
            guard waiting.items.count < limit, waiting.bytes + bytes <= byteLimit else { return false }
            waiting.items[Key(owner: owner, correlationValue: value)] = (item, bytes)
            waiting.bytes += bytes
            return true
        }
        guard parked else {
            throw OperationError(.serverLimitExceeded, "as many asynchronous operations as the server keeps (\(limit), \(byteLimit >> 20) MiB) are waiting; poll or cancel some")
        }
        return value
    }

    /// The item `owner` parked under `correlationValue`, taken off the list.
    func take(_ correlationValue: [UInt8], owner: String) throws(OperationError) -> RequestBatchItem {
        let taken = waiting.withLock { waiting in
            let taken = waiting.items.removeValue(forKey: Key(owner: owner, correlationValue: correlationValue))
            waiting.bytes -= taken?.bytes ?? 0
            return taken?.item
        }
        guard let taken else {
            throw OperationError(.invalidAsynchronousCorrelationValue, "no asynchronous operation of this client has that correlation value")
        }
        return taken
    }
}
