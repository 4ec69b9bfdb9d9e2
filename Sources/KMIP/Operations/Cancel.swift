public import KMIPSpec
public import TTLV

/// Cancel (KMIP 2.1 section 6.1.5; 1.x 4.27): asks the server to cancel an outstanding
/// asynchronous operation.
public struct CancelRequest: RequestPayload {
    public static let operation = Operation.cancel

    /// The value the pending response carried.
    public var asynchronousCorrelationValue: [UInt8]
    public var unknown: [TTLVItem] = []

    public init(asynchronousCorrelationValue: [UInt8]) {
        self.asynchronousCorrelationValue = asynchronousCorrelationValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        asynchronousCorrelationValue = try reader.required(.asynchronousCorrelationValue)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.asynchronousCorrelationValue, asynchronousCorrelationValue)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Cancel: the correlation value again, and what became of the operation
/// (Canceled, Unable To Cancel, Completed, Failed, Unavailable).
public struct CancelResponse: ResponsePayload {
    public static let operation = Operation.cancel

    public var asynchronousCorrelationValue: [UInt8]
    public var cancellationResult: CancellationResult
    public var unknown: [TTLVItem] = []

    public init(asynchronousCorrelationValue: [UInt8], cancellationResult: CancellationResult) {
        self.asynchronousCorrelationValue = asynchronousCorrelationValue
        self.cancellationResult = cancellationResult
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        asynchronousCorrelationValue = try reader.required(.asynchronousCorrelationValue)
        cancellationResult = try reader.required(.cancellationResult)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.asynchronousCorrelationValue, asynchronousCorrelationValue)
        try builder.add(.cancellationResult, cancellationResult)
        builder.append(unknown)
        return builder.build(tag)
    }
}
