public import KMIPSpec
public import TTLV

/// The payload of a request batch item for one operation (`CreateRequest`, ...).
public protocol RequestPayload: TTLVCodable, Hashable {
    /// The operation this payload belongs to.
    static var operation: Operation { get }
}

/// The payload of a response batch item for one operation (`CreateResponse`, ...).
public protocol ResponsePayload: TTLVCodable, Hashable {
    /// The operation this payload belongs to.
    static var operation: Operation { get }
}

/// The payload types of every operation the model types, by operation.
public enum PayloadRegistry {
    /// Request payload types by operation.
    public static let requests: [Operation: any RequestPayload.Type] = Dictionary(
        uniqueKeysWithValues: requestTypes.map { ($0.operation, $0) }
    )

    /// Response payload types by operation.
    public static let responses: [Operation: any ResponsePayload.Type] = Dictionary(
        uniqueKeysWithValues: responseTypes.map { ($0.operation, $0) }
    )

    static func decodeRequest(_ item: TTLVItem, operation: Operation, version: KMIPVersion) throws(KMIPError) -> any RequestPayload {
        guard let type = requests[operation] else { return UntypedRequest(operation: operation, item: item) }
        return try type.init(ttlv: item, version: version)
    }

    static func decodeResponse(_ item: TTLVItem, operation: Operation, version: KMIPVersion) throws(KMIPError) -> any ResponsePayload {
        guard let type = responses[operation] else { return UntypedResponse(operation: operation, item: item) }
        return try type.init(ttlv: item, version: version)
    }
}

/// A request payload of an operation without a typed model; kept as it was.
public struct UntypedRequest: RequestPayload {
    public static var operation: Operation { Operation(rawValue: 0) }
    /// The operation of the batch item that carried it.
    public var operation: Operation
    public var item: TTLVItem

    public init(operation: Operation, item: TTLVItem) {
        self.operation = operation
        self.item = item
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) {
        self.init(operation: Operation(rawValue: 0), item: item)
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, item.value) }
}

/// A response payload of an operation without a typed model; kept as it was.
public struct UntypedResponse: ResponsePayload {
    public static var operation: Operation { Operation(rawValue: 0) }
    /// The operation of the batch item that carried it.
    public var operation: Operation
    public var item: TTLVItem

    public init(operation: Operation, item: TTLVItem) {
        self.operation = operation
        self.item = item
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) {
        self.init(operation: Operation(rawValue: 0), item: item)
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, item.value) }
}
