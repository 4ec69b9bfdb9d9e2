import KMIP
import KMIPCrypto
import KMIPSpec
import Synchronization

/// The tickets Login and Delegated Login handed out (KMIP 2.1 sections 6.1.30, 6.1.12), which
/// later requests carry as a Ticket credential until Logout ends them, their lease runs out
/// or their request count is spent. A request with a ticket acts as the client that logged in;
/// a delegated ticket allows only what its Rights allow.
public final class Tickets: Sendable {
    /// What a ticket grants.
    struct Grant: Sendable {
        /// The client that logged in: a request with the ticket acts as it.
        let owner: String
        /// Requests the ticket may still authenticate; nil for no limit.
        var remaining: Int32?
        /// When the lease ends, in seconds since 1970; nil for no limit.
        let expires: Int64?
        /// A delegated ticket's Rights; nil for a Login ticket (whatever its owner may do).
        let rights: [Right]?
    }

    /// The most tickets live at once, over every client.
    public let limit: Int
    private let grants = Mutex([[UInt8]: Grant]())

    public init(limit: Int = 10_000) {
        self.limit = limit
    }

    /// A new ticket for `owner`. A Lease Time or Request Count of 0 sets no limit (the 2.0 test
    /// cases log in with Lease Time 0 and Request Count 0, then use the ticket).
    func issue(owner: String, lease: TicketLease?, requestCount: Int32?, rights: [Right]?, now: DateTime) throws(OperationError) -> Ticket {
        if let requestCount, requestCount < 0 { throw OperationError(.invalidField, "Request Count \(requestCount) is negative") }
        let expires: Int64? = switch lease {
        case .interval(let interval)? where interval.seconds > 0: now.secondsSince1970 + Int64(interval.seconds)
        case .until(let date)?: date.secondsSince1970
        default: nil
        }
        if let expires, expires <= now.secondsSince1970 { throw OperationError(.invalidField, "the Lease Time has already ended") }
        let value: [UInt8]
        do {
            value = try Random.bytes(16)
        } catch {
            throw CryptoOperations.failure(error)
        }
        let grant = Grant(owner: owner, remaining: requestCount == 0 ? nil : requestCount, expires: expires, rights: rights)
        let issued = grants.withLock { grants in
            if grants.count >= limit { grants = grants.filter { !$0.value.expired(at: now) } }
            guard grants.count < limit else { return false }
            grants[value] = grant
            return true
        }
        guard issued else { throw OperationError(.serverLimitExceeded, "as many tickets as the server keeps (\(limit)) are live; log out of some") }
        return Ticket(ticketValue: value)
    }

    /// What `ticket` grants, one request counted against it: Invalid Ticket for a ticket that
    /// was never issued, was logged out or has expired, Usage Limit Exceeded once its requests
    /// are spent.
    func redeem(_ ticket: Ticket, now: DateTime) throws(OperationError) -> Grant {
        let outcome: Result<Grant, OperationError> = grants.withLock { grants in
            guard ticket.ticketType == .login, let grant = grants[ticket.ticketValue], !grant.expired(at: now) else {
                grants[ticket.ticketValue] = nil
                return .failure(OperationError(.invalidTicket, "the ticket is unknown, logged out or expired"))
            }
            if let remaining = grant.remaining {
                guard remaining > 0 else { return .failure(OperationError(.usageLimitExceeded, "the ticket's requests are spent")) }
                grants[ticket.ticketValue]?.remaining = remaining - 1
            }
            return .success(grant)
        }
        return try outcome.get()
    }

    /// Ends `ticket`, which `owner` holds.
    func end(_ ticket: Ticket, owner: String) throws(OperationError) {
        let ended = grants.withLock { grants in
            guard grants[ticket.ticketValue]?.owner == owner else { return false }
            grants[ticket.ticketValue] = nil
            return true
        }
        guard ended else { throw OperationError(.invalidTicket, "the ticket is unknown or not this client's") }
    }
}

extension Tickets.Grant {
    func expired(at now: DateTime) -> Bool {
        expires.map { $0 <= now.secondsSince1970 } ?? false
    }
}

extension Right {
    /// Whether the right allows `operation` on the object `identifier` (nil: the request names
    /// none) whose Object Groups are `groups`. A right that lists objects or groups allows only
    /// operations on them.
    func allows(_ operation: Operation, on identifier: String?, groups: [String]) -> Bool {
        if let operations, !operations.contains(operation) { return false }
        if let objects, !(identifier.map { objects.contains($0) } ?? false) { return false }
        if let objectGroups, identifier == nil || !groups.contains(where: objectGroups.contains) { return false }
        return true
    }
}
