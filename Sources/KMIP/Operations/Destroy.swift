public import KMIPSpec
public import TTLV

/// Destroy (KMIP 2.1 section 6.1.15; 1.x 4.21): destroys the key material of an object, keeping
/// its metadata.
///
/// The request names the object by Unique Identifier, or omits it for the ID Placeholder.
public struct DestroyRequest: UniqueIdentifierRequest {
    public static let operation = Operation.destroy

    /// The object to destroy; `nil` for the ID Placeholder.
    public var uniqueIdentifier: String?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}

/// The response to Destroy: the Unique Identifier of the object.
public struct DestroyResponse: UniqueIdentifierResponse {
    public static let operation = Operation.destroy

    public var uniqueIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}
