public import KMIPSpec
public import TTLV

/// Check (KMIP 2.1 section 6.1.7; 1.x 4.10): the server checks whether the client may use an
/// object as stated.
///
/// The values are written as bare items, not in Attribute structures.
public struct CheckRequest: RequestPayload {
    public static let operation = Operation.check

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// The usage the client means to protect with the object.
    public var usageLimitsCount: Int64?
    /// The operations the client means to use the object for.
    public var cryptographicUsageMask: CryptographicUsageMask?
    /// The lease the client would ask for.
    public var leaseTime: Interval?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String? = nil, usageLimitsCount: Int64? = nil,
        cryptographicUsageMask: CryptographicUsageMask? = nil, leaseTime: Interval? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.usageLimitsCount = usageLimitsCount
        self.cryptographicUsageMask = cryptographicUsageMask
        self.leaseTime = leaseTime
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        usageLimitsCount = try reader.optional(.usageLimitsCount)
        cryptographicUsageMask = try reader.optional(.cryptographicUsageMask)
        leaseTime = try reader.optional(.leaseTime)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.usageLimitsCount, usageLimitsCount)
        try builder.add(.cryptographicUsageMask, cryptographicUsageMask)
        try builder.add(.leaseTime, leaseTime)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Check: the object's identifier when the use is allowed; otherwise the
/// values that server policy refused.
public struct CheckResponse: ResponsePayload {
    public static let operation = Operation.check

    /// The object; absent when the check failed.
    public var uniqueIdentifier: String?
    /// The requested usage, when it exceeds what policy allows.
    public var usageLimitsCount: Int64?
    /// The requested usage mask, when policy refuses it.
    public var cryptographicUsageMask: CryptographicUsageMask?
    /// The requested lease time, when it exceeds what the server grants.
    public var leaseTime: Interval?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String? = nil, usageLimitsCount: Int64? = nil,
        cryptographicUsageMask: CryptographicUsageMask? = nil, leaseTime: Interval? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.usageLimitsCount = usageLimitsCount
        self.cryptographicUsageMask = cryptographicUsageMask
        self.leaseTime = leaseTime
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        usageLimitsCount = try reader.optional(.usageLimitsCount)
        cryptographicUsageMask = try reader.optional(.cryptographicUsageMask)
        leaseTime = try reader.optional(.leaseTime)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.usageLimitsCount, usageLimitsCount)
        try builder.add(.cryptographicUsageMask, cryptographicUsageMask)
        try builder.add(.leaseTime, leaseTime)
        builder.append(unknown)
        return builder.build(tag)
    }
}
