public import KMIPSpec
public import TTLV

/// Revoke (KMIP 2.1 section 6.1.44; 1.x 4.20): revokes an object. A Key Compromise or CA
/// Compromise reason moves it to Compromised; any other reason to Deactivated.
public struct RevokeRequest: RequestPayload {
    public static let operation = Operation.revoke

    /// The object to revoke; `nil` for the ID Placeholder.
    public var uniqueIdentifier: String?
    public var revocationReason: RevocationReason
    /// When the compromise happened; only for Key Compromise and CA Compromise.
    public var compromiseOccurrenceDate: DateTime?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil, revocationReason: RevocationReason, compromiseOccurrenceDate: DateTime? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.revocationReason = revocationReason
        self.compromiseOccurrenceDate = compromiseOccurrenceDate
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        revocationReason = try reader.required(.revocationReason)
        compromiseOccurrenceDate = try reader.optional(.compromiseOccurrenceDate)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.revocationReason, revocationReason)
        try builder.add(.compromiseOccurrenceDate, compromiseOccurrenceDate)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Revoke: the Unique Identifier of the object.
public struct RevokeResponse: UniqueIdentifierResponse {
    public static let operation = Operation.revoke

    public var uniqueIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}
