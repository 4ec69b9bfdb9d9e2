public import KMIPSpec
public import TTLV

/// A Ticket (KMIP 2.1 section 7.39): what Login and Delegated Login hand out, and what a
/// request's Ticket credential carries back.
public struct Ticket: Hashable, Sendable, TTLVCodable {
    public var ticketType: TicketType
    /// The server's opaque value.
    public var ticketValue: [UInt8]

    public init(ticketType: TicketType = .login, ticketValue: [UInt8]) {
        self.ticketType = ticketType
        self.ticketValue = ticketValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        ticketType = try reader.required(.ticketType)
        ticketValue = try reader.required(.ticketValue)
        try reader.finish()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.ticketType, ticketType)
        try builder.add(.ticketValue, ticketValue)
        return builder.build(tag)
    }
}

extension Credential {
    /// A Ticket credential (2.1 section 2.16.2: the Credential Value holds the Ticket).
    public static func ticket(_ ticket: Ticket) throws(KMIPError) -> Credential {
        Credential(credentialType: .ticket, credentialValue: TTLVItem(tag: .credentialValue, .structure([try ticket.ttlv(.ticket, version: .latest)])))
    }

    /// The Ticket of a Ticket credential; nil for another credential type.
    public func ticket(version: KMIPVersion) throws(KMIPError) -> Ticket? {
        guard credentialType == .ticket else { return nil }
        var reader = try StructureReader(credentialValue, version: version)
        let ticket: Ticket = try reader.required(.ticket)
        try reader.finish()
        return ticket
    }
}

/// A Right (2.1 section 7.34): operations on objects a delegated ticket allows. An omitted
/// field leaves that aspect unrestricted.
public struct Right: Hashable, Sendable, TTLVCodable {
    /// Usage Limits on what the right allows, kept as sent.
    public var usageLimits: TTLVItem?
    /// The operations allowed; nil for any.
    public var operations: [Operation]?
    /// The Unique Identifiers of the objects allowed; nil for any.
    public var objects: [String]?
    /// The Object Groups whose members are allowed; nil for any.
    public var objectGroups: [String]?

    public init(usageLimits: TTLVItem? = nil, operations: [Operation]? = nil, objects: [String]? = nil, objectGroups: [String]? = nil) {
        self.usageLimits = usageLimits
        self.operations = operations
        self.objects = objects
        self.objectGroups = objectGroups
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        usageLimits = try reader.optional(.usageLimits)
        operations = try reader.optional(.operations, as: TTLVItem.self).map { (list) throws(KMIPError) in try Self.members(of: list, tag: .operation, version: version) }
        objects = try reader.optional(.objects, as: TTLVItem.self).map { (list) throws(KMIPError) in try Self.members(of: list, tag: .uniqueIdentifier, version: version) }
        objectGroups = try reader.optional(.objectGroups, as: TTLVItem.self).map { (list) throws(KMIPError) in try Self.members(of: list, tag: .objectGroup, version: version) }
        try reader.finish()
    }

    /// The members of a list structure (Operations, Objects, Object Groups), each under `tag`.
    private static func members<T: TTLVDecodable>(of list: TTLVItem, tag: Tag, version: KMIPVersion) throws(KMIPError) -> [T] {
        var reader = try StructureReader(list, version: version)
        let values: [T] = try reader.repeated(tag)
        try reader.finish()
        return values
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        func list<T: TTLVEncodable>(_ tag: Tag, _ member: Tag, _ values: [T]?) throws(KMIPError) -> TTLVItem? {
            guard let values else { return nil }
            var builder = StructureBuilder(version: version)
            try builder.add(member, values)
            return builder.build(tag)
        }
        var builder = StructureBuilder(version: version)
        try builder.add(.usageLimits, usageLimits)
        try builder.add(.operations, list(.operations, .operation, operations))
        try builder.add(.objects, list(.objects, .uniqueIdentifier, objects))
        try builder.add(.objectGroups, list(.objectGroups, .objectGroup, objectGroups))
        return builder.build(tag)
    }
}

/// How long a ticket lasts: an Interval or an end Date Time (2.1 Tables 199 and 253).
public enum TicketLease: Hashable, Sendable, TTLVCodable {
    case interval(Interval)
    case until(DateTime)

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        switch item.value {
        case .interval: self = .interval(try Interval(ttlv: item, version: version))
        case .dateTime: self = .until(try DateTime(ttlv: item, version: version))
        default: throw item.wrongType(expected: .interval, .dateTime)
        }
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        switch self {
        case .interval(let interval): interval.ttlv(tag, version: version)
        case .until(let date): date.ttlv(tag, version: version)
        }
    }
}

/// Login (2.1 section 6.1.30; since 2.0): asks for a ticket that authenticates later requests.
public struct LoginRequest: RequestPayload {
    public static let operation = Operation.login

    public var leaseTime: TicketLease?
    /// How many requests the ticket may authenticate.
    public var requestCount: Int32?
    /// Usage Limits for the operations performed, kept as sent.
    public var usageLimits: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(leaseTime: TicketLease? = nil, requestCount: Int32? = nil, usageLimits: TTLVItem? = nil) {
        self.leaseTime = leaseTime
        self.requestCount = requestCount
        self.usageLimits = usageLimits
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        leaseTime = try reader.optional(.leaseTime)
        requestCount = try reader.optional(.requestCount)
        usageLimits = try reader.optional(.usageLimits)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.check(operation: Self.operation)
        try builder.add(.leaseTime, leaseTime)
        try builder.add(.requestCount, requestCount)
        try builder.add(.usageLimits, usageLimits)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// A payload whose only field is a Ticket: Logout's request, Login's and Delegated Login's
/// responses.
public protocol TicketPayload: TTLVCodable {
    /// The operation the payload belongs to.
    static var operation: Operation { get }
    var ticket: Ticket { get }
    /// Fields the model does not know, re-emitted after the known ones.
    var unknown: [TTLVItem] { get set }

    init(ticket: Ticket)
}

extension TicketPayload {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        self.init(ticket: try reader.required(.ticket))
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.check(operation: Self.operation)
        try builder.add(.ticket, ticket)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Login or Delegated Login: the ticket.
public protocol TicketResponse: ResponsePayload, TicketPayload {}

public struct LoginResponse: TicketResponse {
    public static let operation = Operation.login

    public var ticket: Ticket
    public var unknown: [TTLVItem] = []

    public init(ticket: Ticket) {
        self.ticket = ticket
    }
}

public struct DelegatedLoginResponse: TicketResponse {
    public static let operation = Operation.delegatedLogin

    public var ticket: Ticket
    public var unknown: [TTLVItem] = []

    public init(ticket: Ticket) {
        self.ticket = ticket
    }
}

/// Delegated Login (2.1 section 6.1.12; since 2.0): a ticket for someone else, allowed only
/// what its Rights allow.
public struct DelegatedLoginRequest: RequestPayload {
    public static let operation = Operation.delegatedLogin

    public var leaseTime: TicketLease?
    public var requestCount: Int32?
    public var usageLimits: TTLVItem?
    /// What the ticket allows: an operation is allowed when one Right allows it.
    public var rights: [Right]
    public var unknown: [TTLVItem] = []

    public init(leaseTime: TicketLease? = nil, requestCount: Int32? = nil, usageLimits: TTLVItem? = nil, rights: [Right]) {
        self.leaseTime = leaseTime
        self.requestCount = requestCount
        self.usageLimits = usageLimits
        self.rights = rights
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        leaseTime = try reader.optional(.leaseTime)
        requestCount = try reader.optional(.requestCount)
        usageLimits = try reader.optional(.usageLimits)
        var rightsReader = try StructureReader(try reader.required(.rights, as: TTLVItem.self), version: version)
        rights = try rightsReader.repeated(.right)
        try rightsReader.finish()
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.check(operation: Self.operation)
        try builder.add(.leaseTime, leaseTime)
        try builder.add(.requestCount, requestCount)
        try builder.add(.usageLimits, usageLimits)
        var list = StructureBuilder(version: version)
        try list.add(.right, rights)
        try builder.add(.rights, list.build(.rights))
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Logout (2.1 section 6.1.31; since 2.0): ends a ticket.
public struct LogoutRequest: RequestPayload, TicketPayload {
    public static let operation = Operation.logout

    public var ticket: Ticket
    public var unknown: [TTLVItem] = []

    public init(ticket: Ticket) {
        self.ticket = ticket
    }
}

/// The response to Logout: an empty payload.
public struct LogoutResponse: EmptyResponse {
    public static let operation = Operation.logout

    public var unknown: [TTLVItem] = []

    public init() {}
}
