public import KMIPSpec
public import TTLV

/// A KMIP request: a header and one or more batch items (KMIP 2.1 section 8.3).
///
/// The header's Protocol Version rules how the batch items are read and written.
public struct RequestMessage: Hashable, Sendable {
    public var header: RequestHeader
    public var batchItems: [RequestBatchItem]
    public var unknown: [TTLVItem]

    public init(header: RequestHeader, batchItems: [RequestBatchItem]) {
        self.header = header
        self.batchItems = batchItems
        self.unknown = []
    }

    /// A request of `version` with one batch item per payload; batch item IDs are added when
    /// there is more than one.
    public init(version: KMIPVersion, _ payloads: [any RequestPayload]) {
        let items = payloads.enumerated().map { index, payload in
            RequestBatchItem(payload, uniqueBatchItemID: payloads.count > 1 ? withUnsafeBytes(of: UInt32(index + 1).bigEndian) { Array($0) } : nil)
        }
        self.init(header: RequestHeader(protocolVersion: version, batchCount: Int32(items.count)), batchItems: items)
    }

    /// The protocol version the header declares.
    public var version: KMIPVersion { header.protocolVersion }

    /// Reads a Request Message item.
    public init(ttlv item: TTLVItem) throws(KMIPError) {
        var reader = try StructureReader(item, version: .v1_0, expected: .requestMessage)
        let header: RequestHeader = try reader.required(.requestHeader)
        // Batch items follow the header's version, not the reader's.
        var items: [RequestBatchItem] = []
        for child in try reader.repeated(.batchItem, as: TTLVItem.self) {
            items.append(try RequestBatchItem(ttlv: child, version: header.protocolVersion))
        }
        let skipped = reader.unknown()
        guard !items.isEmpty else {
            throw KMIPError(.missingField, path: ["RequestMessage"], reason: "a request needs at least one BatchItem")
        }
        self.header = header
        self.batchItems = items
        self.unknown = skipped
    }

    /// Reads a binary TTLV Request Message.
    public init(bytes: [UInt8], options: TTLVDecodingOptions = .init()) throws {
        try self.init(ttlv: try TTLVDecoder.decodeMessage(bytes, options: options))
    }

    /// The message as a TTLV item, in the header's protocol version.
    public func ttlv() throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.requestHeader, header)
        for item in batchItems { builder.append([try item.ttlv(version: version)]) }
        builder.append(unknown)
        return builder.build(.requestMessage)
    }

    /// The message in binary TTLV.
    public func encoded() throws -> [UInt8] {
        try TTLVEncoder.encode(try ttlv())
    }
}

/// A KMIP response: a header and one batch item per request batch item (KMIP 2.1 section 8.4).
public struct ResponseMessage: Hashable, Sendable {
    public var header: ResponseHeader
    public var batchItems: [ResponseBatchItem]
    public var unknown: [TTLVItem]

    public init(header: ResponseHeader, batchItems: [ResponseBatchItem]) {
        self.header = header
        self.batchItems = batchItems
        self.unknown = []
    }

    /// The protocol version the header declares.
    public var version: KMIPVersion { header.protocolVersion }

    /// Reads a Response Message item.
    public init(ttlv item: TTLVItem) throws(KMIPError) {
        var reader = try StructureReader(item, version: .v1_0, expected: .responseMessage)
        let header: ResponseHeader = try reader.required(.responseHeader)
        // Batch items follow the header's version, not the reader's.
        var items: [ResponseBatchItem] = []
        for child in try reader.repeated(.batchItem, as: TTLVItem.self) {
            items.append(try ResponseBatchItem(ttlv: child, version: header.protocolVersion))
        }
        let skipped = reader.unknown()
        self.header = header
        self.batchItems = items
        self.unknown = skipped
    }

    /// Reads a binary TTLV Response Message.
    public init(bytes: [UInt8], options: TTLVDecodingOptions = .init()) throws {
        try self.init(ttlv: try TTLVDecoder.decodeMessage(bytes, options: options))
    }

    /// The message as a TTLV item, in the header's protocol version.
    public func ttlv() throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.responseHeader, header)
        for item in batchItems { builder.append([try item.ttlv(version: version)]) }
        builder.append(unknown)
        return builder.build(.responseMessage)
    }

    /// The message in binary TTLV.
    public func encoded() throws -> [UInt8] {
        try TTLVEncoder.encode(try ttlv())
    }
}
