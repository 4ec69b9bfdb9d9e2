public import KMIPSpec
public import TTLV

/// Archive (KMIP 2.1 section 6.1.4; 1.x 4.22): tells the server that it may archive an object.
///
/// The request names the object by Unique Identifier, or omits it for the ID Placeholder.
public struct ArchiveRequest: UniqueIdentifierRequest {
    public static let operation = Operation.archive

    /// The object to archive; `nil` for the ID Placeholder.
    public var uniqueIdentifier: String?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}

/// The response to Archive: the Unique Identifier of the object.
public struct ArchiveResponse: UniqueIdentifierResponse {
    public static let operation = Operation.archive

    public var uniqueIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}
