public import KMIPSpec
public import TTLV

/// RNG Retrieve (KMIP 2.1 section 6.1.49; 1.x 4.35, since 1.2): asks the server for output
/// of its random number generator.
public struct RNGRetrieveRequest: RequestPayload {
    public static let operation = Operation.rngRetrieve

    /// How many bytes to return.
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

/// The response to RNG Retrieve: the random bytes.
public struct RNGRetrieveResponse: ResponsePayload {
    public static let operation = Operation.rngRetrieve

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
