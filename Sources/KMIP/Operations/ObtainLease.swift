public import KMIPSpec
public import TTLV

/// Obtain Lease (KMIP 2.1 section 6.1.35; 1.x 4.17): asks for a new Lease Time for an
/// object, the time the client may use its cached copy.
///
/// The request names the object by Unique Identifier, or omits it for the ID Placeholder.
public struct ObtainLeaseRequest: UniqueIdentifierRequest {
    public static let operation = Operation.obtainLease

    /// The object to lease; `nil` for the ID Placeholder.
    public var uniqueIdentifier: String?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}

/// The response to Obtain Lease: the lease and the object's Last Change Date.
public struct ObtainLeaseResponse: ResponsePayload {
    public static let operation = Operation.obtainLease

    public var uniqueIdentifier: String
    /// How long the object may be used before a new lease is needed; zero for no limit.
    public var leaseTime: Interval
    /// When the object or any of its attributes last changed.
    public var lastChangeDate: DateTime
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, leaseTime: Interval, lastChangeDate: DateTime) {
        self.uniqueIdentifier = uniqueIdentifier
        self.leaseTime = leaseTime
        self.lastChangeDate = lastChangeDate
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        leaseTime = try reader.required(.leaseTime)
        lastChangeDate = try reader.required(.lastChangeDate)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.leaseTime, leaseTime)
        try builder.add(.lastChangeDate, lastChangeDate)
        builder.append(unknown)
        return builder.build(tag)
    }
}
