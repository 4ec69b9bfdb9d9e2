public import KMIPSpec
public import TTLV

/// MAC Verify (KMIP 2.1 section 6.1.33; 1.x 4.34): the server checks a message authentication
/// code with a managed key.
///
/// KMIP 1.2 defines the operation; 1.3 adds the multi-part fields (Correlation Value, Init
/// and Final Indicators). MAC Data is required for a single-part operation only. The
/// description never shows the data or the MAC.
public struct MACVerifyRequest: RequestPayload, CustomStringConvertible {
    public static let operation = Operation.macVerify

    /// The key; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// The Cryptographic Algorithm (e.g. HMAC-SHA256); the key's own when absent.
    public var cryptographicParameters: CryptographicParameters?
    /// The data that was MACed.
    public var data: [UInt8]?
    /// The MAC to check.
    public var macData: [UInt8]?
    /// KMIP 1.3 and later: the multi-part operation this part continues.
    public var correlationValue: [UInt8]?
    /// KMIP 1.3 and later: this is the first part.
    public var initIndicator: Bool?
    /// KMIP 1.3 and later: this is the last part.
    public var finalIndicator: Bool?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String? = nil, cryptographicParameters: CryptographicParameters? = nil, data: [UInt8]? = nil,
        macData: [UInt8]? = nil, correlationValue: [UInt8]? = nil, initIndicator: Bool? = nil,
        finalIndicator: Bool? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.cryptographicParameters = cryptographicParameters
        self.data = data
        self.macData = macData
        self.correlationValue = correlationValue
        self.initIndicator = initIndicator
        self.finalIndicator = finalIndicator
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        cryptographicParameters = try reader.optional(.cryptographicParameters)
        data = try reader.optional(.data)
        macData = try reader.optional(.macData)
        correlationValue = try reader.optional(.correlationValue)
        initIndicator = try reader.optional(.initIndicator)
        finalIndicator = try reader.optional(.finalIndicator)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.cryptographicParameters, cryptographicParameters)
        try builder.add(.data, data)
        try builder.add(.macData, macData)
        try builder.add(.correlationValue, correlationValue)
        try builder.add(.initIndicator, initIndicator)
        try builder.add(.finalIndicator, finalIndicator)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}

/// The response to MAC Verify: the key used and whether the MAC is valid.
public struct MACVerifyResponse: ResponsePayload, CustomStringConvertible {
    public static let operation = Operation.macVerify

    /// The key used.
    public var uniqueIdentifier: String
    /// Valid, Invalid or Unknown; present for a single-part operation and the last part of a
    /// multi-part one.
    public var validityIndicator: ValidityIndicator?
    /// KMIP 1.3 and later: to pass in the next part of a multi-part operation.
    public var correlationValue: [UInt8]?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, validityIndicator: ValidityIndicator? = nil, correlationValue: [UInt8]? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.validityIndicator = validityIndicator
        self.correlationValue = correlationValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        validityIndicator = try reader.optional(.validityIndicator)
        correlationValue = try reader.optional(.correlationValue)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.validityIndicator, validityIndicator)
        try builder.add(.correlationValue, correlationValue)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}
