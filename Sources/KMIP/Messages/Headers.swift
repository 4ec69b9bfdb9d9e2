public import KMIPSpec
public import TTLV

/// The Request Header (KMIP 2.1 section 8.5; 1.x 6.x): protocol version, batch options,
/// authentication, and the fields later versions added.
public struct RequestHeader: Hashable, Sendable, TTLVCodable {
    public var protocolVersion: KMIPVersion
    public var maximumResponseSize: Int32?
    /// KMIP 1.4 and later.
    public var clientCorrelationValue: String?
    /// KMIP 1.4 and later.
    public var serverCorrelationValue: String?
    /// A Boolean in 1.x; an Enumeration (Asynchronous Indicator) in 2.x. Kept as the item.
    public var asynchronousIndicator: TTLVItem?
    /// KMIP 1.2 and later.
    public var attestationCapableIndicator: Bool?
    /// KMIP 1.2 and later.
    public var attestationTypes: [AttestationType]
    public var authentication: Authentication?
    public var batchErrorContinuationOption: BatchErrorContinuationOption?
    public var batchOrderOption: Bool?
    public var timeStamp: DateTime?
    public var batchCount: Int32
    /// Fields this model does not know, re-emitted after the known ones.
    public var unknown: [TTLVItem]

    public init(
        protocolVersion: KMIPVersion, maximumResponseSize: Int32? = nil, clientCorrelationValue: String? = nil,
        serverCorrelationValue: String? = nil, asynchronousIndicator: TTLVItem? = nil, attestationCapableIndicator: Bool? = nil,
        attestationTypes: [AttestationType] = [], authentication: Authentication? = nil,
        batchErrorContinuationOption: BatchErrorContinuationOption? = nil, batchOrderOption: Bool? = nil,
        timeStamp: DateTime? = nil, batchCount: Int32, unknown: [TTLVItem] = []
    ) {
        self.protocolVersion = protocolVersion
        self.maximumResponseSize = maximumResponseSize
        self.clientCorrelationValue = clientCorrelationValue
        self.serverCorrelationValue = serverCorrelationValue
        self.asynchronousIndicator = asynchronousIndicator
        self.attestationCapableIndicator = attestationCapableIndicator
        self.attestationTypes = attestationTypes
        self.authentication = authentication
        self.batchErrorContinuationOption = batchErrorContinuationOption
        self.batchOrderOption = batchOrderOption
        self.timeStamp = timeStamp
        self.batchCount = batchCount
        self.unknown = unknown
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        protocolVersion = try reader.required(.protocolVersion)
        maximumResponseSize = try reader.optional(.maximumResponseSize)
        clientCorrelationValue = try reader.optional(.clientCorrelationValue)
        serverCorrelationValue = try reader.optional(.serverCorrelationValue)
        asynchronousIndicator = try reader.optional(.asynchronousIndicator)
        attestationCapableIndicator = try reader.optional(.attestationCapableIndicator)
        attestationTypes = try reader.repeated(.attestationType)
        authentication = try reader.optional(.authentication)
        batchErrorContinuationOption = try reader.optional(.batchErrorContinuationOption)
        batchOrderOption = try reader.optional(.batchOrderOption)
        timeStamp = try reader.optional(.timeStamp)
        batchCount = try reader.required(.batchCount)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.protocolVersion, protocolVersion)
        try builder.add(.maximumResponseSize, maximumResponseSize)
        try builder.add(.clientCorrelationValue, clientCorrelationValue)
        try builder.add(.serverCorrelationValue, serverCorrelationValue)
        try builder.add(.asynchronousIndicator, asynchronousIndicator)
        try builder.add(.attestationCapableIndicator, attestationCapableIndicator)
        try builder.add(.attestationType, attestationTypes)
        try builder.add(.authentication, authentication)
        try builder.add(.batchErrorContinuationOption, batchErrorContinuationOption)
        try builder.add(.batchOrderOption, batchOrderOption)
        try builder.add(.timeStamp, timeStamp)
        try builder.add(.batchCount, batchCount)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The Response Header (KMIP 2.1 section 8.6).
public struct ResponseHeader: Hashable, Sendable, TTLVCodable {
    public var protocolVersion: KMIPVersion
    public var timeStamp: DateTime
    /// KMIP 1.2 and later.
    public var nonce: Nonce?
    /// KMIP 2.0 and later.
    public var serverHashedPassword: [UInt8]?
    /// KMIP 1.2 and later.
    public var attestationTypes: [AttestationType]
    /// KMIP 1.4 and later.
    public var clientCorrelationValue: String?
    /// KMIP 1.4 and later.
    public var serverCorrelationValue: String?
    public var batchCount: Int32
    public var unknown: [TTLVItem]

    public init(
        protocolVersion: KMIPVersion, timeStamp: DateTime, nonce: Nonce? = nil, serverHashedPassword: [UInt8]? = nil,
        attestationTypes: [AttestationType] = [], clientCorrelationValue: String? = nil, serverCorrelationValue: String? = nil,
        batchCount: Int32, unknown: [TTLVItem] = []
    ) {
        self.protocolVersion = protocolVersion
        self.timeStamp = timeStamp
        self.nonce = nonce
        self.serverHashedPassword = serverHashedPassword
        self.attestationTypes = attestationTypes
        self.clientCorrelationValue = clientCorrelationValue
        self.serverCorrelationValue = serverCorrelationValue
        self.batchCount = batchCount
        self.unknown = unknown
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        protocolVersion = try reader.required(.protocolVersion)
        timeStamp = try reader.required(.timeStamp)
        nonce = try reader.optional(.nonce)
        serverHashedPassword = try reader.optional(.serverHashedPassword)
        attestationTypes = try reader.repeated(.attestationType)
        clientCorrelationValue = try reader.optional(.clientCorrelationValue)
        serverCorrelationValue = try reader.optional(.serverCorrelationValue)
        batchCount = try reader.required(.batchCount)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.protocolVersion, protocolVersion)
        try builder.add(.timeStamp, timeStamp)
        try builder.add(.nonce, nonce)
        try builder.add(.serverHashedPassword, serverHashedPassword)
        try builder.add(.attestationType, attestationTypes)
        try builder.add(.clientCorrelationValue, clientCorrelationValue)
        try builder.add(.serverCorrelationValue, serverCorrelationValue)
        try builder.add(.batchCount, batchCount)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Authentication (KMIP 2.1 section 8.1): one or more credentials.
public struct Authentication: Hashable, Sendable, TTLVCodable {
    public var credentials: [Credential]
    public var unknown: [TTLVItem]

    public init(credentials: [Credential], unknown: [TTLVItem] = []) {
        self.credentials = credentials
        self.unknown = unknown
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        credentials = try reader.repeated(.credential)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.credential, credentials)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// A Credential (KMIP 2.1 section 2.2): its type and value. The value's shape depends on
/// the type (Username and Password, Device, Attestation, One Time Password, ...) and is
/// kept as the item.
public struct Credential: Hashable, Sendable, TTLVCodable {
    public var credentialType: CredentialType
    public var credentialValue: TTLVItem
    public var unknown: [TTLVItem]

    public init(credentialType: CredentialType, credentialValue: TTLVItem, unknown: [TTLVItem] = []) {
        self.credentialType = credentialType
        self.credentialValue = credentialValue
        self.unknown = unknown
    }

    /// A Username and Password credential.
    public static func usernameAndPassword(_ username: String, password: String?) -> Credential {
        var fields = [TTLVItem(tag: .username, .textString(username))]
        if let password { fields.append(TTLVItem(tag: .password, .textString(password))) }
        return Credential(credentialType: .usernameAndPassword, credentialValue: TTLVItem(tag: .credentialValue, .structure(fields)))
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        credentialType = try reader.required(.credentialType)
        credentialValue = try reader.required(.credentialValue)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.credentialType, credentialType)
        try builder.add(.credentialValue, credentialValue)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// A Nonce (KMIP 1.2 and later): an identifier and a value issued by the server.
public struct Nonce: Hashable, Sendable, TTLVCodable {
    public var nonceID: [UInt8]
    public var nonceValue: [UInt8]

    public init(nonceID: [UInt8], nonceValue: [UInt8]) {
        self.nonceID = nonceID
        self.nonceValue = nonceValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        nonceID = try reader.required(.nonceID)
        nonceValue = try reader.required(.nonceValue)
        try reader.finish()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.nonceID, nonceID)
        try builder.add(.nonceValue, nonceValue)
        return builder.build(tag)
    }
}

/// A Message Extension (KMIP 2.1 section 8.3): vendor content on a batch item.
public struct MessageExtension: Hashable, Sendable, TTLVCodable {
    public var vendorIdentification: String
    public var criticalityIndicator: Bool
    /// The vendor's content, kept as the item.
    public var vendorExtension: TTLVItem

    public init(vendorIdentification: String, criticalityIndicator: Bool, vendorExtension: TTLVItem) {
        self.vendorIdentification = vendorIdentification
        self.criticalityIndicator = criticalityIndicator
        self.vendorExtension = vendorExtension
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        vendorIdentification = try reader.required(.vendorIdentification)
        criticalityIndicator = try reader.required(.criticalityIndicator)
        vendorExtension = try reader.required(.vendorExtension)
        try reader.finish()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.vendorIdentification, vendorIdentification)
        try builder.add(.criticalityIndicator, criticalityIndicator)
        try builder.add(.vendorExtension, vendorExtension)
        return builder.build(tag)
    }
}
