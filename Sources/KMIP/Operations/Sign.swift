public import KMIPSpec
public import TTLV

/// Sign (KMIP 2.1 section 6.1.55; 1.x 4.31): the server signs data with a managed key.
///
/// KMIP 1.2 defines the operation; 1.3 adds the multi-part fields (Correlation Value, Init
/// and Final Indicators), 1.4 Digested Data (signing a digest the client computed). Data is
/// required for a single-part operation unless Digested Data is given. The description never
/// shows the data.
public struct SignRequest: RequestPayload, CustomStringConvertible {
    public static let operation = Operation.sign

    /// The key; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// Digital Signature Algorithm, or Cryptographic Algorithm and Hashing Algorithm; the key's
    /// own when absent.
    public var cryptographicParameters: CryptographicParameters?
    /// The data to sign.
    public var data: [UInt8]?
    /// KMIP 1.4 and later: the digest to sign, instead of the data.
    public var digestedData: [UInt8]?
    /// KMIP 1.3 and later: the multi-part operation this part continues.
    public var correlationValue: [UInt8]?
    /// KMIP 1.3 and later: this is the first part.
    public var initIndicator: Bool?
    /// KMIP 1.3 and later: this is the last part.
    public var finalIndicator: Bool?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String? = nil, cryptographicParameters: CryptographicParameters? = nil, data: [UInt8]? = nil,
        digestedData: [UInt8]? = nil, correlationValue: [UInt8]? = nil, initIndicator: Bool? = nil,
        finalIndicator: Bool? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.cryptographicParameters = cryptographicParameters
        self.data = data
        self.digestedData = digestedData
        self.correlationValue = correlationValue
        self.initIndicator = initIndicator
        self.finalIndicator = finalIndicator
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        cryptographicParameters = try reader.optional(.cryptographicParameters)
        data = try reader.optional(.data)
        digestedData = try reader.optional(.digestedData)
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
        try builder.add(.digestedData, digestedData)
        try builder.add(.correlationValue, correlationValue)
        try builder.add(.initIndicator, initIndicator)
        try builder.add(.finalIndicator, finalIndicator)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}

/// The response to Sign: the key used and the signature. The description never shows the
/// signature, only its length.
public struct SignResponse: ResponsePayload, CustomStringConvertible {
    public static let operation = Operation.sign

    /// The key used.
    public var uniqueIdentifier: String
    /// The signature; required for a single-part operation.
    public var signatureData: [UInt8]?
    /// KMIP 1.3 and later: to pass in the next part of a multi-part operation.
    public var correlationValue: [UInt8]?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, signatureData: [UInt8]? = nil, correlationValue: [UInt8]? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.signatureData = signatureData
        self.correlationValue = correlationValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        signatureData = try reader.optional(.signatureData)
        correlationValue = try reader.optional(.correlationValue)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.signatureData, signatureData)
        try builder.add(.correlationValue, correlationValue)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}
