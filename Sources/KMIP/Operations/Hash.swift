public import KMIPSpec
public import TTLV

/// Hash (KMIP 2.1 section 6.1.24; 1.x 4.37): the server hashes data; no key is involved.
///
/// KMIP 1.2 defines the operation; 1.3 adds the multi-part fields (Correlation Value, Init
/// and Final Indicators). Data is required for a single-part operation only. The description
/// never shows the data.
public struct HashRequest: RequestPayload, CustomStringConvertible {
    public static let operation = Operation.hash

    /// The Hashing Algorithm to use.
    public var cryptographicParameters: CryptographicParameters
    /// The data to hash.
    public var data: [UInt8]?
    /// KMIP 1.3 and later: the multi-part operation this part continues.
    public var correlationValue: [UInt8]?
    /// KMIP 1.3 and later: this is the first part.
    public var initIndicator: Bool?
    /// KMIP 1.3 and later: this is the last part.
    public var finalIndicator: Bool?
    public var unknown: [TTLVItem] = []

    public init(
        cryptographicParameters: CryptographicParameters, data: [UInt8]? = nil, correlationValue: [UInt8]? = nil,
        initIndicator: Bool? = nil, finalIndicator: Bool? = nil
    ) {
        self.cryptographicParameters = cryptographicParameters
        self.data = data
        self.correlationValue = correlationValue
        self.initIndicator = initIndicator
        self.finalIndicator = finalIndicator
    }

    /// A single-part hash of `data` with `algorithm`.
    public init(_ algorithm: HashingAlgorithm, data: [UInt8]) {
        self.init(cryptographicParameters: CryptographicParameters(hashingAlgorithm: algorithm), data: data)
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        cryptographicParameters = try reader.required(.cryptographicParameters)
        data = try reader.optional(.data)
        correlationValue = try reader.optional(.correlationValue)
        initIndicator = try reader.optional(.initIndicator)
        finalIndicator = try reader.optional(.finalIndicator)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.cryptographicParameters, cryptographicParameters)
        try builder.add(.data, data)
        try builder.add(.correlationValue, correlationValue)
        try builder.add(.initIndicator, initIndicator)
        try builder.add(.finalIndicator, finalIndicator)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}

/// The response to Hash: the digest. The description never shows it, only its length.
public struct HashResponse: ResponsePayload, CustomStringConvertible {
    public static let operation = Operation.hash

    /// The digest; required for a single-part operation.
    public var data: [UInt8]?
    /// KMIP 1.3 and later: to pass in the next part of a multi-part operation.
    public var correlationValue: [UInt8]?
    public var unknown: [TTLVItem] = []

    public init(data: [UInt8]? = nil, correlationValue: [UInt8]? = nil) {
        self.data = data
        self.correlationValue = correlationValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        data = try reader.optional(.data)
        correlationValue = try reader.optional(.correlationValue)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.data, data)
        try builder.add(.correlationValue, correlationValue)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}
