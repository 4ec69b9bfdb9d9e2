public import KMIPSpec
public import TTLV

/// Log (KMIP 2.1 section 6.1.29; since 2.0): asks the server to write a message to its log.
public struct LogRequest: RequestPayload {
    public static let operation = Operation.log

    public var logMessage: String
    public var unknown: [TTLVItem] = []

    public init(logMessage: String) {
        self.logMessage = logMessage
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        logMessage = try reader.required(.logMessage)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.check(operation: Self.operation)
        try builder.add(.logMessage, logMessage)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Log: an empty payload.
public struct LogResponse: EmptyResponse {
    public static let operation = Operation.log

    public var unknown: [TTLVItem] = []

    public init() {}
}
