public import KMIPSpec
public import TTLV

/// Interop (KMIP 2.1 section 6.1.26; since 2.0): tells a test server that an interop test
/// case begins or ends, or to reset. Not for production servers.
public struct InteropRequest: RequestPayload {
    public static let operation = Operation.interop

    /// Begin, End or Reset.
    public var interopFunction: InteropFunction
    /// The test case, such as `BL-M-10-21`.
    public var interopIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(interopFunction: InteropFunction, interopIdentifier: String) {
        self.interopFunction = interopFunction
        self.interopIdentifier = interopIdentifier
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        interopFunction = try reader.required(.interopFunction)
        interopIdentifier = try reader.required(.interopIdentifier)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.check(operation: Self.operation)
        try builder.add(.interopFunction, interopFunction)
        try builder.add(.interopIdentifier, interopIdentifier)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Interop: an empty payload.
public struct InteropResponse: EmptyResponse {
    public static let operation = Operation.interop

    public var unknown: [TTLVItem] = []

    public init() {}
}
