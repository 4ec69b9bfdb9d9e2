public import KMIPSpec
public import TTLV

/// Encrypt (KMIP 2.1 section 6.1.17; 1.x 4.29): the server encrypts data with a managed key.
///
/// KMIP 1.2 defines the operation; 1.3 adds the multi-part fields (Correlation Value, Init
/// and Final Indicators), 1.4 Authenticated Encryption Additional Data. Data is required for
/// a single-part operation only. The description never shows the data, only its length.
public struct EncryptRequest: RequestPayload, CustomStringConvertible {
    public static let operation = Operation.encrypt

    /// The key; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// Block Cipher Mode, Padding Method, Random IV, ...; the key's own when absent.
    public var cryptographicParameters: CryptographicParameters?
    /// The plaintext.
    public var data: [UInt8]?
    public var ivCounterNonce: [UInt8]?
    /// KMIP 1.3 and later: the multi-part operation this part continues.
    public var correlationValue: [UInt8]?
    /// KMIP 1.3 and later: this is the first part.
    public var initIndicator: Bool?
    /// KMIP 1.3 and later: this is the last part.
    public var finalIndicator: Bool?
    /// KMIP 1.4 and later: data authenticated along with the plaintext (AEAD).
    public var authenticatedEncryptionAdditionalData: [UInt8]?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String? = nil, cryptographicParameters: CryptographicParameters? = nil, data: [UInt8]? = nil,
        ivCounterNonce: [UInt8]? = nil, correlationValue: [UInt8]? = nil, initIndicator: Bool? = nil,
        finalIndicator: Bool? = nil, authenticatedEncryptionAdditionalData: [UInt8]? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.cryptographicParameters = cryptographicParameters
        self.data = data
        self.ivCounterNonce = ivCounterNonce
        self.correlationValue = correlationValue
        self.initIndicator = initIndicator
        self.finalIndicator = finalIndicator
        self.authenticatedEncryptionAdditionalData = authenticatedEncryptionAdditionalData
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        cryptographicParameters = try reader.optional(.cryptographicParameters)
        data = try reader.optional(.data)
        ivCounterNonce = try reader.optional(.ivCounterNonce)
        correlationValue = try reader.optional(.correlationValue)
        initIndicator = try reader.optional(.initIndicator)
        finalIndicator = try reader.optional(.finalIndicator)
        authenticatedEncryptionAdditionalData = try reader.optional(.authenticatedEncryptionAdditionalData)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.cryptographicParameters, cryptographicParameters)
        try builder.add(.data, data)
        try builder.add(.ivCounterNonce, ivCounterNonce)
        try builder.add(.correlationValue, correlationValue)
        try builder.add(.initIndicator, initIndicator)
        try builder.add(.finalIndicator, finalIndicator)
        try builder.add(.authenticatedEncryptionAdditionalData, authenticatedEncryptionAdditionalData)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}

/// The response to Encrypt: the key used and the ciphertext. The description never shows the
/// ciphertext, only its length.
public struct EncryptResponse: ResponsePayload, CustomStringConvertible {
    public static let operation = Operation.encrypt

    /// The key used.
    public var uniqueIdentifier: String
    /// The ciphertext.
    public var data: [UInt8]?
    /// The IV the server generated, when the parameters asked for a Random IV.
    public var ivCounterNonce: [UInt8]?
    /// KMIP 1.3 and later: to pass in the next part of a multi-part operation.
    public var correlationValue: [UInt8]?
    /// KMIP 1.4 and later: the AEAD tag, returned with the last part.
    public var authenticatedEncryptionTag: [UInt8]?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String, data: [UInt8]? = nil, ivCounterNonce: [UInt8]? = nil, correlationValue: [UInt8]? = nil,
        authenticatedEncryptionTag: [UInt8]? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.data = data
        self.ivCounterNonce = ivCounterNonce
        self.correlationValue = correlationValue
        self.authenticatedEncryptionTag = authenticatedEncryptionTag
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        data = try reader.optional(.data)
        ivCounterNonce = try reader.optional(.ivCounterNonce)
        correlationValue = try reader.optional(.correlationValue)
        authenticatedEncryptionTag = try reader.optional(.authenticatedEncryptionTag)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkOperation(Self.operation, in: version)
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.data, data)
        try builder.add(.ivCounterNonce, ivCounterNonce)
        try builder.add(.correlationValue, correlationValue)
        try builder.add(.authenticatedEncryptionTag, authenticatedEncryptionTag)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redactedDescription(self) }
}
