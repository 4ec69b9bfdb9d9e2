public import KMIPSpec
public import TTLV

/// Recover (KMIP 2.1 section 6.1.42; 1.x 4.23): brings an archived object back on line.
///
/// The request names the object by Unique Identifier, or omits it for the ID Placeholder.
public struct RecoverRequest: UniqueIdentifierRequest {
    public static let operation = Operation.recover

    /// The object to recover; `nil` for the ID Placeholder.
    public var uniqueIdentifier: String?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}

/// The response to Recover: the Unique Identifier of the object.
public struct RecoverResponse: UniqueIdentifierResponse {
    public static let operation = Operation.recover

    public var uniqueIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}
