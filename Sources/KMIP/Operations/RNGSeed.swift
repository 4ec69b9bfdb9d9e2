public import KMIPSpec
public import TTLV

/// RNG Seed (KMIP 2.1 section 6.1.50; 1.x 4.36, since 1.2): offers seed material to the
/// server's random number generator.
public struct RNGSeedRequest: RequestPayload {
    public static let operation = Operation.rngSeed

    /// The seed material.
    public var data: [UInt8]
    public var unknown: [TTLVItem] = []

    public init(data: [UInt8]) {
        self.data = data
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        data = try reader.required(.data)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.check(operation: Self.operation)
        try builder.add(.data, data)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to RNG Seed: how many bytes of the seed the server used (zero when it
/// ignored them, which is not an error).
public struct RNGSeedResponse: ResponsePayload {
    public static let operation = Operation.rngSeed

    public var dataLength: Int32
    public var unknown: [TTLVItem] = []

    public init(dataLength: Int32) {
        self.dataLength = dataLength
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        dataLength = try reader.required(.dataLength)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.check(operation: Self.operation)
        try builder.add(.dataLength, dataLength)
        builder.append(unknown)
        return builder.build(tag)
    }
}
