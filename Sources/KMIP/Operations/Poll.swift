public import KMIPSpec
public import TTLV

/// Poll (KMIP 2.1 section 6.1.38; 1.x 4.28): asks for the outcome of an asynchronous
/// operation that an earlier response reported as pending.
public struct PollRequest: RequestPayload {
    public static let operation = Operation.poll

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

/// The response to Poll once the polled operation has completed (while it is pending, the
/// batch item has no payload).
///
/// The spec gives no payload of its own: it is the polled operation's response payload,
/// exactly as a synchronous response would carry it. The message does not name that
/// operation, so the payload is kept as it came; `decode(as:version:)` reads it as the
/// operation's typed payload.
public struct PollResponse: ResponsePayload {
    public static let operation = Operation.poll

    /// The polled operation's Response Payload structure.
    public var payload: TTLVItem

    public init(payload: TTLVItem) {
        self.payload = payload
    }

    /// Wraps the typed response payload of the polled operation.
    public init(_ payload: some ResponsePayload, version: KMIPVersion) throws(KMIPError) {
        self.payload = try payload.ttlv(.responsePayload, version: version)
    }

    /// The payload read as the polled operation's response payload.
    public func decode<T: ResponsePayload>(as type: T.Type, version: KMIPVersion) throws(KMIPError) -> T {
        try T(ttlv: payload, version: version)
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .structure = item.value else { throw item.wrongType(expected: .structure) }
        payload = item
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem {
        TTLVItem(tag: tag, payload.value)
    }
}
