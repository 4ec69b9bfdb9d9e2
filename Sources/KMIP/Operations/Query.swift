public import KMIPSpec
public import TTLV

/// Query (KMIP 2.1 section 6.1.40, and 6.2.4 server to client; 1.x 4.25): asks what the
/// server supports, one Query Function per kind of information.
public struct QueryRequest: RequestPayload {
    public static let operation = Operation.query

    /// What to report (Query Operations, Query Objects, ...); at least one.
    public var queryFunctions: [QueryFunction]
    /// KMIP 2.1 and later: the Object Groups the query is about. Kept as an item: the
    /// Object Groups structure (2.1 7.23) is shared with Object Defaults and Rights.
    public var objectGroups: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(queryFunctions: [QueryFunction], objectGroups: TTLVItem? = nil) {
        self.queryFunctions = queryFunctions
        self.objectGroups = objectGroups
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        queryFunctions = try reader.repeated(.queryFunction)
        objectGroups = try reader.optional(.objectGroups)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.queryFunction, queryFunctions)
        try builder.add(.objectGroups, objectGroups)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Query: for each Query Function asked, the matching fields; empty when
/// there is nothing to report.
///
/// Fields arrived by version: Extension Information in 1.1, Attestation Type in 1.2, RNG
/// Parameters through Client Registration Method in 1.3, Defaults Information and
/// Protection Storage Masks in 2.0.
public struct QueryResponse: ResponsePayload {
    public static let operation = Operation.query

    public var operations: [Operation]
    public var objectTypes: [ObjectType]
    /// Returned for Query Server Information.
    public var vendorIdentification: String?
    public var serverInformation: ServerInformation?
    public var applicationNamespaces: [String]
    public var extensionInformation: [ExtensionInformation]
    public var attestationTypes: [AttestationType]
    public var rngParameters: [RNGParameters]
    public var profileInformation: [ProfileInformation]
    public var validationInformation: [ValidationInformation]
    public var capabilityInformation: [CapabilityInformation]
    public var clientRegistrationMethods: [ClientRegistrationMethod]
    /// KMIP 2.0 and later: the server's Object Defaults. Kept as an item: rarely returned,
    /// and Object Defaults (2.1 7.22, Object Type or Object Types plus Attributes) belongs
    /// with Set Defaults.
    public var defaultsInformation: TTLVItem?
    /// KMIP 2.0 and later: the Protection Storage Mask values the server supports, kept as
    /// an item as in `CreateRequest`. The tables mark it required, but servers answering
    /// other Query Functions leave it out (see the OASIS 2.0 and 2.1 test cases).
    public var protectionStorageMasks: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(
        operations: [Operation] = [], objectTypes: [ObjectType] = [], vendorIdentification: String? = nil,
        serverInformation: ServerInformation? = nil, applicationNamespaces: [String] = [],
        extensionInformation: [ExtensionInformation] = [], attestationTypes: [AttestationType] = [],
        rngParameters: [RNGParameters] = [], profileInformation: [ProfileInformation] = [],
        validationInformation: [ValidationInformation] = [], capabilityInformation: [CapabilityInformation] = [],
        clientRegistrationMethods: [ClientRegistrationMethod] = [], defaultsInformation: TTLVItem? = nil,
        protectionStorageMasks: TTLVItem? = nil
    ) {
        self.operations = operations
        self.objectTypes = objectTypes
        self.vendorIdentification = vendorIdentification
        self.serverInformation = serverInformation
        self.applicationNamespaces = applicationNamespaces
        self.extensionInformation = extensionInformation
        self.attestationTypes = attestationTypes
        self.rngParameters = rngParameters
        self.profileInformation = profileInformation
        self.validationInformation = validationInformation
        self.capabilityInformation = capabilityInformation
        self.clientRegistrationMethods = clientRegistrationMethods
        self.defaultsInformation = defaultsInformation
        self.protectionStorageMasks = protectionStorageMasks
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        operations = try reader.repeated(.operation)
        objectTypes = try reader.repeated(.objectType)
        vendorIdentification = try reader.optional(.vendorIdentification)
        serverInformation = try reader.optional(.serverInformation)
        applicationNamespaces = try reader.repeated(.applicationNamespace)
        extensionInformation = try reader.repeated(.extensionInformation)
        attestationTypes = try reader.repeated(.attestationType)
        rngParameters = try reader.repeated(.rngParameters)
        profileInformation = try reader.repeated(.profileInformation)
        validationInformation = try reader.repeated(.validationInformation)
        capabilityInformation = try reader.repeated(.capabilityInformation)
        clientRegistrationMethods = try reader.repeated(.clientRegistrationMethod)
        defaultsInformation = try reader.optional(.defaultsInformation)
        protectionStorageMasks = try reader.optional(.protectionStorageMasks)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.operation, operations)
        try builder.add(.objectType, objectTypes)
        try builder.add(.vendorIdentification, vendorIdentification)
        try builder.add(.serverInformation, serverInformation)
        try builder.add(.applicationNamespace, applicationNamespaces)
        try builder.add(.extensionInformation, extensionInformation)
        try builder.add(.attestationType, attestationTypes)
        try builder.add(.rngParameters, rngParameters)
        try builder.add(.profileInformation, profileInformation)
        try builder.add(.validationInformation, validationInformation)
        try builder.add(.capabilityInformation, capabilityInformation)
        try builder.add(.clientRegistrationMethod, clientRegistrationMethods)
        try builder.add(.defaultsInformation, defaultsInformation)
        try builder.add(.protectionStorageMasks, protectionStorageMasks)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Server Information (KMIP 2.1 section 7.37): facts about the server. KMIP 1.x defines no
/// fields, only vendor-specific content; the named fields arrived in 2.0. Vendor-specific
/// items are kept in `unknown`, after the named fields as the table orders them.
public struct ServerInformation: Hashable, Sendable, TTLVCodable {
    public var serverName: String?
    public var serverSerialNumber: String?
    public var serverVersion: String?
    public var serverLoad: String?
    public var productName: String?
    public var buildLevel: String?
    public var buildDate: String?
    public var clusterInfo: String?
    public var alternateFailoverEndpoints: [String]
    /// Vendor-specific items, and any field the model does not know.
    public var unknown: [TTLVItem] = []

    /// `vendorSpecific` items go to `unknown`, written after the named fields.
    public init(
        serverName: String? = nil, serverSerialNumber: String? = nil, serverVersion: String? = nil,
        serverLoad: String? = nil, productName: String? = nil, buildLevel: String? = nil, buildDate: String? = nil,
        clusterInfo: String? = nil, alternateFailoverEndpoints: [String] = [], vendorSpecific: [TTLVItem] = []
    ) {
        self.serverName = serverName
        self.serverSerialNumber = serverSerialNumber
        self.serverVersion = serverVersion
        self.serverLoad = serverLoad
        self.productName = productName
        self.buildLevel = buildLevel
        self.buildDate = buildDate
        self.clusterInfo = clusterInfo
        self.alternateFailoverEndpoints = alternateFailoverEndpoints
        self.unknown = vendorSpecific
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        serverName = try reader.optional(.serverName)
        serverSerialNumber = try reader.optional(.serverSerialNumber)
        serverVersion = try reader.optional(.serverVersion)
        serverLoad = try reader.optional(.serverLoad)
        productName = try reader.optional(.productName)
        buildLevel = try reader.optional(.buildLevel)
        buildDate = try reader.optional(.buildDate)
        clusterInfo = try reader.optional(.clusterInfo)
        alternateFailoverEndpoints = try reader.repeated(.alternateFailoverEndpoints)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.serverName, serverName)
        try builder.add(.serverSerialNumber, serverSerialNumber)
        try builder.add(.serverVersion, serverVersion)
        try builder.add(.serverLoad, serverLoad)
        try builder.add(.productName, productName)
        try builder.add(.buildLevel, buildLevel)
        try builder.add(.buildDate, buildDate)
        try builder.add(.clusterInfo, clusterInfo)
        try builder.add(.alternateFailoverEndpoints, alternateFailoverEndpoints)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Extension Information (KMIP 2.1 section 7.13; 1.x 2.1.9, since 1.1): one item tag in the
/// extension range that the server supports. Extension Type is an Integer in 1.x and an
/// Item Type enumeration in 2.x; the fields after it arrived in 2.0.
public struct ExtensionInformation: Hashable, Sendable, TTLVCodable {
    public var extensionName: String
    /// The tag value (`0x540000` and up).
    public var extensionTag: Int32?
    public var extensionType: ItemTypeEnumeration?
    public var extensionEnumeration: Int32?
    public var extensionAttribute: Bool?
    public var extensionParentStructureTag: Int32?
    public var extensionDescription: String?
    public var unknown: [TTLVItem] = []

    public init(
        extensionName: String, extensionTag: Int32? = nil, extensionType: ItemTypeEnumeration? = nil,
        extensionEnumeration: Int32? = nil, extensionAttribute: Bool? = nil, extensionParentStructureTag: Int32? = nil,
        extensionDescription: String? = nil
    ) {
        self.extensionName = extensionName
        self.extensionTag = extensionTag
        self.extensionType = extensionType
        self.extensionEnumeration = extensionEnumeration
        self.extensionAttribute = extensionAttribute
        self.extensionParentStructureTag = extensionParentStructureTag
        self.extensionDescription = extensionDescription
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        extensionName = try reader.required(.extensionName)
        extensionTag = try reader.optional(.extensionTag)
        if let typeItem: TTLVItem = try reader.optional(.extensionType) {
            switch typeItem.value {
            case .integer(let value): extensionType = ItemTypeEnumeration(rawValue: UInt32(bitPattern: value))
            case .enumeration(let value): extensionType = ItemTypeEnumeration(rawValue: value)
            default: throw typeItem.wrongType(expected: .integer, .enumeration).inside(item.tag)
            }
        }
        extensionEnumeration = try reader.optional(.extensionEnumeration)
        extensionAttribute = try reader.optional(.extensionAttribute)
        extensionParentStructureTag = try reader.optional(.extensionParentStructureTag)
        extensionDescription = try reader.optional(.extensionDescription)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.extensionName, extensionName)
        try builder.add(.extensionTag, extensionTag)
        if version < .v2_0 {
            try builder.add(.extensionType, extensionType.map { Int32(bitPattern: $0.rawValue) })
        } else {
            try builder.add(.extensionType, extensionType)
        }
        try builder.add(.extensionEnumeration, extensionEnumeration)
        try builder.add(.extensionAttribute, extensionAttribute)
        try builder.add(.extensionParentStructureTag, extensionParentStructureTag)
        try builder.add(.extensionDescription, extensionDescription)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// RNG Parameters (KMIP 2.1 section 7.36; 1.x 2.1.18, since 1.3): one random number
/// generator of the server; RNG Algorithm Unspecified when the server does not say.
public struct RNGParameters: Hashable, Sendable, TTLVCodable {
    public var rngAlgorithm: RNGAlgorithm
    public var cryptographicAlgorithm: CryptographicAlgorithm?
    public var cryptographicLength: Int32?
    public var hashingAlgorithm: HashingAlgorithm?
    public var drbgAlgorithm: DRBGAlgorithm?
    public var recommendedCurve: RecommendedCurve?
    public var fips186Variation: FIPS186Variation?
    public var predictionResistance: Bool?
    public var unknown: [TTLVItem] = []

    public init(
        rngAlgorithm: RNGAlgorithm, cryptographicAlgorithm: CryptographicAlgorithm? = nil, cryptographicLength: Int32? = nil,
        hashingAlgorithm: HashingAlgorithm? = nil, drbgAlgorithm: DRBGAlgorithm? = nil, recommendedCurve: RecommendedCurve? = nil,
        fips186Variation: FIPS186Variation? = nil, predictionResistance: Bool? = nil
    ) {
        self.rngAlgorithm = rngAlgorithm
        self.cryptographicAlgorithm = cryptographicAlgorithm
        self.cryptographicLength = cryptographicLength
        self.hashingAlgorithm = hashingAlgorithm
        self.drbgAlgorithm = drbgAlgorithm
        self.recommendedCurve = recommendedCurve
        self.fips186Variation = fips186Variation
        self.predictionResistance = predictionResistance
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        rngAlgorithm = try reader.required(.rngAlgorithm)
        cryptographicAlgorithm = try reader.optional(.cryptographicAlgorithm)
        cryptographicLength = try reader.optional(.cryptographicLength)
        hashingAlgorithm = try reader.optional(.hashingAlgorithm)
        drbgAlgorithm = try reader.optional(.drbgAlgorithm)
        recommendedCurve = try reader.optional(.recommendedCurve)
        fips186Variation = try reader.optional(.fips186Variation)
        predictionResistance = try reader.optional(.predictionResistance)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.rngAlgorithm, rngAlgorithm)
        try builder.add(.cryptographicAlgorithm, cryptographicAlgorithm)
        try builder.add(.cryptographicLength, cryptographicLength)
        try builder.add(.hashingAlgorithm, hashingAlgorithm)
        try builder.add(.drbgAlgorithm, drbgAlgorithm)
        try builder.add(.recommendedCurve, recommendedCurve)
        try builder.add(.fips186Variation, fips186Variation)
        try builder.add(.predictionResistance, predictionResistance)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Profile Information (KMIP 2.1 section 7.31; 1.x 2.1.19, since 1.3): a profile the server
/// supports, and where. Profile Version arrived in 2.0.
public struct ProfileInformation: Hashable, Sendable, TTLVCodable {
    public var profileName: ProfileName
    public var profileVersion: ProfileVersion?
    public var serverURI: String?
    public var serverPort: Int32?
    public var unknown: [TTLVItem] = []

    public init(profileName: ProfileName, profileVersion: ProfileVersion? = nil, serverURI: String? = nil, serverPort: Int32? = nil) {
        self.profileName = profileName
        self.profileVersion = profileVersion
        self.serverURI = serverURI
        self.serverPort = serverPort
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        profileName = try reader.required(.profileName)
        profileVersion = try reader.optional(.profileVersion)
        serverURI = try reader.optional(.serverURI)
        serverPort = try reader.optional(.serverPort)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.profileName, profileName)
        try builder.add(.profileVersion, profileVersion)
        try builder.add(.serverURI, serverURI)
        try builder.add(.serverPort, serverPort)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Profile Version (KMIP 2.1 section 7.32, since 2.0): a profile's major and minor version.
public struct ProfileVersion: Hashable, Sendable, TTLVCodable {
    public var major: Int32
    public var minor: Int32

    public init(_ major: Int32, _ minor: Int32) {
        self.major = major
        self.minor = minor
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        major = try reader.required(.profileVersionMajor)
        minor = try reader.required(.profileVersionMinor)
        try reader.finish()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.profileVersionMajor, major)
        try builder.add(.profileVersionMinor, minor)
        return builder.build(tag)
    }
}

/// Validation Information (KMIP 2.1 section 7.41; 1.x 2.1.20, since 1.3): a formal
/// validation the server claims, such as a FIPS 140 certificate.
public struct ValidationInformation: Hashable, Sendable, TTLVCodable {
    public var validationAuthorityType: ValidationAuthorityType
    /// Two-letter ISO country code.
    public var validationAuthorityCountry: String?
    public var validationAuthorityURI: String?
    public var validationVersionMajor: Int32
    public var validationVersionMinor: Int32?
    public var validationType: ValidationType
    public var validationLevel: Int32
    public var validationCertificateIdentifier: String?
    public var validationCertificateURI: String?
    public var validationVendorURI: String?
    public var validationProfiles: [String]
    public var unknown: [TTLVItem] = []

    public init(
        validationAuthorityType: ValidationAuthorityType, validationAuthorityCountry: String? = nil,
        validationAuthorityURI: String? = nil, validationVersionMajor: Int32, validationVersionMinor: Int32? = nil,
        validationType: ValidationType, validationLevel: Int32, validationCertificateIdentifier: String? = nil,
        validationCertificateURI: String? = nil, validationVendorURI: String? = nil, validationProfiles: [String] = []
    ) {
        self.validationAuthorityType = validationAuthorityType
        self.validationAuthorityCountry = validationAuthorityCountry
        self.validationAuthorityURI = validationAuthorityURI
        self.validationVersionMajor = validationVersionMajor
        self.validationVersionMinor = validationVersionMinor
        self.validationType = validationType
        self.validationLevel = validationLevel
        self.validationCertificateIdentifier = validationCertificateIdentifier
        self.validationCertificateURI = validationCertificateURI
        self.validationVendorURI = validationVendorURI
        self.validationProfiles = validationProfiles
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        validationAuthorityType = try reader.required(.validationAuthorityType)
        validationAuthorityCountry = try reader.optional(.validationAuthorityCountry)
        validationAuthorityURI = try reader.optional(.validationAuthorityURI)
        validationVersionMajor = try reader.required(.validationVersionMajor)
        validationVersionMinor = try reader.optional(.validationVersionMinor)
        validationType = try reader.required(.validationType)
        validationLevel = try reader.required(.validationLevel)
        validationCertificateIdentifier = try reader.optional(.validationCertificateIdentifier)
        validationCertificateURI = try reader.optional(.validationCertificateURI)
        validationVendorURI = try reader.optional(.validationVendorURI)
        validationProfiles = try reader.repeated(.validationProfile)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.validationAuthorityType, validationAuthorityType)
        try builder.add(.validationAuthorityCountry, validationAuthorityCountry)
        try builder.add(.validationAuthorityURI, validationAuthorityURI)
        try builder.add(.validationVersionMajor, validationVersionMajor)
        try builder.add(.validationVersionMinor, validationVersionMinor)
        try builder.add(.validationType, validationType)
        try builder.add(.validationLevel, validationLevel)
        try builder.add(.validationCertificateIdentifier, validationCertificateIdentifier)
        try builder.add(.validationCertificateURI, validationCertificateURI)
        try builder.add(.validationVendorURI, validationVendorURI)
        try builder.add(.validationProfile, validationProfiles)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Capability Information (KMIP 2.1 section 7.5; 1.x 2.1.21, since 1.3): what the server
/// can do. Batch Undo and Batch Continue Capability arrived in 1.4, Quantum Safe Capability
/// in 2.0.
public struct CapabilityInformation: Hashable, Sendable, TTLVCodable {
    public var streamingCapability: Bool?
    public var asynchronousCapability: Bool?
    public var attestationCapability: Bool?
    public var batchUndoCapability: Bool?
    public var batchContinueCapability: Bool?
    public var unwrapMode: UnwrapMode?
    public var destroyAction: DestroyAction?
    public var shreddingAlgorithm: ShreddingAlgorithm?
    public var rngMode: RNGMode?
    public var quantumSafeCapability: Bool?
    public var unknown: [TTLVItem] = []

    public init(
        streamingCapability: Bool? = nil, asynchronousCapability: Bool? = nil, attestationCapability: Bool? = nil,
        batchUndoCapability: Bool? = nil, batchContinueCapability: Bool? = nil, unwrapMode: UnwrapMode? = nil,
        destroyAction: DestroyAction? = nil, shreddingAlgorithm: ShreddingAlgorithm? = nil, rngMode: RNGMode? = nil,
        quantumSafeCapability: Bool? = nil
    ) {
        self.streamingCapability = streamingCapability
        self.asynchronousCapability = asynchronousCapability
        self.attestationCapability = attestationCapability
        self.batchUndoCapability = batchUndoCapability
        self.batchContinueCapability = batchContinueCapability
        self.unwrapMode = unwrapMode
        self.destroyAction = destroyAction
        self.shreddingAlgorithm = shreddingAlgorithm
        self.rngMode = rngMode
        self.quantumSafeCapability = quantumSafeCapability
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        streamingCapability = try reader.optional(.streamingCapability)
        asynchronousCapability = try reader.optional(.asynchronousCapability)
        attestationCapability = try reader.optional(.attestationCapability)
        batchUndoCapability = try reader.optional(.batchUndoCapability)
        batchContinueCapability = try reader.optional(.batchContinueCapability)
        unwrapMode = try reader.optional(.unwrapMode)
        destroyAction = try reader.optional(.destroyAction)
        shreddingAlgorithm = try reader.optional(.shreddingAlgorithm)
        rngMode = try reader.optional(.rngMode)
        quantumSafeCapability = try reader.optional(.quantumSafeCapability)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.streamingCapability, streamingCapability)
        try builder.add(.asynchronousCapability, asynchronousCapability)
        try builder.add(.attestationCapability, attestationCapability)
        try builder.add(.batchUndoCapability, batchUndoCapability)
        try builder.add(.batchContinueCapability, batchContinueCapability)
        try builder.add(.unwrapMode, unwrapMode)
        try builder.add(.destroyAction, destroyAction)
        try builder.add(.shreddingAlgorithm, shreddingAlgorithm)
        try builder.add(.rngMode, rngMode)
        try builder.add(.quantumSafeCapability, quantumSafeCapability)
        builder.append(unknown)
        return builder.build(tag)
    }
}
