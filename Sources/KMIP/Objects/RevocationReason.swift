public import KMIPSpec
public import TTLV

/// Revocation Reason (KMIP 2.1 section 4.47; 1.x 3.31): why an object was revoked. The
/// Revoke request carries it, and the server keeps it as the object's attribute.
public struct RevocationReason: Hashable, Sendable, TTLVCodable {
    public var revocationReasonCode: RevocationReasonCode
    /// Free text for the audit trail ("Laptop stolen").
    public var revocationMessage: String?
    public var unknown: [TTLVItem] = []

    public init(_ revocationReasonCode: RevocationReasonCode, message revocationMessage: String? = nil) {
        self.revocationReasonCode = revocationReasonCode
        self.revocationMessage = revocationMessage
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        revocationReasonCode = try reader.required(.revocationReasonCode)
        revocationMessage = try reader.optional(.revocationMessage)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.revocationReasonCode, revocationReasonCode)
        try builder.add(.revocationMessage, revocationMessage)
        builder.append(unknown)
        return builder.build(tag)
    }
}
