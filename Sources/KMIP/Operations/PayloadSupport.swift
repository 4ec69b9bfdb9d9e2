public import KMIPSpec
public import TTLV

// Payload shapes and checks shared by several operations.

/// A request payload whose only field is an optional Unique Identifier (Activate, Archive,
/// Destroy, Obtain Lease, Recover): the object the operation acts on, or, when omitted, the
/// object in the server's ID Placeholder.
public protocol UniqueIdentifierRequest: RequestPayload {
    /// The object acted on; `nil` for the ID Placeholder.
    var uniqueIdentifier: String? { get }
    /// Fields the model does not know, re-emitted after the known ones.
    var unknown: [TTLVItem] { get set }

    init(uniqueIdentifier: String?)
}

extension UniqueIdentifierRequest {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        self.init(uniqueIdentifier: try reader.optional(.uniqueIdentifier))
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// A response payload whose only field is the Unique Identifier of the object acted on
/// (Activate, Archive, Destroy, Recover, Revoke).
public protocol UniqueIdentifierResponse: ResponsePayload {
    /// The object acted on.
    var uniqueIdentifier: String { get }
    /// Fields the model does not know, re-emitted after the known ones.
    var unknown: [TTLVItem] { get set }

    init(uniqueIdentifier: String)
}

extension UniqueIdentifierResponse {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        self.init(uniqueIdentifier: try reader.required(.uniqueIdentifier))
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// A response payload naming the object the operation made, with the attributes the server
/// set implicitly, which KMIP 1.x returns as a Template-Attribute (Register, Re-key, Derive
/// Key, Certify, Re-certify).
public protocol NewObjectResponse: ResponsePayload {
    /// The new object.
    var uniqueIdentifier: String { get }
    /// KMIP 1.x: attributes the server set implicitly.
    var attributes: Attributes? { get }
    /// Fields the model does not know, re-emitted after the known ones.
    var unknown: [TTLVItem] { get set }

    init(uniqueIdentifier: String, attributes: Attributes?)
}

extension NewObjectResponse {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        self.init(uniqueIdentifier: try reader.required(.uniqueIdentifier), attributes: try reader.attributes(.templateAttribute))
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(attributes: attributes, .templateAttribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// A response payload with no fields, of an operation some versions lack (Interop, Log,
/// Logout: 2.0 and later).
public protocol EmptyResponse: ResponsePayload {
    /// Fields the model does not know, re-emitted.
    var unknown: [TTLVItem] { get set }

    init()
}

extension EmptyResponse {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        self.init()
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.check(operation: Self.operation)
        builder.append(unknown)
        return builder.build(tag)
    }
}

extension StructureBuilder {
    /// Throws `notInVersion` when the spec table says `operation` is not defined in this
    /// version, for payloads of operations that some versions lack (RNG Retrieve before 1.2,
    /// Interop and Log before 2.0).
    func check(operation: Operation) throws(KMIPError) {
        guard let definition = Operation.definition?.value(operation.rawValue), !definition.versions.contains(version) else { return }
        throw KMIPError(.notInVersion, path: [operation.description], reason: "the \(definition.specName) operation is defined in KMIP \(definition.versions), not \(version)")
    }
}
