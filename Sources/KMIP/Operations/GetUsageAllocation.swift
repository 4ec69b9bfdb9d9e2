public import KMIPSpec
public import TTLV

/// Get Usage Allocation (KMIP 2.1 section 6.1.23; 1.x 4.18): asks for an allocation from an
/// object's Usage Limits, the units the client is about to protect with it.
public struct GetUsageAllocationRequest: RequestPayload {
    public static let operation = Operation.getUsageAllocation

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// The Usage Limits Units to be protected.
    public var usageLimitsCount: Int64
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil, usageLimitsCount: Int64) {
        self.uniqueIdentifier = uniqueIdentifier
        self.usageLimitsCount = usageLimitsCount
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        usageLimitsCount = try reader.required(.usageLimitsCount)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.usageLimitsCount, usageLimitsCount)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Get Usage Allocation: the Unique Identifier of the object.
public struct GetUsageAllocationResponse: UniqueIdentifierResponse {
    public static let operation = Operation.getUsageAllocation

    public var uniqueIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}
