public import KMIPSpec
public import TTLV

/// One operation of a request (KMIP 2.1 section 8.7).
public struct RequestBatchItem: Hashable, Sendable {
    public var operation: Operation
    /// KMIP 2.0 and later: the server keeps no object the operation creates.
    public var ephemeral: Bool?
    /// Required when a message holds more than one batch item.
    public var uniqueBatchItemID: [UInt8]?
    public var payload: any RequestPayload
    public var messageExtension: MessageExtension?
    public var unknown: [TTLVItem]

    public init(
        _ payload: any RequestPayload, uniqueBatchItemID: [UInt8]? = nil, ephemeral: Bool? = nil,
        messageExtension: MessageExtension? = nil
    ) {
        self.operation = (payload as? UntypedRequest)?.operation ?? type(of: payload).operation
        self.ephemeral = ephemeral
        self.uniqueBatchItemID = uniqueBatchItemID
        self.payload = payload
        self.messageExtension = messageExtension
        self.unknown = []
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        operation = try reader.required(.operation)
        ephemeral = try reader.optional(.ephemeral)
        uniqueBatchItemID = try reader.optional(.uniqueBatchItemID)
        let payloadItem: TTLVItem = try reader.required(.requestPayload)
        do {
            payload = try PayloadRegistry.decodeRequest(payloadItem, operation: operation, version: version)
        } catch {
            throw error.inside(.requestPayload).inside(item.tag)
        }
        messageExtension = try reader.optional(.messageExtension)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag = .batchItem, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.operation, operation)
        try builder.add(.ephemeral, ephemeral)
        try builder.add(.uniqueBatchItemID, uniqueBatchItemID)
        try builder.add(.requestPayload, payload)
        try builder.add(.messageExtension, messageExtension)
        builder.append(unknown)
        return builder.build(tag)
    }

    public static func == (lhs: RequestBatchItem, rhs: RequestBatchItem) -> Bool {
        lhs.operation == rhs.operation && lhs.ephemeral == rhs.ephemeral && lhs.uniqueBatchItemID == rhs.uniqueBatchItemID
            && AnyHashable(lhs.payload) == AnyHashable(rhs.payload) && lhs.messageExtension == rhs.messageExtension
            && lhs.unknown == rhs.unknown
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(operation)
        hasher.combine(uniqueBatchItemID)
        hasher.combine(AnyHashable(payload))
    }
}

/// The outcome of one operation (KMIP 2.1 section 8.8).
public struct ResponseBatchItem: Hashable, Sendable {
    /// Required in a response to a request that named one (it always does).
    public var operation: Operation?
    public var uniqueBatchItemID: [UInt8]?
    public var resultStatus: ResultStatus
    /// Required when the status is Operation Failed.
    public var resultReason: ResultReason?
    public var resultMessage: String?
    /// For a status of Operation Pending.
    public var asynchronousCorrelationValue: [UInt8]?
    public var payload: (any ResponsePayload)?
    public var messageExtension: MessageExtension?
    public var unknown: [TTLVItem]

    public init(
        operation: Operation?, uniqueBatchItemID: [UInt8]? = nil, resultStatus: ResultStatus, resultReason: ResultReason? = nil,
        resultMessage: String? = nil, asynchronousCorrelationValue: [UInt8]? = nil, payload: (any ResponsePayload)? = nil,
        messageExtension: MessageExtension? = nil
    ) {
        self.operation = operation
        self.uniqueBatchItemID = uniqueBatchItemID
        self.resultStatus = resultStatus
        self.resultReason = resultReason
        self.resultMessage = resultMessage
        self.asynchronousCorrelationValue = asynchronousCorrelationValue
        self.payload = payload
        self.messageExtension = messageExtension
        self.unknown = []
    }

    /// A successful result carrying `payload`.
    public init(_ payload: some ResponsePayload, uniqueBatchItemID: [UInt8]? = nil) {
        let operation = (payload as? UntypedResponse)?.operation ?? type(of: payload).operation
        self.init(operation: operation, uniqueBatchItemID: uniqueBatchItemID, resultStatus: .success, payload: payload)
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        operation = try reader.optional(.operation)
        uniqueBatchItemID = try reader.optional(.uniqueBatchItemID)
        resultStatus = try reader.required(.resultStatus)
        resultReason = try reader.optional(.resultReason)
        resultMessage = try reader.optional(.resultMessage)
        asynchronousCorrelationValue = try reader.optional(.asynchronousCorrelationValue)
        if let payloadItem: TTLVItem = try reader.optional(.responsePayload) {
            do {
                if let operation {
                    payload = try PayloadRegistry.decodeResponse(payloadItem, operation: operation, version: version)
                } else {
                    payload = UntypedResponse(operation: Operation(rawValue: 0), item: payloadItem)
                }
            } catch {
                throw error.inside(.responsePayload).inside(item.tag)
            }
        } else {
            payload = nil
        }
        messageExtension = try reader.optional(.messageExtension)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag = .batchItem, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.operation, operation)
        try builder.add(.uniqueBatchItemID, uniqueBatchItemID)
        try builder.add(.resultStatus, resultStatus)
        try builder.add(.resultReason, resultReason)
        try builder.add(.resultMessage, resultMessage)
        try builder.add(.asynchronousCorrelationValue, asynchronousCorrelationValue)
        if let payload { try builder.add(.responsePayload, payload) }
        try builder.add(.messageExtension, messageExtension)
        builder.append(unknown)
        return builder.build(tag)
    }

    public static func == (lhs: ResponseBatchItem, rhs: ResponseBatchItem) -> Bool {
        lhs.operation == rhs.operation && lhs.uniqueBatchItemID == rhs.uniqueBatchItemID && lhs.resultStatus == rhs.resultStatus
            && lhs.resultReason == rhs.resultReason && lhs.resultMessage == rhs.resultMessage
            && lhs.asynchronousCorrelationValue == rhs.asynchronousCorrelationValue
            && lhs.payload.map { AnyHashable($0) } == rhs.payload.map { AnyHashable($0) }
            && lhs.messageExtension == rhs.messageExtension && lhs.unknown == rhs.unknown
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(operation)
        hasher.combine(resultStatus)
        hasher.combine(resultReason)
    }
}
