public import KMIPSpec
public import TTLV

/// Certify (KMIP 2.1 section 6.1.6; 1.x 4.7): a new certificate for a public key, from a
/// certificate request or from the key alone.
///
/// KMIP 1.x carries the request bytes as Certificate Request and the attributes as a
/// Template-Attribute; 2.x as Certificate Request Value and Attributes.
public struct CertifyRequest: RequestPayload {
    public static let operation = Operation.certify

    /// The public key to certify; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    public var certificateRequestType: CertificateRequestType?
    /// The certificate request (for PKCS#10, its DER).
    public var certificateRequestValue: [UInt8]?
    /// Attributes for the new certificate.
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil, certificateRequestType: CertificateRequestType? = nil, certificateRequestValue: [UInt8]? = nil,
                attributes: Attributes? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.certificateRequestType = certificateRequestType
        self.certificateRequestValue = certificateRequestValue
        self.attributes = attributes
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        certificateRequestType = try reader.optional(.certificateRequestType)
        certificateRequestValue = try reader.optional(Self.valueTag(version))
        attributes = try reader.attributes(.templateAttribute)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.certificateRequestType, certificateRequestType)
        try builder.add(Self.valueTag(version), certificateRequestValue)
        try builder.add(attributes: attributes, .templateAttribute)
        builder.append(unknown)
        return builder.build(tag)
    }

    /// The request bytes' tag: Certificate Request in 1.x, Certificate Request Value from 2.0.
    static func valueTag(_ version: KMIPVersion) -> Tag { version < .v2_0 ? .certificateRequest : .certificateRequestValue }
}

/// Re-certify (KMIP 2.1 section 6.1.41; 1.x 4.8): a new certificate replacing one, for the
/// same public key.
public struct ReCertifyRequest: RequestPayload {
    public static let operation = Operation.reCertify

    /// The certificate to replace; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    public var certificateRequestType: CertificateRequestType?
    public var certificateRequestValue: [UInt8]?
    /// The time from the new certificate's Initial Date to its Activation Date.
    public var offset: Interval?
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil, certificateRequestType: CertificateRequestType? = nil, certificateRequestValue: [UInt8]? = nil,
                offset: Interval? = nil, attributes: Attributes? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.certificateRequestType = certificateRequestType
        self.certificateRequestValue = certificateRequestValue
        self.offset = offset
        self.attributes = attributes
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        certificateRequestType = try reader.optional(.certificateRequestType)
        certificateRequestValue = try reader.optional(CertifyRequest.valueTag(version))
        offset = try reader.optional(.offset)
        attributes = try reader.attributes(.templateAttribute)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.certificateRequestType, certificateRequestType)
        try builder.add(CertifyRequest.valueTag(version), certificateRequestValue)
        try builder.add(.offset, offset)
        try builder.add(attributes: attributes, .templateAttribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Certify: the new certificate's identifier.
public struct CertifyResponse: NewObjectResponse {
    public static let operation = Operation.certify

    public var uniqueIdentifier: String
    /// KMIP 1.x: attributes the server set implicitly.
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, attributes: Attributes? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributes = attributes
    }
}

/// The response to Re-certify: the new certificate's identifier.
public struct ReCertifyResponse: NewObjectResponse {
    public static let operation = Operation.reCertify

    public var uniqueIdentifier: String
    /// KMIP 1.x: attributes the server set implicitly.
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, attributes: Attributes? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributes = attributes
    }
}
