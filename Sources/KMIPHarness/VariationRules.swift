public import KMIPSpec
public import TTLV

/// The OASIS "permitted test case variations" (KMIP Profiles 2.1 section 4.1), as data. Each
/// set says where a response may differ from the recorded one; SPEC-NOTES.md ("Compliance
/// harness") gives the reading behind each.
public enum VariationRules {
    /// Identifiers the server chooses (4.1.1: Unique Identifier, Private/Public Key Unique
    /// Identifier, Linked Object Identifier, Unique Batch Item ID, correlation values). A
    /// literal in the recorded response binds to the server's value on first sight and must
    /// stay the same afterwards; later requests get the server's value.
    public static let serverChosenIdentifiers: Set<Tag> = [
        .uniqueIdentifier, .privateKeyUniqueIdentifier, .publicKeyUniqueIdentifier, .linkedObjectIdentifier,
        .asynchronousCorrelationValue, .serverCorrelationValue, .clientCorrelationValue,
        // A hash of the Unique Identifier (2.1 section 4.56), so as free as it is (TC-IMPEXP-3
        // records one server's as a literal).
        .shortUniqueIdentifier,
    ]

    /// Dates the server sets (4.1.1: Time Stamp, and the date attributes "when not specified
    /// by the request"). A recorded literal or `$NOW±n` accepts any Date-Time close to the
    /// server's clock, unless a request of the same file set that attribute to that value.
    public static let serverDates: Set<Tag> = [
        .timeStamp, .activationDate, .archiveDate, .compromiseDate, .compromiseOccurrenceDate, .deactivationDate,
        .destroyDate, .initialDate, .lastChangeDate, .protectStopDate, .processStartDate,
        .originalCreationDate, .validityDate,
    ]

    /// Values that come from key material the server generated (4.1.1: key material of
    /// server-generated keys, Digest Value of generated objects): free in any response about
    /// a generated object, with the recorded length for Byte Strings other than digests.
    public static let generatedKeyValues: Set<Tag> = [
        .keyMaterial, .digestValue, .modulus, .publicExponent, .privateExponent, .p, .q, .g, .j, .x, .y, .d,
        .primeExponentP, .primeExponentQ, .crtCoefficient, .qString, .recommendedCurve,
    ]

    /// Outputs of cryptographic operations that differ when the key was server-generated or
    /// the operation is not deterministic (4.1.1: Data, Signature Data, MAC Data, IV/Counter/
    /// Nonce; Authenticated Encryption Tag by the same reading).
    public static let cryptographicOutputs: Set<Tag> = [
        .data, .ivCounterNonce, .signatureData, .macData, .authenticatedEncryptionTag,
    ]

    /// Operations whose results name objects with server-generated key material.
    public static let generatingOperations: Set<Operation> = [
        .create, .createKeyPair, .reKey, .reKeyKeyPair, .deriveKey, .createSplitKey,
    ]

    /// Structures whose members may come in any order and may include extra members
    /// (4.1.2: "any order of attributes", "extra attributes in responses", extra Object Group
    /// values, vendor attributes).
    public static let attributeContainers: Set<Tag> = [
        .attributes, .commonAttributes, .privateKeyAttributes, .publicKeyAttributes, .templateAttribute,
        .commonTemplateAttribute, .privateKeyTemplateAttribute, .publicKeyTemplateAttribute,
    ]

    /// Response payloads whose members may come in any order, with extras: Get Attributes and
    /// Get Attribute List (4.1.2), Query (4.1.1: Extensions, Application Namespaces, Object and
    /// Operation types beyond the profile's; Vendor Identification; Server Information).
    public static let unorderedPayloads: Set<Operation> = [.getAttributes, .getAttributeList, .query]

    /// Members a response may add where the recording has none, by the structure that holds
    /// them (4.1.2: non-critical message extensions, server correlation value, Located Items
    /// without Offset Items, extra protocol versions in Discover Versions).
    public static let optionalExtras: [Tag: Set<Tag>] = [
        .responseHeader: [.serverCorrelationValue, .clientCorrelationValue, .messageExtension],
        .batchItem: [.messageExtension],
    ]

    /// Members a response may leave out although the recording has them (4.1.1: Server and
    /// Client Correlation Value vary; a server that does not use them sends none). They are
    /// not compared when present.
    public static let optionalMembers: [Tag: Set<Tag>] = [
        .responseHeader: [.serverCorrelationValue, .clientCorrelationValue],
    ]

    /// Members equal to the value an absent member stands for, which either side may leave
    /// out: a 1.x Attribute Index of 0 (KMIP 1.x 2.1.1: an omitted index is index 0).
    public static let defaultMembers: Set<TTLVItem> = [TTLVItem(tag: .attributeIndex, .integer(0))]

    /// Response payload members a server may add, by operation.
    public static let payloadExtras: [Operation: Set<Tag>] = [
        .locate: [.locatedItems],
        .discoverVersions: [.protocolVersion],
    ]

    /// Members whose presence and content may differ (4.1.2: Result Message), and
    /// Query members whose content is the vendor's (Vendor Identification, Server
    /// Information). They are not compared.
    public static let uncompared: Set<Tag> = [.resultMessage]
    /// Members that must be present but whose contents are the server's (4.1.2: "Random
    /// Number Generator attribute contents").
    public static let serverContents: Set<Tag> = [.randomNumberGenerator]
    public static let uncomparedInQuery: Set<Tag> = [.vendorIdentification, .serverInformation, .extensionInformation, .applicationNamespace]

    /// Requests the client may leave out (4.1.3: "Interop Begin/End requests are optional"):
    /// a message whose batch items are all Interop. The harness does not send them.
    public static func isOptionalRequest(_ request: TTLVItem) -> Bool {
        let items = request.all(.batchItem)
        return !items.isEmpty && items.allSatisfy { $0[.operation]?.value == .enumeration(Operation.interop.rawValue) }
    }
}
