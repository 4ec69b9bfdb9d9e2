public import KMIPSpec
public import TTLV

/// Activate (KMIP 2.1 section 6.1.1; 1.x 4.19): moves a Pre-Active object to Active and sets
/// its Activation Date.
///
/// The request names the object by Unique Identifier, or omits it for the ID Placeholder.
public struct ActivateRequest: UniqueIdentifierRequest {
    public static let operation = Operation.activate

    /// The object to activate; `nil` for the ID Placeholder.
    public var uniqueIdentifier: String?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}

/// The response to Activate: the Unique Identifier of the object.
public struct ActivateResponse: UniqueIdentifierResponse {
    public static let operation = Operation.activate

    public var uniqueIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}
